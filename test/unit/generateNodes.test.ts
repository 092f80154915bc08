import * as assert from 'node:assert/strict';
import { parseNodeList } from '../../src/modelarts/parseNodes';
import { NODE_PHASES, type PoolResourceFlavorCount } from '../../src/modelarts/types';
import { generatePoolList } from '../bench/generate';
import { MAX_GENERATED_NODES_PER_POOL, capacityOf, generateNodes, poolNodes, resourcesFromNodes, stateOfPhase } from '../server/nodes';

describe('generated nodes (local server, samples, bench)', () => {
  it('generateNodes: deterministic, unique names and addresses, every phase from 100 on, valid for the parser', () => {
    const a = generateNodes(1000, { poolName: 'p', flavors: ['modelarts.bm.npu.arm.8snt9b3.d', 'modelarts.vm.gpu.t4u8'] });
    assert.equal(JSON.stringify(a), JSON.stringify(generateNodes(1000, { poolName: 'p', flavors: ['modelarts.bm.npu.arm.8snt9b3.d', 'modelarts.vm.gpu.t4u8'] })));
    assert.notEqual(JSON.stringify(a), JSON.stringify(generateNodes(1000, { poolName: 'q' })));
    assert.equal(new Set(a.map((n) => n.metadata.name)).size, 1000);
    assert.equal(new Set(a.map((n) => n.status.privateIp)).size, 1000);
    for (const phase of NODE_PHASES) assert.ok(a.some((n) => n.status.phase === phase), phase);
    assert.deepEqual(generateNodes(0), []);
    assert.throws(() => generateNodes(-1), RangeError);
    const parsed = parseNodeList(a, 'generated');
    assert.ok(parsed.ok && parsed.problems.length === 0 && parsed.nodes.length === 1000);
  });

  it('resourcesFromNodes counts them back by state, flavor and AZ', () => {
    const nodes = generateNodes(300, { flavors: ['f1', 'f2'], azs: ['a', 'b'] });
    const status = resourcesFromNodes(nodes);
    const total = Object.values(status).flat().reduce((n, r) => n + (r.count ?? 0), 0);
    assert.equal(total, 300);
    for (const [state, list] of Object.entries(status) as Array<[string, PoolResourceFlavorCount[] | undefined]>) {
      for (const r of list ?? []) {
        assert.equal(r.azs?.reduce((n, z) => n + (z.count ?? 0), 0), r.count);
        assert.equal(nodes.filter((n) => stateOfPhase(n.status.phase) === state && n.spec.flavor === r.flavor).length, r.count);
      }
    }
  });

  it('knows the flavors of the samples and guesses others from the name', () => {
    assert.deepEqual(capacityOf('modelarts.bm.npu.arm.8snt9b3.d').accelerator, { key: 'huawei.com/ascend-snt9', count: 8 });
    assert.deepEqual(capacityOf('modelarts.vm.npu.snt3').accelerator, { key: 'huawei.com/ascend-snt3', count: 1 });
    assert.deepEqual(capacityOf('modelarts.bm.gpu.8a100').accelerator, { key: 'nvidia.com/gpu', count: 8 });
    assert.equal(capacityOf('modelarts.vm.cpu.16u').cpu, 16);
    assert.equal(capacityOf('<script>').accelerator, undefined);
  });

  it('poolNodes survives any pools file: not a list, cycles, deep chains, huge counts', () => {
    assert.equal(poolNodes({ hello: 'world' }).size, 0);
    assert.equal(poolNodes(null).size, 0);
    const cycle = poolNodes({
      items: [
        { metadata: { name: 'a' }, status: { parent: 'b', resources: { available: [{ flavor: 'f', count: 2 }] } } },
        { metadata: { name: 'b' }, status: { parent: 'a', resources: { available: [{ flavor: 'f', count: 1 }] } } },
        { metadata: { name: 'self' }, status: { parent: 'self', resources: { available: [{ flavor: 'f', count: 1 }] } } },
      ],
    });
    assert.deepEqual([...cycle].map(([k, v]) => [k, v.length]), [['a', 2], ['b', 1], ['self', 1]]);
    const chain = Array.from({ length: 5000 }, (_, i) => ({ metadata: { name: `c${i}` }, status: { ...(i ? { parent: `c${i - 1}` } : {}), resources: { available: [{ flavor: 'f', count: 1 }] } } }));
    const deep = poolNodes({ items: chain });
    assert.equal(deep.size, 5000);
    assert.equal(deep.get('c4999')?.[0], deep.get('c0')?.[0], 'the one node is listed all the way down');
    const huge = poolNodes({ items: [{ metadata: { name: 'h' }, status: { resources: { available: [{ flavor: 'f', count: 1_000_000 }] } } }] });
    assert.equal(huge.get('h')?.length, MAX_GENERATED_NODES_PER_POOL);
  });

  it('poolNodes follows the counts of generated pool lists', () => {
    const { pools } = generatePoolList(200, 4);
    const nodes = poolNodes({ items: pools });
    assert.equal(nodes.size, 200);
    for (const pool of pools as Array<{ metadata: { name: string }; status: { resources: Record<string, Array<{ count: number }>> } }>) {
      const counted = Object.values(pool.status.resources).flat().reduce((n, r) => n + r.count, 0);
      assert.equal(nodes.get(pool.metadata.name)?.length, counted, pool.metadata.name);
    }
  });
});
