import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePoolListText } from '../../src/modelarts/parse';
import type { PoolHierarchy, PoolNode } from '../../src/pools/hierarchy';
import { buildHierarchy, describeTopReason, pathOf } from '../../src/pools/hierarchy';
import { pool } from './helpers';

/** Every node reachable from the roots, walking without recursion. */
function walk(h: PoolHierarchy): PoolNode[] {
  const out: PoolNode[] = [];
  const stack = [...h.roots];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...n.children);
  }
  return out;
}

function assertEachOnce(h: PoolHierarchy, names: string[]): void {
  const seen = walk(h).map((n) => n.name).sort();
  assert.deepEqual(seen, [...names].sort());
}

describe('buildHierarchy', () => {
  it('puts physical pools at the top and children under their parent at any depth', () => {
    const pools = [
      pool('leaf', { parent: 'mid', root: 'root' }),
      pool('root'),
      pool('mid', { parent: 'root', root: 'root' }),
      pool('deeper', { parent: 'leaf', root: 'root' }),
      pool('other'),
    ];
    const h = buildHierarchy(pools);
    assert.deepEqual(h.roots.map((r) => r.name), ['other', 'root']);
    assert.deepEqual(pathOf(h.byName.get('deeper')!), ['root', 'mid', 'leaf', 'deeper']);
    assertEachOnce(h, pools.map((p) => p.metadata.name));
    assert.ok(h.roots.every((r) => r.topReason === undefined));
  });

  it('sorts siblings by display name, case-insensitively and numerically', () => {
    const h = buildHierarchy([pool('c', { label: 'pool-10' }), pool('a', { label: 'Pool-9' }), pool('b', { label: 'alpha' })]);
    assert.deepEqual(h.roots.map((r) => r.name), ['b', 'a', 'c']);
  });

  it('keeps pools whose parent or root is missing at the top, marked', () => {
    const h = buildHierarchy([pool('a', { parent: 'gone', root: 'gone' }), pool('b', { root: 'elsewhere' }), pool('c')]);
    assert.deepEqual(h.roots.map((r) => r.name), ['a', 'b', 'c']);
    assert.deepEqual(h.byName.get('a')!.topReason, { kind: 'missingParent', parent: 'gone' });
    assert.deepEqual(h.byName.get('b')!.topReason, { kind: 'missingRoot', root: 'elsewhere' });
    assert.equal(describeTopReason(h.byName.get('a')!.topReason!), 'Its parent pool "gone" is not in the list.');
  });

  it('places a pool with no parent but a foreign root under that root', () => {
    const h = buildHierarchy([pool('r'), pool('x', { root: 'r' })]);
    assert.deepEqual(h.roots.map((n) => n.name), ['r']);
    assert.equal(h.byName.get('x')!.parent?.name, 'r');
  });

  it('ends parent cycles: every pool appears exactly once and one per cycle moves to the top', () => {
    const pools = [
      pool('self', { parent: 'self' }),
      pool('a', { parent: 'b' }),
      pool('b', { parent: 'a' }),
      pool('x', { parent: 'z' }),
      pool('y', { parent: 'x' }),
      pool('z', { parent: 'y' }),
      pool('tail', { parent: 'y' }),
    ];
    const h = buildHierarchy(pools);
    assertEachOnce(h, pools.map((p) => p.metadata.name));
    assert.deepEqual(h.roots.map((r) => r.name).sort(), ['a', 'self', 'x']);
    assert.deepEqual(h.byName.get('self')!.topReason, { kind: 'cycle', cycle: ['self'] });
    assert.deepEqual(h.byName.get('a')!.topReason, { kind: 'cycle', cycle: ['a', 'b'] });
    assert.deepEqual(h.byName.get('x')!.topReason, { kind: 'cycle', cycle: ['x', 'z', 'y'] });
    assert.equal(describeTopReason(h.byName.get('x')!.topReason!), 'Its parents form a cycle: x → z → y → x.');
    assert.deepEqual(pathOf(h.byName.get('z')!), ['x', 'y', 'z']);
    assert.deepEqual(pathOf(h.byName.get('tail')!), ['x', 'y', 'tail']);
  });

  it('handles a chain 20,000 deep without recursion', () => {
    const pools = [pool('p0')];
    for (let i = 1; i < 20000; i++) pools.push(pool(`p${i}`, { parent: `p${i - 1}`, root: 'p0' }));
    const h = buildHierarchy(pools);
    assert.equal(h.roots.length, 1);
    assert.equal(pathOf(h.byName.get('p19999')!).length, 20000);
  });

  it('shows unknown and missing phases like any other pool', () => {
    const h = buildHierarchy([pool('u', { phase: 'Hibernating' }), pool('m', { phase: '' })]);
    assertEachOnce(h, ['u', 'm']);
  });

  it('groups the sample pools: every pool once, physical pools at the top, grandchildren at depth 3', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../src/samples/pools.json'), 'utf8');
    const r = parsePoolListText(text, 'samples');
    assert.ok(r.ok);
    const h = buildHierarchy(r.pools);
    assertEachOnce(h, r.pools.map((p) => p.metadata.name));
    for (const root of h.roots) {
      assert.equal(root.pool.spec?.type, 'Dedicate', `${root.name} at the top is physical`);
      assert.equal(root.topReason, undefined);
    }
    for (const n of walk(h)) if (n.parent) assert.equal(n.pool.status?.parent, n.parent.name);
    assert.ok(walk(h).some((n) => pathOf(n).length >= 3), 'some pool is a grandchild');
  });
});

describe('hierarchy: large inputs', () => {
  it('breaks a cycle of 200,000 pools without a RangeError, and describes it shortly', () => {
    const n = 200_000;
    const pools = Array.from({ length: n }, (_, i) => pool(`c${i}`, { parent: `c${(i + 1) % n}` }));
    const h = buildHierarchy(pools);
    assert.equal(h.roots.length, 1);
    const top = h.roots[0];
    assert.equal(top.name, 'c0');
    assert.equal(top.topReason?.kind, 'cycle');
    assert.equal(top.topReason?.kind === 'cycle' ? top.topReason.cycle.length : 0, n);
    const text = describeTopReason(top.topReason!);
    assert.match(text, /^Its parents form a cycle of 200000 pools: c0 → c1 → .* → c19 → … → c0\.$/);
    assert.ok(text.length < 400);
    // A short cycle is still named in full.
    assert.equal(describeTopReason({ kind: 'cycle', cycle: ['a', 'b', 'c'] }), 'Its parents form a cycle: a → b → c → a.');
  });
});
