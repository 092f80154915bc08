import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { POOL_PHASES, RESOURCE_STATES } from '../../src/modelarts/types';
import type { Pool, PoolList, ResourceState } from '../../src/modelarts/types';

// Checks the embedded sample response (src/samples/pools.json) against the
// ListPools contract and against itself, so edits to it cannot break the demo.
const file = path.join(__dirname, '..', '..', 'src', 'samples', 'pools.json');
const list = JSON.parse(fs.readFileSync(file, 'utf8')) as PoolList;
const pools: Pool[] = list.items;
const byName = new Map(pools.map((p) => [p.metadata.name, p]));
const total = (p: Pool, state: ResourceState, flavor?: string): number =>
  (p.status?.resources?.[state] ?? [])
    .filter((r) => flavor === undefined || r.flavor === flavor)
    .reduce((n, r) => n + (r.count ?? 0), 0);

describe('sample pools', () => {
  it('is a v2 PoolList of 22 to 28 pools with unique names', () => {
    assert.equal(list.kind, 'PoolList');
    assert.equal(list.apiVersion, 'v2');
    assert.ok(pools.length >= 22 && pools.length <= 28, `${pools.length} pools`);
    assert.equal(byName.size, pools.length);
    const display = new Set(pools.map((p) => p.metadata.labels?.['os.modelarts/name']));
    assert.equal(display.size, pools.length, 'display names are unique');
  });

  it('covers every documented phase, Running several times', () => {
    const phases = pools.map((p) => p.status?.phase);
    for (const phase of POOL_PHASES) assert.ok(phases.includes(phase), phase);
    assert.ok(phases.filter((p) => p === 'Running').length >= 5);
  });

  it('links physical pools, children and grandchildren consistently', () => {
    let maxDepth = 0;
    for (const p of pools) {
      const s = p.status ?? {};
      if (p.spec?.type === 'Dedicate') {
        assert.equal(s.root, p.metadata.name);
        assert.equal(s.parent, undefined);
        continue;
      }
      assert.equal(p.spec?.type, 'Logical');
      let depth = 0;
      let q: Pool | undefined = p;
      while (q?.status?.parent !== undefined) {
        const next: Pool | undefined = byName.get(q.status.parent);
        assert.ok(next, `parent of ${p.metadata.name} exists`);
        assert.ok((next.metadata.creationTimestamp ?? '') <= (q.metadata.creationTimestamp ?? ''), 'parent is older');
        q = next;
        depth++;
      }
      assert.equal(s.root, q?.metadata.name);
      maxDepth = Math.max(maxDepth, depth);
    }
    assert.ok(maxDepth >= 3, `max depth ${maxDepth}`);
  });

  it('fits children inside their parent, flavor by flavor', () => {
    for (const p of pools) {
      const kids = pools.filter((c) => c.status?.parent === p.metadata.name);
      for (const r of p.spec?.resources ?? []) {
        const used = kids.reduce((n, c) => n + (c.spec?.resources?.find((x) => x.flavor === r.flavor)?.count ?? 0), 0);
        assert.ok(used <= (r.count ?? 0), `${p.metadata.name} ${r.flavor}: ${used} > ${r.count}`);
      }
      for (const c of kids) {
        for (const r of c.spec?.resources ?? []) {
          assert.ok(p.spec?.resources?.some((x) => x.flavor === r.flavor), `${r.flavor} exists in the parent`);
        }
      }
    }
  });

  it('matches node states to the phase and AZ counts to node counts', () => {
    for (const p of pools) {
      const phase = p.status?.phase;
      const name = p.metadata.labels?.['os.modelarts/name'];
      assert.equal(total(p, 'abnormal') > 0, phase === 'Abnormal', `${name}: abnormal nodes iff Abnormal`);
      if (phase === 'Creating') assert.ok(total(p, 'creating') > 0, `${name} has creating nodes`);
      if (phase === 'Deleting') assert.ok(total(p, 'deleting') > 0, `${name} has deleting nodes`);
      if (phase === 'Running' || phase === 'Abnormal') {
        for (const r of p.spec?.resources ?? []) {
          const have = RESOURCE_STATES.reduce((n, st) => n + total(p, st, r.flavor), 0);
          assert.equal(have, r.count, `${name} ${r.flavor}`);
        }
      }
      if (phase !== 'Running') assert.ok(p.status?.message, `${name} explains its phase`);
      for (const st of RESOURCE_STATES) {
        for (const r of p.status?.resources?.[st] ?? []) {
          if (r.azs) assert.equal(r.azs.reduce((n, a) => n + (a.count ?? 0), 0), r.count, `${name} ${st} AZs`);
        }
      }
    }
  });

  it('holds a description with markup characters, to exercise escaping', () => {
    assert.ok(pools.some((p) => /[<>&"]/.test(p.metadata.annotations?.['os.modelarts/description'] ?? '')));
  });
});
