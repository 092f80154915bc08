/**
 * Snappy at any size (issue 17), in the extension host: one tree change per
 * load, never a blank view, one reused preview panel, filter matches brought
 * on screen, and the badge kept during a refresh.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelArtsPoolsApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { generatePoolList } from '../bench/generate';
import type { RunningModelArtsServer } from '../server/server';
import type { RawPool } from './helpers';
import { api, displayNameOf, openSamples, poolNameOf, rawSamplePools, requestLog, storeState, waitFor } from './helpers';
import { pointAt, resetLive, startServer, useEnvKeys } from './live';

const VIEW_FOCUS = 'modelarts.pools.focus';

/** What the tree told VS Code, and what VS Code then fetched at the top. */
function recordTree(a: ModelArtsPoolsApi): { log: string[]; dispose(): void } {
  const log: string[] = [];
  const events = a.tree.onDidChangeTreeData((e) => log.push(e === undefined ? 'change:all' : `change:${Array.isArray(e) ? e.length : 1} rows`));
  const provider = a.tree as { getChildren(e?: TreeNode): TreeNode[] };
  const original = provider.getChildren;
  provider.getChildren = function (this: unknown, e?: TreeNode) {
    const rows = original.call(a.tree, e);
    if (!e) {
      const pools = rows.filter((r) => poolNameOf(r) !== undefined).length;
      log.push(pools > 0 ? `fetch:${pools} pools` : `fetch:${rows.map((r) => r.id).join(',') || 'blank'}`);
    }
    return rows;
  };
  return {
    log,
    dispose: () => {
      events.dispose();
      provider.getChildren = original;
    },
  };
}

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

/** The webview tabs open now, for failure messages. */
function panelTitles(): string {
  const tabs = webviewTabs().map((t) => `"${t.label}"${t.isPreview ? ' (preview)' : ''}`);
  return tabs.length > 0 ? tabs.join(', ') : 'no panel';
}

function depthOf(p: RawPool, all: readonly RawPool[]): number {
  let depth = 1;
  for (let up = p.status?.parent; up; up = all.find((x) => x.metadata.name === up)?.status?.parent) depth++;
  return depth;
}

describe('Snappy at any size', () => {
  let a: ModelArtsPoolsApi;
  const raw = rawSamplePools();

  before(async () => {
    a = await api();
    await vscode.commands.executeCommand(VIEW_FOCUS);
    await waitFor('the view to show', () => a.view.visible);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await a.filters.clear();
  });

  describe('one tree change per load', () => {
    let server: RunningModelArtsServer;

    before(async () => {
      server = await startServer(JSON.parse(generatePoolList(2000).body));
      useEnvKeys();
      await pointAt(server);
    });

    after(async () => {
      await resetLive();
      await server.close();
      await openSamples(a);
    });

    it('connect: "Loading pools…" from the first frame, then the top level once', async function () {
      this.timeout(60000);
      await openSamples(a);
      const tree = recordTree(a);
      // The answer waits until the view has shown "Loading pools…": then the
      // load's change is the only one VS Code has still to render, and no late
      // fetch of the loading change spills into the next test.
      let release = (): void => undefined;
      server.setMisbehaviour({ hold: new Promise<void>((r) => (release = r)), target: 'pools', times: 1 });
      try {
        const connected = vscode.commands.executeCommand('modelarts.connect');
        await waitFor('the view to fetch the "Loading pools…" row', () => tree.log.includes('fetch:loading'), 30000, () => tree.log.join(' | ') || 'nothing');
        release();
        await connected;
        await waitFor('the pools of the local server', () => !a.sources.loading && (a.store.snapshot?.pools.length ?? 0) > 0, 30000, () => `${storeState(a)}; server saw ${requestLog(server)}`);
        await waitFor('the view to fetch the loaded top level', () => tree.log.some((l) => l.endsWith(' pools')), 10000, () => tree.log.join(' | '));
        const log = tree.log;
        assert.ok(!log.includes('fetch:blank'), `never a blank view: ${log.join(' | ')}`);
        const loaded = log.findIndex((l) => l.startsWith('fetch:') && l.endsWith(' pools'));
        assert.equal(log.slice(0, loaded).filter((l) => l.startsWith('fetch:')).every((l) => l === 'fetch:loading'), true, `only the loading row before the pools: ${log.join(' | ')}`);
        assert.equal(log.filter((l) => l.startsWith('change:')).length, 2, `one change to show "Loading pools…", one for the load: ${log.join(' | ')}`);
        assert.equal(log.filter((l) => l.startsWith('fetch:') && l.endsWith(' pools')).length, 1, `the top level sent once: ${log.join(' | ')}`);
      } finally {
        release();
        server.setMisbehaviour(undefined);
        tree.dispose();
      }
    });

    it('refresh of an unchanged source: no tree change', async function () {
      this.timeout(60000);
      await waitFor('the live source loaded', () => a.store.snapshot?.source.kind === 'live' && !a.sources.loading, 10000, () => storeState(a));
      const before = a.store.snapshot;
      const tree = recordTree(a);
      try {
        await vscode.commands.executeCommand('modelarts.refresh');
        await waitFor('the refreshed load', () => a.store.snapshot !== before && !a.sources.loading, 30000, () => `${storeState(a)}; server saw ${requestLog(server)}`);
        assert.deepEqual(a.tree.lastPlan, { kind: 'update', changed: [] });
        // What the extension sends is the contract: no change event. (VS Code may still fetch the top
        // level on its own, e.g. a refresh it queued for the previous load: that is not ours to assert.)
        assert.deepEqual(tree.log.filter((l) => l.startsWith('change:')), [], `same pools: no change sent to the window (${tree.log.join(' | ')})`);
      } finally {
        tree.dispose();
      }
    });

    it('keeps the badge during a refresh', async function () {
      this.timeout(60000);
      server.setPools(JSON.parse(JSON.stringify({ kind: 'PoolList', items: raw })));
      await vscode.commands.executeCommand('modelarts.refresh');
      const badge = await waitFor('a badge for the failing sample pools', () => !a.sources.loading && a.view.badge, 10000, () => `badge ${JSON.stringify(a.view.badge)}; ${storeState(a)}`);
      server.setMisbehaviour({ delayMs: 1500, target: 'pools', times: 1 });
      const refreshed = vscode.commands.executeCommand('modelarts.refresh');
      await waitFor('the refresh to be under way', () => a.sources.loading, 10000, () => `${storeState(a)}; server saw ${requestLog(server)}`);
      assert.deepEqual(a.view.badge, badge, 'the badge keeps its count while loading');
      await refreshed;
      await waitFor('the refresh to end', () => !a.sources.loading, 10000, () => storeState(a));
      assert.deepEqual(a.view.badge, badge);
    });
  });

  describe('details in a preview panel', () => {
    before(async () => {
      await openSamples(a);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('shows pools clicked in turn in one reused panel, titled with the pool it shows', async () => {
      const three = raw.slice(0, 3);
      for (const p of three) {
        await vscode.commands.executeCommand('modelarts.showPoolDetails', p.metadata.name, { preview: true });
        await waitFor(`the panel titled ${displayNameOf(p)}`, () => webviewTabs().some((t) => t.label === displayNameOf(p)), 10000, panelTitles);
        assert.equal(webviewTabs().length, 1, 'one webview for every pool shown in preview');
      }
    });

    it('Keep Pool Details Open pins it: the next pool opens a panel of its own', async () => {
      await vscode.commands.executeCommand('modelarts.keepDetailsOpen');
      const next = raw[3];
      await vscode.commands.executeCommand('modelarts.showPoolDetails', next.metadata.name, { preview: true });
      await waitFor(`a second panel, for ${displayNameOf(next)}`, () => webviewTabs().length === 2 && webviewTabs().some((t) => t.label === displayNameOf(next)), 10000, panelTitles);
    });

    it('a double click pins the preview', async () => {
      const p = raw[4];
      await vscode.commands.executeCommand('modelarts.showPoolDetails', p.metadata.name, { preview: true });
      await vscode.commands.executeCommand('modelarts.showPoolDetails', p.metadata.name, { preview: true });
      await waitFor(`the preview showing ${displayNameOf(p)}`, () => webviewTabs().some((t) => t.label === displayNameOf(p)), 10000, panelTitles);
      const count = webviewTabs().length;
      const other = raw[5];
      await vscode.commands.executeCommand('modelarts.showPoolDetails', other.metadata.name, { preview: true });
      await waitFor(`a new panel for ${displayNameOf(other)}`, () => webviewTabs().length === count + 1 && webviewTabs().some((t) => t.label === displayNameOf(other)), 10000, panelTitles);
      assert.ok(webviewTabs().some((t) => t.label === displayNameOf(p)), 'the pinned one stays');
    });
  });

  describe('filter results you can see', () => {
    it('expands the ancestors of a single deep match', async () => {
      await openSamples(a);
      await vscode.commands.executeCommand('workbench.actions.treeView.modelarts.pools.collapseAll');
      // A pool three levels deep that the name filter (display name or ID, any case) matches alone.
      const matches = (text: string) =>
        raw.filter((q) => displayNameOf(q).toLowerCase().includes(text.toLowerCase()) || q.metadata.name.toLowerCase().includes(text.toLowerCase()));
      const target = raw.find((p) => depthOf(p, raw) >= 3 && matches(p.metadata.name).length === 1);
      assert.ok(target, 'the samples have a pool three levels deep with a name of its own');
      const expanded: string[] = [];
      const sub = a.view.onDidExpandElement((e) => {
        const name = poolNameOf(e.element);
        if (name) expanded.push(name);
      });
      try {
        await a.filters.set({ name: target.metadata.name });
        const ancestors: string[] = [];
        for (let up = target.status?.parent; up; up = raw.find((x) => x.metadata.name === up)?.status?.parent) ancestors.push(up);
        await waitFor(`the ancestors of ${target.metadata.name} expanded (${ancestors.join(', ')})`, () => ancestors.every((n) => expanded.includes(n)), 10000, () => `expanded: ${expanded.join(', ') || 'none'}`);
      } finally {
        sub.dispose();
        await a.filters.clear();
      }
    });
  });
});
