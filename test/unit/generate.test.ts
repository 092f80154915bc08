import * as assert from 'node:assert/strict';
import { generatePoolList, MAX_GENERATED_DEPTH } from '../bench/generate';
import { POOL_PHASES } from '../../src/modelarts/types';

interface Item {
  metadata: { name: string; labels: Record<string, string> };
  spec: { type: string };
  status: { phase: string; parent?: string; root: string };
}

function items(count: number, seed?: number): Item[] {
  const { body, pools } = generatePoolList(count, seed);
  const parsed = JSON.parse(body) as { kind: string; apiVersion: string; items: Item[] };
  assert.equal(parsed.kind, 'PoolList');
  assert.equal(parsed.apiVersion, 'v2');
  assert.deepEqual(parsed.items, pools, 'pools are the parsed body');
  return parsed.items;
}

describe('generatePoolList', () => {
  it('is deterministic for a seed and varies with the seed', () => {
    assert.equal(generatePoolList(300, 7).body, generatePoolList(300, 7).body);
    assert.equal(generatePoolList(300).body, generatePoolList(300, 1).body);
    assert.notEqual(generatePoolList(300, 7).body, generatePoolList(300, 8).body);
  });

  it('returns exactly `count` pools', () => {
    for (const n of [0, 1, 9, 100, 2500]) assert.equal(items(n).length, n);
  });

  it('rejects a negative or fractional count', () => {
    assert.throws(() => generatePoolList(-1), RangeError);
    assert.throws(() => generatePoolList(1.5), RangeError);
    assert.throws(() => generatePoolList(Number.NaN), RangeError);
  });

  it('gives unique names, existing parents, consistent roots and depths 1..5', () => {
    const list = items(2000, 3);
    const byName = new Map(list.map((p) => [p.metadata.name, p]));
    assert.equal(byName.size, list.length, 'names are unique');
    const depths = new Set<number>();
    let physical = 0;
    for (const p of list) {
      if (p.status.parent === undefined) {
        physical++;
        assert.equal(p.spec.type, 'Dedicate');
        assert.equal(p.status.root, p.metadata.name);
        continue;
      }
      assert.equal(p.spec.type, 'Logical');
      let depth = 0;
      let q: Item | undefined = p;
      while (q?.status.parent !== undefined) {
        q = byName.get(q.status.parent);
        assert.ok(q, `parent of ${p.metadata.name} exists`);
        depth++;
      }
      assert.equal(p.status.root, q.metadata.name, 'root is the top of the parent chain');
      depths.add(depth);
    }
    assert.deepEqual([...depths].sort(), Array.from({ length: MAX_GENERATED_DEPTH }, (_, i) => i + 1));
    assert.equal(physical, 200, 'one pool in ten is physical');
  });

  it('puts some children before their parents', () => {
    const list = items(500, 5);
    const index = new Map(list.map((p, i) => [p.metadata.name, i]));
    const early = list.filter((p, i) => p.status.parent !== undefined && (index.get(p.status.parent) ?? -1) > i);
    assert.ok(early.length > 0);
  });

  it('covers every phase and gives each pool at least three labels with varied values', () => {
    const list = items(200, 11);
    assert.deepEqual(new Set(list.map((p) => p.status.phase)), new Set(POOL_PHASES));
    for (const p of list) assert.ok(Object.keys(p.metadata.labels).length >= 3);
    for (const key of ['os.modelarts/workspace.id', 'os.modelarts/sharing', 'os.modelarts.pool/biz']) {
      const values = new Set(list.map((p) => p.metadata.labels[key]));
      assert.ok(values.size >= 2, `${key} takes several values`);
    }
    const selected = list.filter(
      (p) =>
        p.metadata.labels['os.modelarts/workspace.id'] === '0' &&
        p.metadata.labels['os.modelarts/sharing'] === 'shared' &&
        p.metadata.labels['os.modelarts.pool/biz'] === 'private',
    );
    assert.ok(selected.length > 0 && selected.length < list.length / 2, 'a three-term selector is selective');
  });
});
