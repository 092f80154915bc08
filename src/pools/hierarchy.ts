import * as l10n from '@vscode/l10n';
import type { Pool } from '../modelarts/types';
import { displayName } from './summary';

/**
 * Groups pools by root and parent: physical pools at the top, each logical
 * pool under its parent, to any depth. Every pool appears exactly once, even
 * when parents are missing or form cycles. No recursion: depth is unbounded.
 */

/** Why a pool that names a parent is shown at the top level. */
export type TopReason =
  | { kind: 'missingParent'; parent: string }
  | { kind: 'missingRoot'; root: string }
  | { kind: 'cycle'; cycle: string[] };

export interface PoolNode {
  readonly name: string;
  readonly pool: Pool;
  /** The node this one is shown under, if any. */
  parent?: PoolNode;
  readonly children: PoolNode[];
  /** Set on top-level nodes that name a parent or root that could not be used. */
  topReason?: TopReason;
}

export interface PoolHierarchy {
  readonly roots: PoolNode[];
  readonly byName: ReadonlyMap<string, PoolNode>;
}

/** The name of the pool this one belongs under, as the data says: its parent, else a foreign root. */
export function declaredParent(pool: Pool): { name: string; via: 'parent' | 'root' } | undefined {
  const status = pool.status;
  const parent = status?.parent;
  if (parent) return { name: parent, via: 'parent' };
  const root = status?.root;
  if (root && root !== pool.metadata.name) return { name: root, via: 'root' };
  return undefined;
}

export function buildHierarchy(pools: readonly Pool[]): PoolHierarchy {
  // Working state in arrays indexed by input position: no per-node map lookups
  // beyond the one that resolves a parent's name.
  const byName = new Map<string, PoolNode>();
  const index = new Map<string, number>();
  const nodes: PoolNode[] = [];
  for (const pool of pools) {
    const name = pool.metadata.name;
    if (index.has(name)) continue; // the parser already skips repeats; be safe
    index.set(name, nodes.length);
    const node: PoolNode = { name, pool, children: [] };
    nodes.push(node);
    byName.set(name, node);
  }
  const n = nodes.length;

  // Resolve each node's effective parent (-1: top level), with the reasons for top-level placement.
  const up = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    const declared = declaredParent(node.pool);
    if (!declared) continue;
    const j = index.get(declared.name);
    if (j === undefined) {
      node.topReason =
        declared.via === 'parent'
          ? { kind: 'missingParent', parent: declared.name }
          : { kind: 'missingRoot', root: declared.name };
    } else if (j === i) {
      node.topReason = { kind: 'cycle', cycle: [node.name] };
    } else {
      up[i] = j;
    }
  }

  // Break cycles: walk up from each node; on meeting the walk itself, the
  // cycle's first pool (in input order) moves to the top.
  const state = new Uint8Array(n); // 0 unseen, 1 on the current walk, 2 settled
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    let i = start;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      stack.push(i);
      i = up[i];
    }
    if (i >= 0 && state[i] === 1) {
      const cycle = stack.slice(stack.indexOf(i));
      // A loop, not Math.min(...cycle): spreading a cycle of ~100k pools overflows the call stack.
      let first = cycle[0];
      for (let k = 1; k < cycle.length; k++) if (cycle[k] < first) first = cycle[k];
      up[first] = -1;
      const at = cycle.indexOf(first);
      const names = [...cycle.slice(at), ...cycle.slice(0, at)].map((k) => nodes[k].name);
      nodes[first].topReason = { kind: 'cycle', cycle: names };
    }
    for (const k of stack) state[k] = 2;
    stack.length = 0;
  }

  const roots: PoolNode[] = [];
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    if (up[i] >= 0) {
      node.parent = nodes[up[i]];
      node.parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  sortNodes(roots);
  for (const node of nodes) if (node.children.length > 1) sortNodes(node.children);
  return { roots, byName };
}

/**
 * A key that orders names case-insensitively with digit runs by value
 * ("pool-9" before "pool-10"), compared as plain strings: far cheaper than a
 * collator over thousands of pools.
 */
export function sortKey(name: string): string {
  return name.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}

function sortNodes(nodes: PoolNode[]): void {
  const keyed = nodes.map((n) => ({ n, k: sortKey(displayName(n.pool)) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.n.name < b.n.name ? -1 : a.n.name > b.n.name ? 1 : 0));
  for (let i = 0; i < keyed.length; i++) nodes[i] = keyed[i].n;
}

/** Names from the top of the tree down to this node. */
export function pathOf(node: PoolNode): string[] {
  const names: string[] = [];
  for (let n: PoolNode | undefined = node; n; n = n.parent) names.push(n.name);
  return names.reverse();
}

/** Pools of a cycle named in a sentence; a longer cycle is shortened. */
const MAX_CYCLE_SHOWN = 20;

/** A sentence saying why a node is at the top level, for tooltips and logs. */
export function describeTopReason(reason: TopReason): string {
  switch (reason.kind) {
    case 'missingParent':
      return l10n.t('Its parent pool "{0}" is not in the list.', reason.parent);
    case 'missingRoot':
      return l10n.t('Its root pool "{0}" is not in the list.', reason.root);
    case 'cycle': {
      const cycle = reason.cycle;
      if (cycle.length === 1) return l10n.t('It names itself as its parent.');
      if (cycle.length <= MAX_CYCLE_SHOWN) return l10n.t('Its parents form a cycle: {0}.', [...cycle, cycle[0]].join(' → '));
      return l10n.t('Its parents form a cycle of {0} pools: {1}.', cycle.length, `${cycle.slice(0, MAX_CYCLE_SHOWN).join(' → ')} → … → ${cycle[0]}`);
    }
  }
}
