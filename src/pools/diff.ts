import type { Pool } from '../modelarts/types';
import { declaredParent } from './hierarchy';
import { FAILING_PHASES, phaseOf } from './summary';

/**
 * What a refresh changed, so the tree can re-render only what changed:
 * when `structureChanged` is false, firing change events for `changed` pools
 * is enough; otherwise the tree's shape changed and it must be rebuilt.
 */
export interface PoolDiff {
  /** Names only in `next`, in its order. */
  added: string[];
  /** Names only in `previous`, in its order. */
  removed: string[];
  /** Names in both whose data differs, in `next`'s order. */
  changed: string[];
  /** Both hold exactly the same names. */
  sameSet: boolean;
  /** The names are not the same set, their order changed, or a changed pool moved to another parent. */
  structureChanged: boolean;
}

/** Beyond this nesting depth, data is treated as different (parsed JSON never gets near). */
const MAX_DEPTH = 64;

/**
 * Structural equality of JSON-like data: same primitives, arrays of equal
 * elements, objects with the same own keys (in any order) and equal values;
 * a property holding `undefined` counts as absent, as in JSON text.
 * Allocates nothing beyond key lists.
 */
export function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (depth >= MAX_DEPTH) return false;
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i], depth + 1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const key of Object.keys(x)) {
    const value = x[key];
    if (value === undefined) continue;
    defined++;
    if (!Object.prototype.hasOwnProperty.call(y, key)) return false;
    if (!jsonEqual(value, y[key], depth + 1)) return false;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) defined--;
  return defined === 0;
}

function byName(pools: readonly Pool[]): Map<string, Pool> {
  const map = new Map<string, Pool>();
  for (const pool of pools) if (!map.has(pool.metadata.name)) map.set(pool.metadata.name, pool);
  return map;
}

/** Compares two loads pool by pool (by `metadata.name`, then structurally). */
export function diffPools(previous: readonly Pool[], next: readonly Pool[]): PoolDiff {
  const before = byName(previous);
  const after = byName(next);
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  let moved = false;

  for (const [name, pool] of after) {
    const old = before.get(name);
    if (old === undefined) {
      added.push(name);
    } else if (!jsonEqual(old, pool)) {
      changed.push(name);
      if (declaredParent(old)?.name !== declaredParent(pool)?.name) moved = true;
    }
  }
  for (const name of before.keys()) if (!after.has(name)) removed.push(name);

  const sameSet = added.length === 0 && removed.length === 0;
  let reordered = false;
  if (sameSet) {
    const a = before.keys();
    for (const name of after.keys()) {
      if (a.next().value !== name) {
        reordered = true;
        break;
      }
    }
  }
  return { added, removed, changed, sameSet, structureChanged: !sameSet || reordered || moved };
}

/** True for the phases that count as failing (badge and notifications). */
export function isFailing(pool: Pool | undefined): boolean {
  const phase = pool === undefined ? undefined : phaseOf(pool);
  return phase !== undefined && (FAILING_PHASES as readonly string[]).includes(phase);
}

/** Number of pools in a failing phase, for the view badge. */
export function countFailing(pools: readonly Pool[]): number {
  let count = 0;
  for (const pool of pools) if (isFailing(pool)) count++;
  return count;
}

/**
 * Pools of `next` now in a failing phase (Abnormal, Error, CreationFailed,
 * ScalingFailed) that were not failing in `previous`: those that left a
 * healthy or unknown phase, and those not in `previous` at all (a pool that
 * appears already failing on a refresh is news). Moving from one failing
 * phase to another does not count. Call it on refreshes only: on the first
 * load every failing pool would count.
 */
export function newlyFailing(previous: readonly Pool[], next: readonly Pool[]): Pool[] {
  const before = byName(previous);
  const result: Pool[] = [];
  const seen = new Set<string>();
  for (const pool of next) {
    const name = pool.metadata.name;
    if (seen.has(name)) continue;
    seen.add(name);
    if (isFailing(pool) && !isFailing(before.get(name))) result.push(pool);
  }
  return result;
}
