import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_CONTINUE_TOKEN_LENGTH, parseNodeList, parseNodeListText, type NodePageParse, type ParsedNodePage } from '../../src/modelarts/parseNodes';
import { NODE_PHASES, type ResourceNode } from '../../src/modelarts/types';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../../../test/fixtures', name), 'utf8');

function ok(result: NodePageParse): ParsedNodePage {
  if (!result.ok) assert.fail(`expected success, got: ${result.error}`);
  return result;
}

function problemLines(page: ParsedNodePage): string[] {
  return page.problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

/** A node with every field of every table of the reference (5 to 13), and the SDK's additions. */
function fullNode(name = 'os-node-created-full1'): Record<string, unknown> {
  return {
    apiVersion: 'v2',
    kind: 'Node',
    metadata: {
      name,
      creationTimestamp: '2025-03-02T08:15:00Z',
      labels: {
        'os.modelarts.node/cluster': 'cluster-01',
        'os.modelarts.node/batch.uid': '3f1a0c7e-5b2d-4e8f-9a61-2c4d8e0b7f13',
        'os.modelarts.node/batch.name': 'batch-20250302',
        'os.modelarts.node/volcano.scheduler.cabinet-exclusive': 'job-7d1c',
        'cce.kubectl.kubernetes.io/cabinet': '10.255.0.1-10.255.0.2',
        'os.modelarts.node/nodepool': 'pool-a-default',
        'os.modelarts/elastic.quota': 'pool-a-child',
        'os.modelarts.node/elastic.quota': 'pool-a-child',
      },
      annotations: {
        'os.modelarts/npu-topology-placement': '0000000011110000',
        'os.modelarts.node/drain': 'Draining: HBM ECC errors on NPU 3',
      },
    },
    spec: {
      flavor: 'modelarts.bm.npu.arm.8snt9b3.d',
      hostNetwork: { vpc: 'vpc-1', subnet: 'subnet-1', securityGroups: ['sg-1', 'sg-2'] },
      os: { name: 'EulerOS 2.10', imageId: 'img-1', imageType: 'private' },
    },
    status: {
      phase: 'Checking',
      az: 'cn-north-4a',
      privateIp: '192.168.0.7',
      resources: { cpu: '192', memory: '1536Gi', 'huawei.com/ascend-snt9': '8', 'huawei.com/ascend-snt3': '0', 'nvidia.com/gpu': '0' },
      availableResources: { cpu: '150', memory: '1200Gi', 'huawei.com/ascend-snt9': '4' },
      taints: [
        { key: 'node.kubernetes.io/unschedulable', value: 'true', effect: 'NoSchedule', timeAdded: '2025-03-02T09:00:00Z' },
        { key: 'a', effect: 'PreferNoSchedule' },
        { key: 'b', effect: 'NoExecute' },
      ],
    },
  };
}

describe('parseNodeList', () => {
  it('parses the example response of the reference', () => {
    const page = ok(parseNodeListText(fixture('nodes-example.json'), 'the example'));
    assert.equal(page.kind, 'NodeList');
    assert.equal(page.apiVersion, 'v2');
    assert.deepEqual(page.nodes.map((n) => n.metadata.name), ['os-node-created-zlncn', 'os-node-created-4s522', 'os-node-created-v7hfj']);
    const n = page.nodes[2];
    assert.equal(n.kind, 'Node');
    assert.equal(n.metadata.creationTimestamp, '2022-09-16T09:16:37Z');
    assert.equal(n.spec?.flavor, 'modelarts.vm.cpu.4ud');
    assert.equal(n.status?.phase, 'Available');
    assert.equal(n.status?.az, 'xx-xxxx-xx');
    assert.equal(n.status?.privateIp, '192.168.0.3');
    assert.deepEqual(n.status?.resources, { cpu: '3920m', memory: '6270Mi' });
    assert.deepEqual(n.status?.availableResources, { cpu: '3720m', memory: '5670Mi' });
    assert.deepEqual(page.problems, []);
    assert.equal(page.continueToken, undefined, 'metadata {} is the last page');
    assert.equal(page.remainingItemCount, undefined);
  });

  it('uses valid items as they are and keeps each raw item by name', () => {
    const body = JSON.parse(fixture('nodes-example.json')) as { items: unknown[] };
    const page = ok(parseNodeList(body, 'x'));
    page.nodes.forEach((n, i) => {
      assert.equal(n, body.items[i], 'a valid node is not copied');
      assert.equal(page.raw.get(n.metadata.name), body.items[i]);
    });
  });

  it('keeps every field of every table (5 to 13) and the SDK additions, with nothing to report', () => {
    const item = fullNode();
    const snapshot = JSON.stringify(item);
    const page = ok(
      parseNodeList({ apiVersion: 'v2', kind: 'NodeList', metadata: { continue: 'eyJvIjoxMDB9', remainingItemCount: 150 }, items: [item] }, 'x'),
    );
    assert.deepEqual(page.problems, []);
    assert.equal(page.continueToken, 'eyJvIjoxMDB9');
    assert.equal(page.remainingItemCount, 150);
    const n: ResourceNode = page.nodes[0];
    assert.equal(n, item as unknown as ResourceNode);
    assert.equal(JSON.stringify(n), snapshot);
    assert.equal(n.metadata.labels?.['cce.kubectl.kubernetes.io/cabinet'], '10.255.0.1-10.255.0.2');
    assert.equal(n.metadata.labels?.['os.modelarts.node/nodepool'], 'pool-a-default');
    assert.equal(n.metadata.annotations?.['os.modelarts/npu-topology-placement'], '0000000011110000');
    assert.deepEqual(n.spec?.hostNetwork?.securityGroups, ['sg-1', 'sg-2']);
    assert.equal(n.spec?.os?.name, 'EulerOS 2.10');
    assert.equal(n.status?.phase, 'Checking');
    assert.equal(n.status?.resources?.['huawei.com/ascend-snt9'], '8');
    assert.equal(n.status?.resources?.['huawei.com/ascend-snt3'], '0');
    assert.equal(n.status?.taints?.length, 3);
    assert.deepEqual(n.status?.taints?.map((t) => t.effect), ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  });

  it('accepts every documented phase and keeps an unknown or missing one as is', () => {
    const items: unknown[] = [...NODE_PHASES, 'Hibernating', ''].map((phase, i) => ({ metadata: { name: `n${i}` }, status: { phase } }));
    items.push({ metadata: { name: 'no-phase' }, status: {} }, { metadata: { name: 'no-status' } });
    const page = ok(parseNodeList({ kind: 'NodeList', items }, 'x'));
    assert.deepEqual(page.nodes.map((n) => n.status?.phase), [...NODE_PHASES, 'Hibernating', '', undefined, undefined]);
    assert.deepEqual(page.problems, []);
  });

  it('keeps unknown fields, labels, annotations and resource keys (the JSON view shows them)', () => {
    const item = {
      metadata: { name: 'n', uid: 'u-1', labels: { 'kubernetes.io/hostname': 'h' }, annotations: { 'x/y': 'z' } },
      spec: { flavor: 'f', rootVolume: { volumeType: 'SSD', size: '100' }, dataVolumes: [] },
      status: { resources: { 'huawei.com/ascend-1980': '16', 'example.com/fpga': '2' }, conditions: [{ type: 'Ready' }] },
      extra: true,
    };
    const page = ok(parseNodeList({ items: [item] }, 'x'));
    assert.equal(page.nodes[0], item as unknown as ResourceNode);
    assert.equal(page.nodes[0].status?.resources?.['huawei.com/ascend-1980'], '16');
    assert.deepEqual(page.problems, []);
  });

  it('takes resource quantities sent as numbers, as strings, without a warning', () => {
    const item = { metadata: { name: 'n' }, status: { resources: { cpu: 8, memory: '64Gi', 'nvidia.com/gpu': 1, half: 0.5 }, availableResources: { cpu: 0 } } };
    const snapshot = JSON.stringify(item);
    const page = ok(parseNodeList({ items: [item] }, 'x'));
    assert.deepEqual(page.nodes[0].status?.resources, { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '1', half: '0.5' });
    assert.deepEqual(page.nodes[0].status?.availableResources, { cpu: '0' });
    assert.deepEqual(page.problems, []);
    assert.equal(JSON.stringify(item), snapshot, 'the raw item is never modified');
    assert.equal(page.raw.get('n'), item);
  });

  it('drops wrong-typed fields with a warning and keeps the rest', () => {
    const item = {
      apiVersion: 2,
      kind: ['Node'],
      metadata: { name: 'n', creationTimestamp: 1663306364, labels: { 'os.modelarts.node/cluster': 'c', bad: 3, nil: null }, annotations: 'drain' },
      spec: { flavor: 8, hostNetwork: { vpc: 'v', subnet: {}, securityGroups: ['sg', 5] }, os: 'EulerOS' },
      status: {
        phase: 1,
        az: null,
        privateIp: 192168,
        resources: { cpu: '8', memory: true, gpu: { n: 1 }, inf: Infinity },
        availableResources: 'lots',
        taints: [{ key: 'k', effect: 7 }, 'NoSchedule', null, { key: 'ok' }],
      },
    };
    const snapshot = JSON.stringify(item);
    const page = ok(parseNodeList({ items: [item] }, 'x'));
    const n = page.nodes[0];
    assert.deepEqual(n, {
      metadata: { name: 'n', labels: { 'os.modelarts.node/cluster': 'c' } },
      spec: { hostNetwork: { vpc: 'v', securityGroups: ['sg'] } },
      status: { resources: { cpu: '8' }, taints: [{ key: 'k' }, { key: 'ok' }] },
    });
    assert.deepEqual(problemLines(page), [
      'dropped items[0].metadata.creationTimestamp: expected a string, got a number',
      'dropped items[0].metadata.labels["bad"]: expected a string, got a number',
      'dropped items[0].metadata.annotations: expected an object of strings, got a string',
      'dropped items[0].apiVersion: expected a string, got a number',
      'dropped items[0].kind: expected a string, got an array',
      'dropped items[0].spec.flavor: expected a string, got a number',
      'dropped items[0].spec.hostNetwork.subnet: expected a string, got an object',
      'dropped items[0].spec.hostNetwork.securityGroups[1]: expected a string, got a number',
      'dropped items[0].spec.os: expected an object, got a string',
      'dropped items[0].status.phase: expected a string, got a number',
      'dropped items[0].status.privateIp: expected a string, got a number',
      'dropped items[0].status.resources["memory"]: expected a string, got a boolean',
      'dropped items[0].status.resources["gpu"]: expected a string, got an object',
      'dropped items[0].status.resources["inf"]: expected a string, got a number',
      'dropped items[0].status.availableResources: expected an object of strings, got a string',
      'dropped items[0].status.taints[0].effect: expected a string, got a number',
      'dropped items[0].status.taints[1]: expected an object, got a string',
    ]);
    assert.ok(page.problems.every((p) => p.index === 0));
    assert.equal(JSON.stringify(item), snapshot, 'the raw item is never modified');
    assert.equal(page.raw.get('n'), item);
  });

  it('skips items that are not objects or have no name, and repeated names, reporting each by index', () => {
    const items = [
      { metadata: { name: 'good-1' } },
      'node',
      null,
      { spec: {} },
      { metadata: {} },
      { metadata: { name: 12 } },
      { metadata: { name: '  ' } },
      [{ metadata: { name: 'x' } }],
      { metadata: { name: 'good-2' } },
      { metadata: 'name' },
      { metadata: { name: 'good-1' }, status: { phase: 'Abnormal' } },
      42,
    ];
    const page = ok(parseNodeList({ kind: 'NodeList', items }, 'x'));
    assert.deepEqual(page.nodes.map((n) => n.metadata.name), ['good-1', 'good-2']);
    assert.equal(page.nodes[0].status, undefined, 'the first of two same-named nodes wins');
    assert.deepEqual(
      page.problems.map((p) => [p.index, p.severity, p.path, p.message]),
      [
        [1, 'skipped', 'items[1]', 'item 1 is a string, not a node object; skipped'],
        [2, 'skipped', 'items[2]', 'item 2 is null, not a node object; skipped'],
        [3, 'skipped', 'items[3]', 'item 3 has no metadata; skipped'],
        [4, 'skipped', 'items[4]', 'item 4 has no metadata.name; skipped'],
        [5, 'skipped', 'items[5]', 'item 5 has an invalid metadata.name (a number); skipped'],
        [6, 'skipped', 'items[6]', 'item 6 has an invalid metadata.name (a string, empty); skipped'],
        [7, 'skipped', 'items[7]', 'item 7 is an array, not a node object; skipped'],
        [9, 'skipped', 'items[9]', 'item 9 has metadata of the wrong type (a string); skipped'],
        [10, 'skipped', 'items[10].metadata.name', 'item 10 repeats the node name "good-1" of an earlier item; skipped'],
        [11, 'skipped', 'items[11]', 'item 11 is a number, not a node object; skipped'],
      ],
    );
    assert.deepEqual([...page.raw.keys()], ['good-1', 'good-2']);
  });

  it('accepts a bare array of nodes and an empty list', () => {
    const page = ok(parseNodeList([{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }], 'x'));
    assert.deepEqual(page.nodes.map((n) => n.metadata.name), ['a', 'b']);
    assert.equal(page.kind, undefined);
    const empty = ok(parseNodeList({ kind: 'NodeList', apiVersion: 'v2', metadata: {}, items: [] }, 'x'));
    assert.deepEqual(empty.nodes, []);
    assert.deepEqual(empty.problems, []);
  });

  describe('paging metadata', () => {
    const page = (metadata: unknown): ParsedNodePage => ok(parseNodeList({ kind: 'NodeList', metadata, items: [{ metadata: { name: 'a' } }] }, 'x'));

    it('takes a non-empty continue token and a whole remaining count', () => {
      const p = page({ continue: 'abc/+=', remainingItemCount: 0 });
      assert.equal(p.continueToken, 'abc/+=');
      assert.equal(p.remainingItemCount, 0);
      assert.deepEqual(p.problems, []);
      const long = 'x'.repeat(MAX_CONTINUE_TOKEN_LENGTH);
      assert.equal(page({ continue: long }).continueToken, long);
    });

    it('reads an empty or absent token as the last page', () => {
      for (const metadata of [{ continue: '' }, {}, null, undefined, { continue: null, remainingItemCount: null }]) {
        const p = page(metadata);
        assert.equal(p.continueToken, undefined);
        assert.equal(p.remainingItemCount, undefined);
        assert.deepEqual(p.problems, []);
      }
    });

    it('drops unusable values with a problem, keeping the page', () => {
      const cases: Array<[unknown, string[]]> = [
        [{ continue: 5 }, ['dropped metadata.continue: expected a string, got a number']],
        [{ continue: { next: 1 } }, ['dropped metadata.continue: expected a string, got an object']],
        [{ continue: 'x'.repeat(MAX_CONTINUE_TOKEN_LENGTH + 1) }, [`dropped metadata.continue: the continue token is ${MAX_CONTINUE_TOKEN_LENGTH + 1} characters long, more than ${MAX_CONTINUE_TOKEN_LENGTH}; paging stops here`]],
        [{ remainingItemCount: '12' }, ['dropped metadata.remainingItemCount: expected a number, got a string']],
        [{ remainingItemCount: -1 }, ['dropped metadata.remainingItemCount: expected a whole number of 0 or more, got -1']],
        [{ remainingItemCount: 2.5 }, ['dropped metadata.remainingItemCount: expected a whole number of 0 or more, got 2.5']],
        [{ remainingItemCount: 1e300 }, ['dropped metadata.remainingItemCount: expected a whole number of 0 or more, got 1e+300']],
        ['continue', ['dropped metadata: expected an object, got a string']],
        [[{ continue: 'a' }], ['dropped metadata: expected an object, got an array']],
      ];
      for (const [metadata, expected] of cases) {
        const p = page(metadata);
        assert.deepEqual(problemLines(p), expected, JSON.stringify(metadata).slice(0, 60));
        assert.equal(p.nodes.length, 1);
        assert.equal(p.continueToken, undefined);
        assert.equal(p.remainingItemCount, undefined);
        assert.ok(p.problems.every((x) => x.index === undefined));
      }
      const mixed = page({ continue: 'next', remainingItemCount: 'many' });
      assert.equal(mixed.continueToken, 'next', 'a bad count leaves a good token');
    });
  });

  describe('hostile input', () => {
    it('keeps hostile strings verbatim (escaping is the views\' job) and never pollutes prototypes', () => {
      const nasty = '<img src=x onerror=alert(1)>[link](command:workbench.action.quit) $(zap) \u202e\u0000\r\n`**';
      const item = JSON.parse(
        JSON.stringify({
          metadata: { name: nasty, labels: { constructor: nasty, [nasty]: nasty }, annotations: { toString: 'x' } },
          spec: { flavor: nasty, os: { name: nasty } },
          status: { phase: nasty, privateIp: nasty, resources: { cpu: nasty, hasOwnProperty: 1 }, taints: [{ key: nasty, effect: nasty }] },
        }).replace('"labels":{', '"labels":{"__proto__":{"polluted":true},'),
      ) as Record<string, unknown>;
      const page = ok(parseNodeList({ items: [item, { metadata: { name: '__proto__' } }, { metadata: { name: 'constructor' } }] }, 'x'));
      assert.deepEqual(page.nodes.map((n) => n.metadata.name), [nasty, '__proto__', 'constructor']);
      const n = page.nodes[0];
      assert.equal(n.spec?.flavor, nasty);
      assert.equal(n.status?.phase, nasty, 'an unknown phase is kept as is');
      assert.equal(n.metadata.labels?.[nasty], nasty);
      assert.equal(Object.getPrototypeOf(n.metadata.labels), Object.prototype);
      assert.equal(Object.prototype.hasOwnProperty.call(n.metadata.labels, '__proto__'), false, 'the non-string __proto__ label is dropped');
      assert.equal(n.status?.resources?.hasOwnProperty, '1');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.ok(page.raw.has('__proto__') && page.raw.has('constructor'));
      assert.deepEqual(problemLines(page), ['dropped items[0].metadata.labels["__proto__"]: expected a string, got an object']);
    });

    it('handles huge strings and many items in one pass', () => {
      const big = 'x'.repeat(1_000_000);
      const items: unknown[] = Array.from({ length: 20_000 }, (_, i) => ({ metadata: { name: `n${i % 10_000}` }, status: { phase: 'Available', az: 'az' } }));
      items.push({ metadata: { name: big, labels: { [big]: big } }, status: { phase: big, resources: { cpu: big } } });
      const started = Date.now();
      const page = ok(parseNodeList({ items }, 'x'));
      assert.equal(page.nodes.length, 10_001);
      assert.equal(page.nodes[10_000].status?.resources?.cpu, big);
      assert.equal(page.problems.length, 10_000, 'the second half repeats the first');
      assert.ok(Date.now() - started < 2000);
    });
  });

  describe('not a node list', () => {
    it('gives one clear error naming the source', () => {
      const cases: Array<[unknown, string]> = [
        [{ error_code: 'ModelArts.50015001', error_msg: 'pool not found' }, 'S is not a node list: expected an object with "items" (or an array of nodes), found keys "error_code", "error_msg".'],
        [{}, 'S is not a node list: expected an object with "items" (or an array of nodes), found an empty object.'],
        [{ kind: 'NodeList', items: { a: 1 } }, 'S is not a node list: "items" is an object, expected an array of nodes.'],
        [{ items: null }, 'S is not a node list: "items" is null, expected an array of nodes.'],
        [42, 'S is not a node list: the JSON is a number, expected an object with "items" or an array of nodes.'],
        [null, 'S is not a node list: the JSON is null, expected an object with "items" or an array of nodes.'],
        ['NodeList', 'S is not a node list: the JSON is a string, expected an object with "items" or an array of nodes.'],
        [{ kind: 'PoolList', apiVersion: 'v2', items: [{ metadata: { name: 'pool-1' } }] }, 'S is not a node list: its kind is "PoolList", expected "NodeList".'],
        [{ kind: 'Node\n<b>x</b>' + 'y'.repeat(100), items: [] }, `S is not a node list: its kind is "Node <b>x</b>${'y'.repeat(26)}…", expected "NodeList".`],
      ];
      for (const [body, error] of cases) assert.deepEqual(parseNodeList(body, 'S'), { ok: false, error }, JSON.stringify(body).slice(0, 60));
    });

    it('says what is wrong with text that is not JSON', () => {
      const html = parseNodeListText('<html><body>502 Bad Gateway</body></html>', 'ModelArts');
      assert.match(!html.ok ? html.error : '', /^ModelArts is not valid JSON \(it looks like HTML or XML\): /);
      const truncated = parseNodeListText('{"kind":"NodeList","items":[{"metadata":{"name":"a"', 'ModelArts');
      assert.match(!truncated.ok ? truncated.error : '', /^ModelArts is not valid JSON: /);
      assert.deepEqual(parseNodeListText(' \n', 'ModelArts'), { ok: false, error: 'ModelArts is empty: expected a node list (JSON).' });
      const bom = ok(parseNodeListText('\ufeff{"items":[{"metadata":{"name":"a"}}]}', 'x'));
      assert.equal(bom.nodes[0].metadata.name, 'a');
    });
  });
});
