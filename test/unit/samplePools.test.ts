import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNodeList } from '../../src/modelarts/parseNodes';
import {
  NODE_ANNOTATION_DRAIN,
  NODE_ANNOTATION_NPU_PLACEMENT,
  NODE_LABEL_BATCH_NAME,
  NODE_LABEL_CABINET,
  NODE_LABEL_CLUSTER,
  NODE_LABEL_NODEPOOL,
  NODE_PHASES,
  POOL_PHASES,
  RESOURCE_STATES,
} from '../../src/modelarts/types';
import type { Pool, PoolList, ResourceNode, ResourceState } from '../../src/modelarts/types';
import { poolNodes } from '../server/nodes';

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

// The sample nodes (src/samples/nodes.json) against the pools' counts: the
// tree and the details page show both, so they must tell the same story.
describe('sample nodes', () => {
  const nodesFile = path.join(__dirname, '..', '..', '..', 'src', 'samples', 'nodes.json');
  const nodesByPool = JSON.parse(fs.readFileSync(nodesFile, 'utf8')) as Record<string, unknown[]>;
  const parsed = new Map<string, ResourceNode[]>();
  for (const [pool, items] of Object.entries(nodesByPool)) {
    const r = parseNodeList({ kind: 'NodeList', apiVersion: 'v2', metadata: {}, items }, pool);
    if (!r.ok) assert.fail(r.error);
    assert.deepEqual(r.problems, [], `${pool} parses without a problem`);
    parsed.set(pool, r.nodes);
  }
  const all = [...parsed.values()].flat();
  /** The state a phase counts in; Checking (the self-check of a node just built) counts as creating. */
  const STATE_OF: Record<string, ResourceState> = { Available: 'available', Creating: 'creating', Checking: 'creating', Abnormal: 'abnormal', Deleting: 'deleting' };

  it('lists every sample pool, and only those, in the order of pools.json', () => {
    assert.deepEqual(Object.keys(nodesByPool), pools.map((p) => p.metadata.name));
  });

  it('has, per pool, state, flavor and AZ, exactly the nodes status.resources counts', () => {
    for (const p of pools) {
      const name = p.metadata.labels?.['os.modelarts/name'];
      const nodes = parsed.get(p.metadata.name) ?? [];
      const have = new Map<string, number>();
      for (const n of nodes) {
        const state = STATE_OF[n.status?.phase ?? ''];
        assert.ok(state, `${name}: ${n.metadata.name} has a documented phase`);
        for (const key of [`${state} ${n.spec?.flavor}`, `${state} ${n.spec?.flavor} ${n.status?.az}`]) have.set(key, (have.get(key) ?? 0) + 1);
      }
      const want = new Map<string, number>();
      for (const st of RESOURCE_STATES) {
        for (const r of p.status?.resources?.[st] ?? []) {
          want.set(`${st} ${r.flavor}`, (want.get(`${st} ${r.flavor}`) ?? 0) + (r.count ?? 0));
          for (const a of r.azs ?? []) want.set(`${st} ${r.flavor} ${a.az}`, (want.get(`${st} ${r.flavor} ${a.az}`) ?? 0) + (a.count ?? 0));
        }
      }
      for (const [k, v] of want) if (v === 0) want.delete(k);
      assert.deepEqual(new Map([...have].sort()), new Map([...want].sort()), `${name}: nodes by state, flavor and AZ`);
      assert.equal(nodes.length, RESOURCE_STATES.reduce((n, st) => n + total(p, st), 0), `${name}: node count`);
      for (const n of nodes) assert.ok(p.spec?.resources?.some((r) => r.flavor === n.spec?.flavor), `${name}: flavor of ${n.metadata.name}`);
    }
  });

  it('covers every phase, GPU and NPU resources and several AZs', () => {
    const phases = new Set(all.map((n) => n.status?.phase));
    for (const phase of NODE_PHASES) assert.ok(phases.has(phase), phase);
    const keys = new Set(all.flatMap((n) => Object.keys(n.status?.resources ?? {})));
    for (const key of ['cpu', 'memory', 'nvidia.com/gpu', 'huawei.com/ascend-snt9']) assert.ok(keys.has(key), key);
    assert.ok(new Set(all.map((n) => n.status?.az)).size >= 4, 'AZs');
    // Checking nodes: only where a creating count is larger than its creatingStep (the first step is built and self-checking).
    for (const p of pools) {
      const checking = (parsed.get(p.metadata.name) ?? []).filter((n) => n.status?.phase === 'Checking').length;
      const steps = (p.status?.resources?.creating ?? []).reduce((n, r) => n + ((r.count ?? 0) > (r.creatingStep?.step ?? Infinity) ? (r.creatingStep?.step ?? 0) : 0), 0);
      assert.equal(checking, steps, `${p.metadata.labels?.['os.modelarts/name']}: Checking nodes`);
    }
  });

  it('carries the labels, annotations, taints, OS and network of real nodes', () => {
    const labelKeys = new Set(all.flatMap((n) => Object.keys(n.metadata.labels ?? {})));
    for (const key of [NODE_LABEL_NODEPOOL, NODE_LABEL_CLUSTER, NODE_LABEL_BATCH_NAME, 'os.modelarts.node/batch.uid', NODE_LABEL_CABINET, 'os.modelarts.node/elastic.quota', 'os.modelarts.node/volcano.scheduler.cabinet-exclusive']) {
      assert.ok(labelKeys.has(key), key);
    }
    assert.ok(all.some((n) => n.metadata.annotations?.[NODE_ANNOTATION_NPU_PLACEMENT]));
    assert.ok(all.some((n) => n.metadata.annotations?.[NODE_ANNOTATION_DRAIN]));
    assert.ok(all.some((n) => /[<>&"]/.test(n.metadata.annotations?.[NODE_ANNOTATION_DRAIN] ?? '')), 'a drain note with markup characters, to exercise escaping');
    const effects = new Set(all.flatMap((n) => (n.status?.taints ?? []).map((t) => t.effect)));
    for (const effect of ['NoSchedule', 'NoExecute', 'PreferNoSchedule']) assert.ok(effects.has(effect), effect);
    assert.ok(all.every((n) => n.spec?.os?.name && n.spec.hostNetwork?.vpc && n.spec.hostNetwork.subnet && n.spec.hostNetwork.securityGroups?.length));
    assert.ok(all.some((n) => n.status?.privateIp === undefined), 'a node still being created has no address yet');
  });

  it('is one node wherever a name appears, with unique addresses and consistent accelerators', () => {
    const byName = new Map<string, string>();
    const ips = new Map<string, string>();
    for (const n of all) {
      const json = JSON.stringify(n);
      const seen = byName.get(n.metadata.name);
      assert.ok(seen === undefined || seen === json, `${n.metadata.name} is the same node in every pool listing it`);
      byName.set(n.metadata.name, json);
      const ip = n.status?.privateIp;
      if (ip) {
        assert.ok(!ips.has(ip) || ips.get(ip) === n.metadata.name, `${ip} belongs to one node`);
        ips.set(ip, n.metadata.name);
      }
      for (const [key, value] of Object.entries(n.status?.resources ?? {})) {
        const free = n.status?.availableResources?.[key];
        if (free !== undefined && /^\d+$/.test(value ?? '')) assert.ok(Number(free) <= Number(value), `${n.metadata.name} ${key}`);
        if (key.startsWith('huawei.com/') && free !== undefined) {
          const placement = n.metadata.annotations?.[NODE_ANNOTATION_NPU_PLACEMENT] ?? '';
          assert.match(placement, /^[01]{16}$/);
          assert.equal(placement.split('1').length - 1, Number(value) - Number(free), `${n.metadata.name}: occupied cards`);
        }
      }
      if (n.status?.phase === 'Abnormal') assert.ok(n.status.taints?.some((t) => t.effect === 'NoExecute'), `${n.metadata.name} is tainted`);
    }
    assert.ok(byName.size < all.length, 'logical pools list nodes of their parents');
  });

  it('is what scripts/sample-nodes.js writes from the sample pools', () => {
    const generated = Object.fromEntries(poolNodes(list));
    assert.deepEqual(nodesByPool, JSON.parse(JSON.stringify(generated)), 'run node scripts/sample-nodes.js and review the diff');
  });
});
