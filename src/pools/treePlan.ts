import { diffPools } from './diff';
import type { FilterOutcome } from './filterView';
import { sameVisibility, visibilityOf } from './filterView';
import type { PoolSnapshot } from './store';
import { displayName } from './summary';

/**
 * How the tree takes a new load, in plain code: in place (re-rendering only
 * the pools that changed) or rebuilt.
 */

/** Identifies a source across loads: same key, same place. */
export function sourceKey(snapshot: PoolSnapshot): string {
  const s = snapshot.source;
  return `${s.kind}\u0000${s.label}\u0000${s.detail ?? ''}`;
}

/** What the tree shows for one load. */
export interface TreeState {
  snapshot: PoolSnapshot;
  filter?: FilterOutcome;
}

export type TreePlan =
  /** Same rows in the same places: re-render only these pools (names), which may be none. */
  | { kind: 'update'; changed: string[] }
  /** Rows came, went or moved: render the whole tree again (ids keep expansion and selection). */
  | { kind: 'rebuild'; reason: string };

function problemsKey(snapshot: PoolSnapshot): string {
  return snapshot.problems.map((p) => `${p.severity}\u0000${p.path}\u0000${p.message}`).join('\u0001');
}

function errorKey(snapshot: PoolSnapshot): string {
  return `${snapshot.error ?? ''}\u0000${snapshot.errorKind ?? ''}`;
}

/**
 * How to take `next` after `prev`: in place when the source, the error and
 * problem rows, the set of pools, their order and parents, their display
 * names (siblings are sorted by them) and the filtered rows are all the same;
 * then only the pools whose data changed and that are shown need re-render.
 */
export function planTreeUpdate(prev: TreeState | undefined, next: TreeState): TreePlan {
  if (!prev) return { kind: 'rebuild', reason: 'first load' };
  const a = prev.snapshot;
  const b = next.snapshot;
  if (sourceKey(a) !== sourceKey(b)) return { kind: 'rebuild', reason: 'another source' };
  if (errorKey(a) !== errorKey(b)) return { kind: 'rebuild', reason: 'error changed' };
  if (problemsKey(a) !== problemsKey(b)) return { kind: 'rebuild', reason: 'problems changed' };
  const diff = diffPools(a.pools, b.pools);
  if (diff.structureChanged) return { kind: 'rebuild', reason: 'pools added, removed, reordered or moved' };
  if (!sameVisibility(prev.filter, next.filter)) return { kind: 'rebuild', reason: 'filtered rows changed' };
  if (diff.changed.length === 0) return { kind: 'update', changed: [] };
  const before = new Map(a.pools.map((p) => [p.metadata.name, p]));
  const after = new Map(b.pools.map((p) => [p.metadata.name, p]));
  for (const name of diff.changed) {
    const old = before.get(name);
    const now = after.get(name);
    if (old && now && displayName(old) !== displayName(now)) return { kind: 'rebuild', reason: 'a pool was renamed' };
  }
  const visible = visibilityOf(next.filter);
  return { kind: 'update', changed: diff.changed.filter((name) => visible.isShown(name)) };
}
