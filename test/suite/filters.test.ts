import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelArtsPoolsApi } from '../../src/extension';
import { FilterController } from '../../src/filters/filterController';
import type { Pool } from '../../src/modelarts/types';
import { labelInput } from '../../src/pools/labelSuggest';
import type { PoolSnapshot } from '../../src/pools/store';
import type { TreeNode } from '../../src/tree/nodes';
import type { RawPool } from './helpers';
import {
  activeLabels,
  api,
  closeQuickInputs,
  collectErrors,
  collectMessages,
  displayNameOf,
  openSamples,
  poolNameOf,
  rawSamplePools,
  requestLog,
  storeState,
  waitFor,
  waitForQuickInput,
  waitForQuickPick,
  walkTree,
} from './helpers';
import { pointAt, resetLive, startServer, useEnvKeys } from './live';

const FAILING = ['Abnormal', 'Error', 'CreationFailed', 'ScalingFailed'];

function run(command: string, ...args: unknown[]): Promise<{ result: unknown; errors: string[] }> {
  return collectErrors(() => vscode.commands.executeCommand(command, ...args));
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

/** Names on the path from the top to this pool, from the raw sample (not the extension's code). */
function ancestors(raw: RawPool[], name: string): string[] {
  const byName = new Map(raw.map((p) => [p.metadata.name, p]));
  const out: string[] = [];
  for (let p = byName.get(name)?.status?.parent; p && byName.has(p); p = byName.get(p)?.status?.parent) out.push(p);
  return out;
}

/**
 * Records the warnings the extension shows while `fn` runs, answering each with `answer`.
 * No wait after: FailureWatch hears store.set synchronously and asks for its warning before its first await.
 */
async function collectWarnings(fn: () => unknown, answer?: string): Promise<string[]> {
  const { messages } = await collectMessages('showWarningMessage', fn, answer);
  return messages;
}

/** A copy of a snapshot with some pools changed, as a refresh of the same source would bring. */
function refreshed(s: PoolSnapshot, change: (p: Pool) => Pool | undefined): PoolSnapshot {
  const pools: Pool[] = [];
  for (const p of s.pools) {
    const next = change(JSON.parse(JSON.stringify(p)) as Pool);
    if (next) pools.push(next);
  }
  return { ...s, pools, loadedAt: s.loadedAt + 1 };
}

describe('Filters and live refresh', () => {
  let a: ModelArtsPoolsApi;
  const raw = rawSamplePools();

  before(async () => {
    a = await api();
    await openSamples(a);
    await a.filters.clear();
  });

  afterEach(async () => {
    await closeQuickInputs(a);
    await a.filters.clear();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('modelarts');
    for (const key of ['autoRefreshSeconds', 'notifyOnFailure']) {
      if (config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await openSamples(a);
  });

  describe('filters', () => {
    it('Filter by Status shows the matching pools and keeps their ancestors, marked as context', async () => {
      const { errors } = await run('modelarts.filterByStatus', ['Error', 'Abnormal']);
      assert.deepEqual(errors, []);
      const matching = raw.filter((p) => ['Error', 'Abnormal'].includes(p.status?.phase ?? '')).map((p) => p.metadata.name);
      const context = new Set(matching.flatMap((n) => ancestors(raw, n)).filter((n) => !matching.includes(n)));
      const rows = await walkTree(a);
      const shown = rows.map((r) => poolNameOf(r.node)!);
      assert.deepEqual([...shown].sort(), [...matching, ...context].sort(), 'matching pools and their ancestors, nothing else');
      for (const r of rows) {
        const name = poolNameOf(r.node)!;
        const item = a.tree.getTreeItem(r.node);
        const isContext = context.has(name);
        assert.equal(/\bfilterContext\b/.test(item.contextValue ?? ''), isContext, `${name} context token`);
        assert.equal(String(item.description ?? '').includes('(context)'), isContext, `${name} says "(context)"`);
      }
      assert.equal(a.view.description, 'Sample pools · status: Abnormal, Error');
      assert.equal(a.view.message, 'Sample pools · status: Abnormal, Error', 'the filter heads the tree, visible with no view header');
      assert.deepEqual(a.filters.persisted, { phases: ['Abnormal', 'Error'] }, 'kept in workspace state');
    });

    it('Filter by Status rejects an unknown phase and changes nothing', async () => {
      await run('modelarts.filterByStatus', ['Error']);
      const { errors } = await run('modelarts.filterByStatus', ['Broken']);
      assert.equal(errors.length, 1);
      assert.match(errors[0], /Unknown phase "Broken"/);
      assert.deepEqual(a.filters.current, { phases: ['Error'] });
    });

    it('Filter by Status opens with the current phases picked; accepting keeps them', async () => {
      await run('modelarts.filterByStatus', ['Waiting']);
      const pending = run('modelarts.filterByStatus');
      const pick = await waitForQuickPick(a, 'Filter by Status');
      assert.deepEqual(pick.selectedItems.map((i) => i.label), ['Waiting'], 'opens with the current phase picked');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const { errors } = await pending;
      assert.deepEqual(errors, []);
      assert.deepEqual(a.filters.current, { phases: ['Waiting'] });
    });

    it('Filter by Label applies a valid selector and answers an invalid one with what and where, applying nothing', async () => {
      let r = await run('modelarts.filterByLabel', 'os.modelarts/sharing = unshared');
      assert.deepEqual(r.errors, []);
      const unshared = raw.filter((p) => p.metadata.labels?.['os.modelarts/sharing'] === 'unshared').map((p) => p.metadata.name);
      const matched = a.tree.filterOutcome?.matched;
      assert.deepEqual([...(matched ?? [])].sort(), [...unshared].sort());
      assert.equal(a.view.description, 'Sample pools · label: os.modelarts/sharing=unshared');

      r = await run('modelarts.filterByLabel', 'os.modelarts/sharing in (shared');
      assert.deepEqual(r.errors, ['Invalid label selector: Unclosed "(" opened at column 25.']);
      assert.equal(a.filters.current.labelSelector, 'os.modelarts/sharing = unshared', 'the invalid selector was not applied');
    });

    it('Filter by Label offers the labels of the data: choosing the first suggestion applies it', async () => {
      const expected = labelInput(a.store.snapshot!.pools, '').suggestions[0].selector;
      const pending = run('modelarts.filterByLabel');
      const pick = await waitForQuickPick(a, 'Filter by Label');
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      // The window tells the extension which item is active: accept only once it names the suggestion.
      await waitFor(`the suggestion "${expected}" active`, () => pick.activeItems[0]?.label === expected, 10000, () => activeLabels(pick));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const { errors } = await pending;
      assert.deepEqual(errors, []);
      assert.equal(a.filters.current.labelSelector, expected);
    });

    it('Filter by Name matches display names and IDs, in any case', async () => {
      const cv = raw.filter((p) => displayNameOf(p).toLowerCase().includes('cv-'));
      assert.ok(cv.length >= 2);
      await run('modelarts.filterByName', 'CV-');
      assert.deepEqual([...(a.tree.filterOutcome?.matched ?? [])].sort(), cv.map((p) => p.metadata.name).sort());
      const id = raw[5].metadata.name;
      await run('modelarts.filterByName', id.slice(5, 20).toUpperCase());
      assert.deepEqual([...(a.tree.filterOutcome?.matched ?? [])], [id]);
    });

    it('Filter by Name can be cancelled, keeping the filter it started with', async () => {
      await run('modelarts.filterByName', 'llm');
      const pending = run('modelarts.filterByName');
      await waitForQuickInput(a, 'Filter by Name');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const { errors } = await pending;
      assert.deepEqual(errors, []);
      assert.deepEqual(a.filters.current, { name: 'llm' });
    });

    it('says when the filter hides every pool, with a row that clears it', async () => {
      await run('modelarts.filterByName', 'no pool is called this');
      const top = await a.tree.getChildren();
      assert.equal(top.filter((n) => poolNameOf(n) !== undefined).length, 0);
      const item = a.tree.getTreeItem(top[0]);
      assert.equal(label(item), 'No pools match the filter');
      assert.equal(item.command?.command, 'modelarts.clearFilters');
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      await waitFor('the filter cleared', () => !a.filters.active);
      assert.equal((await walkTree(a)).length, raw.length);
      assert.equal(a.view.description, 'Sample pools');
      assert.equal(a.view.message, 'Sample pools');
    });

    it('Show Only This Pool\'s Children shows a pool\'s direct children under it', async () => {
      const parent = raw.find((p) => raw.filter((c) => c.status?.parent === p.metadata.name).length >= 2)!;
      const children = raw.filter((c) => c.status?.parent === parent.metadata.name).map((c) => c.metadata.name);
      const node = a.tree.findPool(parent.metadata.name)!;
      assert.match(a.tree.getTreeItem(node).contextValue ?? '', /\bhasChildren\b/, 'the menu shows on pools with children');
      const { errors } = await run('modelarts.showChildren', node);
      assert.deepEqual(errors, []);
      const rows = await walkTree(a);
      const shown = rows.map((r) => poolNameOf(r.node)!);
      assert.deepEqual([...shown].sort(), [...children, parent.metadata.name, ...ancestors(raw, parent.metadata.name)].sort());
      for (const c of children) {
        const row = rows.find((r) => poolNameOf(r.node) === c)!;
        assert.equal(poolNameOf(row.parent!), parent.metadata.name);
      }
      assert.equal(a.view.description, `Sample pools · children of: ${displayNameOf(parent)}`);
    });

    it('Clear Filters shows every pool again', async () => {
      await run('modelarts.filterByStatus', ['Error']);
      await run('modelarts.filterByName', 'x');
      const { errors } = await run('modelarts.clearFilters');
      assert.deepEqual(errors, []);
      assert.equal(a.filters.active, false);
      assert.deepEqual(a.filters.persisted, {});
      assert.equal((await walkTree(a)).length, raw.length);
    });

    it('persists the filter per workspace: a new session restores it', async () => {
      const memory = new Map<string, unknown>();
      const state: vscode.Memento = {
        keys: () => [...memory.keys()],
        get: <T>(key: string, fallback?: T) => (memory.has(key) ? (memory.get(key) as T) : fallback),
        update: async (key: string, value: unknown) => {
          if (value === undefined) memory.delete(key);
          else memory.set(key, value);
        },
      };
      const log = vscode.window.createOutputChannel('ModelArts filter test', { log: true });
      try {
        const first = new FilterController({ state, store: a.store, log });
        await first.set({ phases: ['Error'], labelSelector: 'os.modelarts/sharing=shared', name: 'gpu' });
        first.dispose();
        assert.deepEqual(JSON.parse(JSON.stringify(memory.get('modelarts.filter'))), {
          phases: ['Error'],
          labelSelector: 'os.modelarts/sharing=shared',
          name: 'gpu',
        });
        const second = new FilterController({ state, store: a.store, log });
        assert.deepEqual(second.current, { phases: ['Error'], labelSelector: 'os.modelarts/sharing=shared', name: 'gpu' });
        second.dispose();
      } finally {
        log.dispose();
        await vscode.commands.executeCommand('setContext', 'modelarts.filtered', a.filters.active);
      }
    });
  });

  describe('live refresh', () => {
    it('updates only the changed pool in place on a refresh of the same pools', async () => {
      await openSamples(a);
      await walkTree(a); // makes every row
      const target = raw.find((p) => p.status?.parent && p.status.phase === 'Running')!.metadata.name;
      const before = a.tree.findPool(target)!;
      const events: (TreeNode | TreeNode[] | undefined)[] = [];
      const sub = a.tree.onDidChangeTreeData((e) => events.push(e));
      try {
        a.store.set(refreshed(a.store.snapshot!, (p) => (p.metadata.name === target ? { ...p, status: { ...p.status, phase: 'Waiting' } } : p)));
        assert.deepEqual(a.tree.lastPlan, { kind: 'update', changed: [target] });
        assert.equal(events.length, 1);
        assert.ok(Array.isArray(events[0]));
        assert.deepEqual(events[0], [before], 'one event naming only the changed row');
        assert.equal(a.tree.findPool(target), before, 'the row object is kept');
        assert.equal(iconId(a.tree.getTreeItem(before)), 'clock', 'and shows the new phase');

        events.length = 0;
        a.store.set(refreshed(a.store.snapshot!, (p) => p));
        assert.deepEqual(events, [], 'nothing changed: no event');

        a.store.set(refreshed(a.store.snapshot!, (p) => (p.metadata.name === target ? undefined : p)));
        assert.deepEqual(events, [undefined], 'a pool gone: the tree is rebuilt');
        assert.equal(a.tree.lastPlan?.kind, 'rebuild');
      } finally {
        sub.dispose();
        await openSamples(a);
      }
    });

    it('badges the view with the pools in a failing phase', async () => {
      await openSamples(a);
      const failing = raw.filter((p) => FAILING.includes(p.status?.phase ?? '')).length;
      assert.ok(failing > 0);
      assert.equal(a.view.badge?.value, failing);
      assert.match(a.view.badge?.tooltip ?? '', new RegExp(`^${failing} pools failing: `));
    });

    it('notifies when a refresh finds a pool newly failing, and not on the first load or when turned off', async () => {
      await openSamples(a);
      const target = raw.find((p) => p.status?.phase === 'Running' && p.metadata.labels?.['os.modelarts/name'])!;
      const broken = (p: Pool) => (p.metadata.name === target.metadata.name ? { ...p, status: { ...p.status, phase: 'Error' } } : p);
      const found: string[][] = [];
      const sub = a.failures.onDidFindFailures((pools) => found.push(pools.map((p) => p.metadata.name)));
      try {
        let warnings = await collectWarnings(() => a.store.set(refreshed(a.store.snapshot!, broken)));
        assert.deepEqual(warnings, [`Pool "${displayNameOf(target)}" is now Error.`]);
        assert.deepEqual(found, [[target.metadata.name]]);
        const failing = raw.filter((p) => FAILING.includes(p.status?.phase ?? '')).length;
        assert.equal(a.view.badge?.value, failing + 1);

        // Still failing on the next refresh: no news.
        warnings = await collectWarnings(() => a.store.set(refreshed(a.store.snapshot!, (p) => p)));
        assert.deepEqual(warnings, []);

        // The first load of a source is never news, even with failing pools.
        warnings = await collectWarnings(() => openSamples(a));
        assert.deepEqual(warnings, []);

        // Turned off: nothing shown (the log still says it).
        await vscode.workspace.getConfiguration('modelarts').update('notifyOnFailure', false, vscode.ConfigurationTarget.Workspace);
        warnings = await collectWarnings(() => a.store.set(refreshed(a.store.snapshot!, broken)));
        assert.deepEqual(warnings, []);
        assert.equal(found.length, 2);
      } finally {
        sub.dispose();
        await vscode.workspace.getConfiguration('modelarts').update('notifyOnFailure', undefined, vscode.ConfigurationTarget.Workspace);
        await openSamples(a);
      }
    });

    it('auto-refreshes at the interval set, at least 10 seconds, without re-rendering unchanged pools', async function () {
      this.timeout(40000);
      await openSamples(a);
      const config = vscode.workspace.getConfiguration('modelarts');
      await config.update('autoRefreshSeconds', 3, vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('the interval', () => a.autoRefresh.intervalSeconds === 10);
        await vscode.commands.executeCommand('workbench.view.extension.modelarts');
        await waitFor('the view to show', () => a.view.visible);
        const decision = await waitFor('a decision', () => a.autoRefresh.decision.kind !== 'loading' && a.autoRefresh.decision, 10000, () => `${JSON.stringify(a.autoRefresh.decision)}; ${storeState(a)}`);
        // Read with the decision, not before the wait: a focus change in between makes the scheduler decide again.
        const active = vscode.window.state.focused;
        assert.equal(decision.kind, active ? 'wait' : 'paused');
        if (!active) return; // the window has no focus here: pausing is the behaviour under test
        const before = a.store.snapshot!;
        const events: unknown[] = [];
        const sub = a.tree.onDidChangeTreeData((e) => events.push(e));
        try {
          const after = await waitFor('an automatic refresh', () => a.store.snapshot !== before && a.store.snapshot, 15000, () => `${storeState(a)}, the same load; decision ${JSON.stringify(a.autoRefresh.decision)}`);
          assert.ok(after.loadedAt - before.loadedAt >= 9_000, 'not before the interval');
          assert.deepEqual(a.tree.lastPlan, { kind: 'update', changed: [] });
          assert.deepEqual(events, [], 'same pools: nothing re-rendered');
        } finally {
          sub.dispose();
        }
      } finally {
        await config.update('autoRefreshSeconds', undefined, vscode.ConfigurationTarget.Workspace);
        await waitFor('auto-refresh off', () => a.autoRefresh.intervalSeconds === 0);
      }
    });
  });

  describe('on the live source', () => {
    it('sends the server-side terms and the workspace ID to ModelArts, and applies phases and name locally', async function () {
      this.timeout(60000);
      const server = await startServer();
      try {
        useEnvKeys();
        await pointAt(server);
        await run('modelarts.connect');
        await waitFor('live pools', () => a.store.snapshot?.source.kind === 'live' && a.store.snapshot.pools.length > 0, 15000, () => `${storeState(a)}; server saw ${requestLog(server)}`);
        const lastPoolsQuery = () => [...server.requests].reverse().find((r) => /\/pools\/?$/.test(r.path))?.query;
        assert.deepEqual(lastPoolsQuery(), { workspaceId: ['0'] });

        server.resetRequests();
        await run('modelarts.filterByLabel', 'os.modelarts/sharing == shared');
        await waitFor('a reload asking for the selector', () => lastPoolsQuery()?.labelSelector?.[0] === 'os.modelarts/sharing=shared', 15000, () => requestLog(server));
        await waitFor('the filtered answer', () => a.store.snapshot?.pools.every((p) => p.metadata.labels?.['os.modelarts/sharing'] === 'shared') && !a.sources.loading, 15000, () => storeState(a));
        assert.deepEqual(lastPoolsQuery(), { workspaceId: ['0'], labelSelector: ['os.modelarts/sharing=shared'] });

        server.resetRequests();
        await run('modelarts.filterByStatus', { statusParam: 'failed' });
        await waitFor('a reload asking for the status', () => lastPoolsQuery()?.status?.[0] === 'failed', 15000, () => requestLog(server));
        await waitFor('the load to end', () => !a.sources.loading, 10000, () => storeState(a));
        assert.deepEqual(lastPoolsQuery(), { workspaceId: ['0'], labelSelector: ['os.modelarts/sharing=shared'], status: ['failed'] });
        for (const p of a.store.snapshot!.pools) assert.ok(['Error', 'CreationFailed'].includes(p.status?.phase ?? ''), p.metadata.name);

        // Phases and name are applied here: no request.
        await run('modelarts.clearFilters');
        await waitFor('the unfiltered answer', () => !a.sources.loading && lastPoolsQuery() && lastPoolsQuery()!.status === undefined, 15000, () => `${storeState(a)}; server saw ${requestLog(server)}`);
        server.resetRequests();
        assert.equal(a.sources.loading, false, 'no load running before');
        const loads: boolean[] = [];
        const watch = a.sources.onDidChangeLoading((loading) => loads.push(loading));
        try {
          // A reload would start before the command resolves: the filter's change event calls setServerQuery,
          // which starts refresh(), which fires loading synchronously. So nothing fired means no reload.
          await run('modelarts.filterByStatus', ['Running']);
          await run('modelarts.filterByName', 'llm');
        } finally {
          watch.dispose();
        }
        assert.deepEqual(loads, [], 'local terms start no load');
        assert.equal(server.count('pools'), 0, `local terms do not reload: ${requestLog(server)}`);
        assert.ok((a.tree.filterOutcome?.matched?.size ?? 0) > 0);

        // The parent parameter: the children come back alone, at the top, not marked as orphans.
        await run('modelarts.clearFilters');
        await waitFor('the load to end', () => !a.sources.loading, 10000, () => storeState(a));
        const parent = a.store.snapshot!.pools.find((p) => a.store.snapshot!.pools.filter((c) => c.status?.parent === p.metadata.name).length >= 2)!;
        server.resetRequests();
        await run('modelarts.showChildren', parent.metadata.name);
        await waitFor('a reload asking for the children', () => lastPoolsQuery()?.parent?.[0] === parent.metadata.name, 15000, () => requestLog(server));
        await waitFor('the children', () => !a.sources.loading && a.store.snapshot!.pools.every((p) => p.status?.parent === parent.metadata.name), 15000, () => storeState(a));
        const top = await a.tree.getChildren();
        assert.ok(top.length >= 2);
        for (const n of top) {
          const item = a.tree.getTreeItem(n);
          assert.doesNotMatch(item.contextValue ?? '', /\borphan\b/, label(item));
        }
        assert.match(a.view.description ?? '', new RegExp(`children of: ${displayNameOf(parent as RawPool).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
        for (const req of server.requests) assert.equal(req.method, 'GET', 'read-only');
      } finally {
        await a.filters.clear();
        await resetLive();
        await openSamples(a);
        await server.close();
      }
    });
  });
});
