import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import { countFailing, diffPools, isFailing, jsonEqual, newlyFailing } from '../../src/pools/diff';

function pool(name: string, phase: string | undefined, extra: Partial<Pool['status']> & { count?: number } = {}): Pool {
  const { count, ...status } = extra;
  return {
    metadata: { name, labels: { 'os.modelarts/name': name.toUpperCase() } },
    spec: { type: 'Dedicate', resources: [{ flavor: 'modelarts.vm.gpu', count: count ?? 1 }] },
    status: { phase, ...status },
  };
}

/** A deep copy with object keys in reverse order: equal data, different JSON text. */
function reversedCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedCopy) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedCopy(v)]),
    ) as T;
  }
  return value;
}

const names = (pools: Pool[]): string[] => pools.map((p) => p.metadata.name);

describe('refresh diffing', () => {
  const previous = [pool('a', 'Running'), pool('b', 'Creating'), pool('c', 'Running', { parent: 'a' }), pool('d', 'Error')];

  describe('jsonEqual', () => {
    it('compares JSON-like data structurally', () => {
      assert.equal(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), true);
      assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined }), true);
      assert.equal(jsonEqual({ a: 1, b: undefined }, { a: 1, c: 2 }), false);
      assert.equal(jsonEqual({ a: 1, c: undefined }, { a: 1, c: 2 }), false);
      assert.equal(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }), false);
      assert.equal(jsonEqual([1, 2], [2, 1]), false);
      assert.equal(jsonEqual([1], { 0: 1 }), false);
      assert.equal(jsonEqual(null, {}), false);
      assert.equal(jsonEqual('1', 1), false);
      assert.equal(jsonEqual(NaN, NaN), true);
    });
    it('gives up (unequal) on absurd nesting instead of overflowing', () => {
      const deep = (n: number): unknown => (n === 0 ? {} : { x: deep(n - 1) });
      assert.equal(jsonEqual(deep(10), deep(10)), true);
      assert.equal(jsonEqual(deep(1000), deep(1000)), false);
    });
  });

  describe('diffPools', () => {
    it('reports nothing for an identical refresh, even with keys reordered', () => {
      const diff = diffPools(previous, previous.map(reversedCopy));
      assert.deepEqual(diff, { added: [], removed: [], changed: [], sameSet: true, structureChanged: false });
    });

    it('reports only the pools that changed', () => {
      const next = previous.map(reversedCopy);
      next[1] = pool('b', 'Running');
      next[3] = pool('d', 'Error', { count: 2 });
      const diff = diffPools(previous, next);
      assert.deepEqual(diff, { added: [], removed: [], changed: ['b', 'd'], sameSet: true, structureChanged: false });
    });

    it('notices a change deep inside a pool or in its labels', () => {
      const next = previous.map(reversedCopy);
      next[0].metadata.labels = { 'os.modelarts/name': 'renamed' };
      (next[2].spec?.resources ?? [])[0].flavor = 'other';
      assert.deepEqual(diffPools(previous, next).changed, ['a', 'c']);
    });

    it('reports added and removed pools and a changed set', () => {
      const next = [previous[0], previous[2], pool('e', 'Waiting'), previous[3]];
      const diff = diffPools(previous, next);
      assert.deepEqual(diff, { added: ['e'], removed: ['b'], changed: [], sameSet: false, structureChanged: true });
    });

    it('flags a new order or a pool that moved to another parent as a change of structure', () => {
      const reordered = [previous[1], previous[0], previous[2], previous[3]];
      assert.deepEqual(diffPools(previous, reordered), { added: [], removed: [], changed: [], sameSet: true, structureChanged: true });
      const moved = [previous[0], previous[1], pool('c', 'Running', { parent: 'b' }), previous[3]];
      assert.deepEqual(diffPools(previous, moved), { added: [], removed: [], changed: ['c'], sameSet: true, structureChanged: true });
    });

    it('handles empty loads', () => {
      assert.deepEqual(diffPools([], []), { added: [], removed: [], changed: [], sameSet: true, structureChanged: false });
      assert.deepEqual(diffPools([], previous).added, ['a', 'b', 'c', 'd']);
      assert.deepEqual(diffPools(previous, []).removed, ['a', 'b', 'c', 'd']);
    });
  });

  describe('newlyFailing', () => {
    it('names pools that entered a failing phase, and new pools already failing', () => {
      const next = [
        pool('a', 'Abnormal'), // Running -> Abnormal: news
        pool('b', 'CreationFailed'), // Creating -> CreationFailed: news
        pool('c', 'Running', { parent: 'a' }),
        pool('d', 'ScalingFailed'), // Error -> ScalingFailed: still failing, not news
        pool('e', 'Error'), // new and failing: news
        pool('f', 'Running'), // new and healthy
      ];
      assert.deepEqual(names(newlyFailing(previous, next)), ['a', 'b', 'e']);
    });

    it('is empty when nothing newly fails', () => {
      assert.deepEqual(newlyFailing(previous, previous), []);
      assert.deepEqual(newlyFailing(previous, [pool('d', 'Running')]), []);
    });

    it('counts leaving an unknown or missing phase', () => {
      const before = [pool('x', 'Exploding'), pool('y', undefined)];
      const after = [pool('x', 'Error'), pool('y', 'ScalingFailed')];
      assert.deepEqual(names(newlyFailing(before, after)), ['x', 'y']);
    });

    it('names each pool once', () => {
      assert.deepEqual(names(newlyFailing([], [pool('z', 'Error'), pool('z', 'Error')])), ['z']);
    });
  });

  describe('failing phases', () => {
    it('counts pools in Abnormal, Error, CreationFailed and ScalingFailed', () => {
      const list = ['Abnormal', 'Error', 'CreationFailed', 'ScalingFailed', 'Running', 'Creating', 'Deleting', 'Waiting', 'error', undefined].map(
        (phase, i) => pool(`p${i}`, phase),
      );
      assert.equal(countFailing(list), 4);
      assert.equal(isFailing(undefined), false);
      assert.equal(isFailing({ metadata: { name: 'n' } }), false);
    });
  });
});
