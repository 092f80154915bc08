import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelArtsPoolsApi } from '../../src/extension';
import type { RawPool } from './helpers';
import { api, displayNameOf, openSamples, poolNameOf, rawSamplePools, walkTree } from './helpers';

/**
 * The grouping the tree must show, worked out here from the raw sample file
 * (not through the extension's parser or hierarchy module): a pool sits under
 * status.parent, else under a status.root other than itself, else at the top.
 */
function expectedParents(pools: RawPool[]): Map<string, string | undefined> {
  const names = new Set(pools.map((p) => p.metadata.name));
  const out = new Map<string, string | undefined>();
  for (const p of pools) {
    const s = p.status ?? {};
    let parent = s.parent || (s.root && s.root !== p.metadata.name ? s.root : undefined);
    if (parent && !names.has(parent)) parent = undefined;
    out.set(p.metadata.name, parent);
  }
  return out;
}

/** Codicon per documented phase, as the extension's README promises. */
const PHASE_ICONS: Record<string, string> = {
  Running: 'pass',
  Creating: 'loading~spin',
  Deleting: 'loading~spin',
  Waiting: 'clock',
  Abnormal: 'warning',
  Error: 'error',
  CreationFailed: 'error',
  ScalingFailed: 'error',
};

const byDisplayName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

describe('Pools tree with the sample pools', () => {
  let a: ModelArtsPoolsApi;
  const raw = rawSamplePools();
  const byName = new Map(raw.map((p) => [p.metadata.name, p]));
  const parents = expectedParents(raw);

  before(async () => {
    a = await api();
    await openSamples(a);
  });

  it('shows every sample pool exactly once', async () => {
    const rows = await walkTree(a);
    const names = rows.map((r) => poolNameOf(r.node)!);
    assert.equal(names.length, raw.length, 'one row per pool');
    assert.deepEqual([...names].sort(), raw.map((p) => p.metadata.name).sort());
  });

  it('puts the physical pools at the top, sorted by display name', async () => {
    const top = (await a.tree.getChildren()) ?? [];
    const topNames = top.map(poolNameOf).filter((n): n is string => n !== undefined);
    const expected = raw.filter((p) => parents.get(p.metadata.name) === undefined).map((p) => p.metadata.name);
    assert.ok(expected.length >= 2, 'the sample has several roots');
    assert.deepEqual([...topNames].sort(), [...expected].sort());
    const labels = top.map((n) => a.tree.getTreeItem(n)).map((i) => (typeof i.label === 'string' ? i.label : i.label?.label ?? ''));
    assert.deepEqual(labels, [...labels].sort(byDisplayName), 'roots in display-name order');
    for (const p of raw.filter((x) => x.spec?.type === 'Dedicate')) assert.ok(topNames.includes(p.metadata.name), `${displayNameOf(p)} is a root`);
  });

  it('puts each logical pool under its parent, to any depth', async () => {
    const rows = await walkTree(a);
    let deepest = 0;
    for (const r of rows) {
      const name = poolNameOf(r.node)!;
      const parent = r.parent ? poolNameOf(r.parent) : undefined;
      assert.equal(parent, parents.get(name), `${displayNameOf(byName.get(name)!)} sits under its parent`);
      deepest = Math.max(deepest, r.depth);
    }
    // Depth from the data: the longest parent chain.
    const depthOf = (n: string): number => {
      const p = parents.get(n);
      return p ? 1 + depthOf(p) : 0;
    };
    const expectedDeepest = Math.max(...raw.map((p) => depthOf(p.metadata.name)));
    assert.ok(expectedDeepest >= 3, 'the sample nests pools three levels deep');
    assert.equal(deepest, expectedDeepest);
  });

  it('gives each pool row its name, children state, phase icon and context', async () => {
    const rows = await walkTree(a);
    const ids = new Set<string>();
    for (const r of rows) {
      const name = poolNameOf(r.node)!;
      const pool = byName.get(name)!;
      const item = await a.tree.getTreeItem(r.node);
      assert.equal(item.label, displayNameOf(pool));
      const hasChildren = [...parents.values()].includes(name);
      assert.equal(
        item.collapsibleState,
        hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        `${item.label} is ${hasChildren ? '' : 'not '}expandable`,
      );
      assert.ok(item.iconPath instanceof vscode.ThemeIcon, `${item.label} has a theme icon`);
      assert.equal(item.iconPath.id, PHASE_ICONS[pool.status?.phase ?? ''], `${item.label} (${pool.status?.phase}) icon`);
      assert.match(item.contextValue ?? '', /\bpool\b/);
      assert.ok(item.id && !ids.has(item.id), 'ids are unique');
      ids.add(item.id);
    }
  });

  it('gives rows only commands that exist', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const r of await walkTree(a)) {
      const item = await a.tree.getTreeItem(r.node);
      if (item.command) assert.ok(registered.has(item.command.command), `${item.label} runs ${item.command.command}, which is registered`);
    }
  });

  it('walks back up with getParent, as reveal needs', async () => {
    const rows = await walkTree(a);
    const deep = rows.reduce((x, y) => (y.depth > x.depth ? y : x));
    let n: typeof deep.node | undefined = deep.node;
    const chain: string[] = [];
    while (n) {
      chain.push(poolNameOf(n)!);
      n = (await a.tree.getParent?.(n)) ?? undefined;
    }
    assert.equal(chain.length, deep.depth + 1);
    assert.equal(parents.get(chain[chain.length - 1]), undefined, 'the chain ends at a root');
  });
});
