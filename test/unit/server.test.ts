import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { formatSdkDate } from '../../src/modelarts/signer';
import { parseNodeList } from '../../src/modelarts/parseNodes';
import { nodeContinueToken } from '../../src/pools/samplePaging';
import { RESOURCE_STATES, type Pool, type ResourceNode } from '../../src/modelarts/types';
import { stateOfPhase } from '../server/nodes';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  POOL_NOT_FOUND,
  startModelArtsServer,
  type RunningModelArtsServer,
} from '../server/server';
import { rawRequest, sendRaw, type RawResponse } from './serverHelpers';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/server-pools.json');
const POOLS = `/v2/${DEFAULT_PROJECT_ID}/pools`;
const KEYS = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };

function names(res: RawResponse): string[] {
  const items = (res.json as { items?: Array<{ metadata: { name: string } }> }).items ?? [];
  return items.map((p) => p.metadata.name).sort();
}

function errorBody(res: RawResponse): { error_code?: string; error_msg?: string; request_id?: string } {
  return res.json as { error_code?: string; error_msg?: string; request_id?: string };
}

describe('local ModelArts server', () => {
  let server: RunningModelArtsServer;

  before(async () => {
    server = await startModelArtsServer({ file: FIXTURE });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.setMisbehaviour(undefined);
    server.resetRequests();
  });

  const get = (query?: Record<string, string>): Promise<RawResponse> => rawRequest(server.url, POOLS, { ...KEYS, query });

  it('listens on 127.0.0.1 on a free port', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
  });

  describe('authentication', () => {
    it('accepts a request signed by the official SDK signer', async () => {
      const host = new URL(server.url).host;
      const query = { labelSelector: 'os.modelarts/name=alpha pool', status: 'created' };
      const headers = AKSKSigner.sign(
        { method: 'GET', endpoint: `${server.url}${POOLS}`, queryParams: query, headers: { 'content-type': 'application/json', 'X-Project-Id': DEFAULT_PROJECT_ID } },
        new BasicCredentials().withAk(DEFAULT_ACCESS_KEY).withSk(DEFAULT_SECRET_KEY),
      ) as Record<string, string>;
      assert.equal(headers.host, host);
      const res = await sendRaw(server.url, `${POOLS}?labelSelector=os.modelarts%2Fname%3Dalpha%20pool&status=created`, 'GET', headers);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(names(res), ['p-root-a']);
    });

    it('rejects a wrong signature with APIGW.0301', async () => {
      const res = await rawRequest(server.url, POOLS, { ...KEYS, secretKey: 'WRONG' + DEFAULT_SECRET_KEY.slice(5) });
      assert.equal(res.status, 401);
      const body = errorBody(res);
      assert.equal(body.error_code, 'APIGW.0301');
      assert.match(body.error_msg ?? '', /verify aksk signature fail/);
      assert.match(body.request_id ?? '', /^[0-9a-f]{32}$/);
      assert.equal(res.headers['x-request-id'], body.request_id);
    });

    it('rejects a request changed after signing', async () => {
      const res = await rawRequest(server.url, POOLS, { ...KEYS, query: { status: 'created' }, overrideTarget: `${POOLS}?status=failed` });
      assert.equal(res.status, 401);
      assert.match(errorBody(res).error_msg ?? '', /signature fail/);
      const tampered = await rawRequest(server.url, POOLS, { ...KEYS, headers: { 'X-Project-Id': 'a' }, tamper: (h) => (h['X-Project-Id'] = 'b') });
      assert.equal(tampered.status, 401);
    });

    it('rejects an unknown access key without echoing it', async () => {
      const res = await rawRequest(server.url, POOLS, { accessKey: 'UNKNOWNKEY1234567890', secretKey: DEFAULT_SECRET_KEY });
      assert.equal(res.status, 401);
      assert.equal(errorBody(res).error_code, 'APIGW.0301');
      assert.match(errorBody(res).error_msg ?? '', /access key UNKN\*\*\*\* does not exist/);
      assert.ok(!res.text.includes('UNKNOWNKEY1234567890'));
    });

    it('rejects an X-Sdk-Date more than 15 minutes off, either way', async () => {
      for (const minutes of [16, -16]) {
        const res = await rawRequest(server.url, POOLS, { ...KEYS, date: new Date(Date.now() + minutes * 60_000) });
        assert.equal(res.status, 401, `${minutes} minutes`);
        assert.match(errorBody(res).error_msg ?? '', /more than 15 minutes/);
      }
      const ok = await rawRequest(server.url, POOLS, { ...KEYS, date: new Date(Date.now() - 14 * 60_000) });
      assert.equal(ok.status, 200);
    });

    it('rejects a missing or foreign Authorization header and a malformed date', async () => {
      const none = await sendRaw(server.url, POOLS, 'GET', { 'X-Sdk-Date': formatSdkDate(new Date()) });
      assert.equal(none.status, 401);
      assert.match(errorBody(none).error_msg ?? '', /Authorization header is missing/);
      const bearer = await sendRaw(server.url, POOLS, 'GET', { Authorization: 'Bearer abc' });
      assert.equal(bearer.status, 401);
      const badDate = await rawRequest(server.url, POOLS, { ...KEYS, headers: { 'X-Sdk-Date': '2024-01-01T00:00:00Z' } });
      assert.equal(badDate.status, 401);
      assert.match(errorBody(badDate).error_msg ?? '', /X-Sdk-Date is missing or not/);
    });

    it('needs the signed security token of temporary credentials', async () => {
      const temp = await startModelArtsServer({
        file: FIXTURE,
        credentials: [{ accessKey: 'TEMPAK00000000000000', secretKey: 'TEMPSK', securityToken: 'TOKEN-123' }],
      });
      try {
        const creds = { accessKey: 'TEMPAK00000000000000', secretKey: 'TEMPSK' };
        assert.equal((await rawRequest(temp.url, POOLS, { ...creds, securityToken: 'TOKEN-123' })).status, 200);
        const missing = await rawRequest(temp.url, POOLS, creds);
        assert.equal(missing.status, 401);
        assert.match(errorBody(missing).error_msg ?? '', /X-Security-Token/);
        const wrong = await rawRequest(temp.url, POOLS, { ...creds, securityToken: 'TOKEN-999' });
        assert.equal(wrong.status, 401);
        assert.match(errorBody(wrong).error_msg ?? '', /security token is invalid/);
        assert.equal(temp.requests[1].authFailure, 'temporary credentials need a signed X-Security-Token');
      } finally {
        await temp.close();
      }
    });
  });

  describe('ListPools', () => {
    it('serves workspace "0" by default, counting pools without the label as "0"', async () => {
      const res = await get();
      assert.equal(res.status, 200);
      assert.equal((res.json as { kind: string }).kind, 'PoolList');
      const all = names(res);
      assert.equal(all.length, 11);
      assert.ok(all.includes('p-root-b'), 'no workspace label counts as "0"');
      assert.ok(all.includes('p-badtypes'), 'labels of the wrong type count as none');
      assert.ok(!all.includes('p-ws2'));
      assert.deepEqual(names(await get({ workspaceId: '0' })), all);
      assert.deepEqual(names(await get({ workspaceId: '' })), all);
      assert.deepEqual(names(await get({ workspaceId: 'ws-2' })), ['p-ws2']);
      assert.deepEqual(names(await get({ workspaceId: 'nope' })), []);
    });

    it('maps status to phases as documented', async () => {
      assert.deepEqual(names(await get({ status: 'created' })), ['p-deleting', 'p-root-a', 'p-root-b', 'p-scale']);
      assert.deepEqual(names(await get({ status: 'failed' })), ['p-a-child2', 'p-error']);
      assert.deepEqual(names(await get({ status: 'creating' })), ['p-a-child1', 'p-a-grandchild']);
      const bad = await get({ status: 'running' });
      assert.equal(bad.status, 400);
      assert.equal(errorBody(bad).error_code, 'ModelArts.0101');
      assert.match(errorBody(bad).error_msg ?? '', /Invalid status "running"/);
    });

    it('lists only the direct children of a parent', async () => {
      assert.deepEqual(names(await get({ parent: 'p-root-a' })), ['p-a-child1', 'p-a-child2']);
      assert.deepEqual(names(await get({ parent: 'p-a-child1' })), ['p-a-grandchild']);
      assert.deepEqual(names(await get({ parent: 'p-none' })), []);
    });

    it('evaluates Kubernetes label selectors', async () => {
      assert.deepEqual(names(await get({ labelSelector: 'env=dev' })), ['p-a-child1', 'p-a-grandchild']);
      assert.deepEqual(names(await get({ labelSelector: 'env==dev' })), ['p-a-child1', 'p-a-grandchild']);
      assert.equal(names(await get({ labelSelector: 'env!=prod' })).length, 9);
      assert.deepEqual(names(await get({ labelSelector: 'env in (dev, test)' })), ['p-a-child1', 'p-a-grandchild', 'p-unknown']);
      assert.deepEqual(names(await get({ labelSelector: 'env notin (dev,test),env' })), ['p-a-child2', 'p-root-b']);
      assert.deepEqual(names(await get({ labelSelector: '!env' })), ['p-badtypes', 'p-deleting', 'p-error', 'p-nostatus', 'p-root-a', 'p-scale']);
      assert.deepEqual(names(await get({ labelSelector: 'os.modelarts/name=alpha pool' })), ['p-root-a']);
      assert.deepEqual(names(await get({ labelSelector: 'os.modelarts/name=Ωmega/β' })), ['p-root-b']);
    });

    it('answers 400 with a ModelArts error body for an invalid selector', async () => {
      const res = await get({ labelSelector: 'env in (dev' });
      assert.equal(res.status, 400);
      assert.equal(errorBody(res).error_code, 'ModelArts.0101');
      assert.match(errorBody(res).error_msg ?? '', /^Invalid labelSelector: .*column/);
    });

    it('combines all four parameters', async () => {
      const res = await get({ workspaceId: '0', labelSelector: 'env=dev', status: 'creating', parent: 'p-root-a' });
      assert.deepEqual(names(res), ['p-a-child1']);
    });

    it('answers 403 for another project and 404 for an unknown path', async () => {
      const other = await rawRequest(server.url, '/v2/ffffffffffffffffffffffffffffffff/pools', KEYS);
      assert.equal(other.status, 403);
      assert.match(errorBody(other).error_msg ?? '', /does not belong/);
      const unknown = await rawRequest(server.url, '/v1/pools', KEYS);
      assert.equal(unknown.status, 404);
      assert.equal(errorBody(unknown).error_code, 'APIGW.0101');
    });

    it('serves only GET', async () => {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await rawRequest(server.url, POOLS, { ...KEYS, method });
        assert.equal(res.status, 405, method);
        assert.equal(res.headers.allow, 'GET');
      }
    });

    it('serves the embedded sample pools by default', async () => {
      const sampleFile = path.resolve(__dirname, '../../../src/samples/pools.json');
      const sample = JSON.parse(fs.readFileSync(sampleFile, 'utf8')) as { items: Array<{ metadata: { labels?: Record<string, string> } }> };
      const expected = sample.items.filter((p) => (p.metadata.labels?.['os.modelarts/workspace.id'] ?? '0') === '0').length;
      const def = await startModelArtsServer();
      try {
        const res = await rawRequest(def.url, POOLS, KEYS);
        assert.equal(res.status, 200);
        assert.equal(names(res).length, expected);
        assert.ok(expected > 0);
      } finally {
        await def.close();
      }
    });

    it('serves a body that is not a PoolList unchanged', async () => {
      const odd = await startModelArtsServer({ pools: { hello: 'world' } });
      try {
        const res = await rawRequest(odd.url, POOLS, KEYS);
        assert.equal(res.status, 200);
        assert.deepEqual(res.json, { hello: 'world' });
      } finally {
        await odd.close();
      }
    });
  });

  describe('IAM', () => {
    it('lists the project named after the region', async () => {
      const res = await rawRequest(server.url, '/v3/projects', { ...KEYS, query: { name: 'cn-north-4' } });
      assert.equal(res.status, 200);
      const projects = (res.json as { projects: Array<{ id: string; name: string }> }).projects;
      assert.deepEqual(projects.map((p) => [p.id, p.name]), [[DEFAULT_PROJECT_ID, 'cn-north-4']]);
      const none = await rawRequest(server.url, '/v3/projects', { ...KEYS, query: { name: 'ap-southeast-3' } });
      assert.deepEqual((none.json as { projects: unknown[] }).projects, []);
      assert.equal(server.count('iam'), 2);
      assert.equal(server.count('pools'), 0);
    });

    it('verifies IAM requests too', async () => {
      const res = await rawRequest(server.url, '/v3/projects', { ...KEYS, secretKey: 'nope', query: { name: 'cn-north-4' } });
      assert.equal(res.status, 401);
    });
  });

  describe('misbehaviour', () => {
    it('answers a given status, body and headers a given number of times', async () => {
      server.setMisbehaviour({ status: 503, body: { error_code: 'X.1', error_msg: 'busy' }, headers: { 'Retry-After': '3' }, times: 2 });
      const a = await get();
      const b = await get();
      const c = await get();
      assert.deepEqual([a.status, b.status, c.status], [503, 503, 200]);
      assert.equal(a.headers['retry-after'], '3');
      assert.deepEqual(a.json, { error_code: 'X.1', error_msg: 'busy' });
      assert.deepEqual(server.requests.map((r) => r.misbehaved), [true, true, false]);
    });

    it('sends HTML bodies as HTML', async () => {
      server.setMisbehaviour({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
      const res = await get();
      assert.equal(res.status, 502);
      assert.match(String(res.headers['content-type']), /text\/html/);
    });

    it('drops the connection', async () => {
      server.setMisbehaviour({ drop: true, times: 1 });
      await assert.rejects(get(), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET');
      assert.equal((await get()).status, 200);
    });

    it('sends garbage, or a truncated body', async () => {
      server.setMisbehaviour({ garbage: true, times: 1 });
      const garbage = await get();
      assert.equal(garbage.status, 200);
      assert.equal(garbage.json, undefined);
      server.setMisbehaviour({ truncate: true, times: 1 });
      const truncated = await get();
      assert.equal(truncated.status, 200);
      assert.equal(truncated.json, undefined);
      assert.ok(truncated.text.startsWith('{"kind":"PoolList"'));
    });

    it('drops the connection in the middle of the body', async () => {
      server.setMisbehaviour({ dropMidBody: true, times: 1 });
      await assert.rejects(get());
    });

    it('delays, then answers normally', async () => {
      server.setMisbehaviour({ delayMs: 150, times: 1 });
      const started = Date.now();
      const res = await get();
      assert.equal(res.status, 200);
      assert.ok(Date.now() - started >= 140);
    });

    it('can target IAM only', async () => {
      server.setMisbehaviour({ status: 500, target: 'iam' });
      assert.equal((await get()).status, 200);
      assert.equal((await rawRequest(server.url, '/v3/projects', KEYS)).status, 500);
    });
  });

  describe('ListPoolNodes', () => {
    const nodesPath = (pool: string): string => `/v2/${DEFAULT_PROJECT_ID}/pools/${pool}/nodes`;
    /** Pools with node counts: a physical pool, a logical child, and one with an odd name. */
    const counted = {
      kind: 'PoolList',
      apiVersion: 'v2',
      items: [
        {
          metadata: { name: 'pool-gpu', creationTimestamp: '2025-01-01T00:00:00Z' },
          spec: { type: 'Dedicate', resources: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 7 }, { flavor: 'modelarts.vm.cpu.8ud', count: 2 }] },
          status: {
            phase: 'Abnormal',
            resources: {
              available: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 5, azs: [{ az: 'az-1', count: 3 }, { az: 'az-2', count: 2 }] }, { flavor: 'modelarts.vm.cpu.8ud', count: 2 }],
              abnormal: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 1, azs: [{ az: 'az-2', count: 1 }] }],
              creating: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 1, azs: [{ az: 'az-1', count: 1 }] }],
            },
          },
        },
        {
          metadata: { name: 'pool-gpu-child', creationTimestamp: '2025-02-01T00:00:00Z' },
          spec: { type: 'Logical', resources: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 3 }] },
          status: { phase: 'Running', parent: 'pool-gpu', resources: { available: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 3, azs: [{ az: 'az-1', count: 2 }, { az: 'az-2', count: 1 }] }] } },
        },
        { metadata: { name: 'pool name+ü/%' }, status: { resources: { deleting: [{ flavor: 'modelarts.vm.cpu.8ud', count: 2 }] } } },
      ],
    };
    let s: RunningModelArtsServer;
    const logLines: string[] = [];

    before(async () => {
      s = await startModelArtsServer({ pools: counted, log: (line) => logLines.push(line) });
    });
    after(async () => {
      await s.close();
    });
    beforeEach(() => {
      s.setMisbehaviour(undefined);
      s.resetRequests();
      logLines.length = 0;
    });

    const nodes = (target: RunningModelArtsServer, pool: string, query?: Record<string, string>): Promise<RawResponse> =>
      rawRequest(target.url, nodesPath(pool), { ...KEYS, query });
    const items = (res: RawResponse): ResourceNode[] => {
      const r = parseNodeList(res.json, 'server');
      if (!r.ok) assert.fail(r.error);
      assert.deepEqual(r.problems, []);
      return r.nodes;
    };
    const metadata = (res: RawResponse): { continue?: string; remainingItemCount?: number } => (res.json as { metadata: { continue?: string; remainingItemCount?: number } }).metadata;

    it('serves nodes matching each pool\'s counts by state, flavor and AZ', async () => {
      const res = await nodes(s, 'pool-gpu');
      assert.equal(res.status, 200, res.text);
      assert.equal((res.json as { kind: string }).kind, 'NodeList');
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f]{32}$/);
      assert.deepEqual(metadata(res), {}, 'one page: no continue token');
      const list = items(res);
      const pool = counted.items[0] as unknown as Pool;
      for (const state of RESOURCE_STATES) {
        for (const r of pool.status?.resources?.[state] ?? []) {
          const mine = list.filter((n) => stateOfPhase(n.status?.phase) === state && n.spec?.flavor === r.flavor);
          assert.equal(mine.length, r.count, `${state} ${r.flavor}`);
          for (const a of r.azs ?? []) assert.equal(mine.filter((n) => n.status?.az === a.az).length, a.count, `${state} ${r.flavor} ${a.az}`);
        }
      }
      const child = items(await nodes(s, 'pool-gpu-child'));
      assert.equal(child.length, 3);
      const parentNames = new Set(list.map((n) => n.metadata.name));
      assert.ok(child.every((n) => parentNames.has(n.metadata.name)), 'a logical pool lists nodes of its parent');
      assert.ok(child.every((n) => n.metadata.labels?.['os.modelarts.node/elastic.quota'] === 'pool-gpu-child'));
      assert.equal(s.count('nodes'), 2);
      assert.equal(s.count('pools'), 0);
    });

    it('pages with limit and an opaque continue token, counting what remains, in the log too', async () => {
      const seen: string[] = [];
      const remaining: Array<number | undefined> = [];
      let token: string | undefined;
      do {
        const res = await nodes(s, 'pool-gpu', { limit: '4', ...(token ? { continue: token } : {}) });
        assert.equal(res.status, 200, res.text);
        seen.push(...items(res).map((n) => n.metadata.name));
        remaining.push(metadata(res).remainingItemCount);
        token = metadata(res).continue;
      } while (token);
      assert.equal(seen.length, 9);
      assert.equal(new Set(seen).size, 9);
      assert.deepEqual(remaining, [5, 1, undefined]);
      assert.deepEqual(s.requests.map((r) => r.query.limit?.[0]), ['4', '4', '4']);
      assert.equal(s.requests[0].query.continue, undefined);
      const handedOut = logLines.map((l) => /handed out continue=([\w-]+)/.exec(l)?.[1]).filter(Boolean);
      assert.equal(handedOut.length, 2);
      assert.deepEqual(s.requests.slice(1).map((r) => r.query.continue?.[0]), handedOut);
      assert.match(logLines[1], new RegExp(`^GET /v2/${DEFAULT_PROJECT_ID}/pools/pool-gpu/nodes\\?continue=${handedOut[0]}&limit=4 → 200 \\(key LOCA\\*+\\): 4 of 9 nodes, handed out continue=${handedOut[1]}, 1 remaining$`));
      assert.match(logLines[2], /&limit=4 → 200 .*: 1 of 9 nodes, last page$/);
    });

    it('takes limits from 1 to 500, 500 by default', async () => {
      const big = await startModelArtsServer({ pools: counted, nodeCount: 1201, nodesPool: 'pool-gpu-child' });
      try {
        assert.equal(big.nodesPool, 'pool-gpu-child');
        const first = await nodes(big, 'pool-gpu-child');
        assert.equal(items(first).length, 500, 'default 500');
        assert.equal(metadata(first).remainingItemCount, 701);
        assert.equal(items(await nodes(big, 'pool-gpu-child', { limit: '500' })).length, 500);
        assert.equal(items(await nodes(big, 'pool-gpu-child', { limit: '1' })).length, 1);
        assert.equal(items(await nodes(big, 'pool-gpu-child', { limit: '0500' })).length, 500);
      } finally {
        await big.close();
      }
    });

    it('answers 400 with a ModelArts error body for a bad limit', async () => {
      for (const limit of ['0', '501', '-1', '1.5', 'ten', '', '1e2', ' 5', '9'.repeat(40)]) {
        const res = await nodes(s, 'pool-gpu', { limit });
        assert.equal(res.status, 400, limit);
        assert.equal(errorBody(res).error_code, 'ModelArts.0101');
        assert.match(errorBody(res).error_msg ?? '', /^Invalid limit ".{0,21}": use a whole number from 1 to 500$/);
      }
    });

    it('answers 400 for a continue token it did not hand out (or handed out for another pool)', async () => {
      const other = nodeContinueToken('pool-gpu-child', 1);
      for (const token of ['nope', other, nodeContinueToken('pool-gpu', 99), 'A'.repeat(2000)]) {
        const res = await nodes(s, 'pool-gpu', { limit: '2', continue: token });
        assert.equal(res.status, 400);
        assert.equal(errorBody(res).error_code, 'ModelArts.0101');
        assert.match(errorBody(res).error_msg ?? '', /^The continue token ".*" was not handed out for the nodes of pool-gpu; load them again from the first page\.$/);
      }
      assert.ok(logLines.every((l) => l.endsWith('→ 400 (key LOCA****): unknown continue token')), logLines.join('\n'));
      const empty = await nodes(s, 'pool-gpu', { continue: '' });
      assert.equal(empty.status, 200, 'an empty token is the first page');
    });

    it('answers 404 with the reference\'s body for an unknown pool', async () => {
      for (const pool of ['pool-none', 'POOL-GPU', 'pool-gpu ', '..']) {
        const res = await nodes(s, pool);
        assert.equal(res.status, 404, pool);
        assert.deepEqual(res.json, POOL_NOT_FOUND);
        assert.equal(res.text, '{"error_code":"ModelArts.50015001","error_msg":"pool not found"}');
      }
      // An encoded "/" stays in the name: never another path.
      const encodedSlash = await rawRequest(s.url, nodesPath('pool-gpu/x'), { ...KEYS, overrideTarget: `/v2/${DEFAULT_PROJECT_ID}/pools/pool-gpu%2Fx/nodes` });
      assert.equal(encodedSlash.status, 404);
      assert.deepEqual(encodedSlash.json, POOL_NOT_FOUND);
    });

    it('decodes the pool name as one path segment', async () => {
      const res = await nodes(s, 'pool name+ü/%'.replace('/', '_'));
      assert.equal(res.status, 404);
      const odd = await startModelArtsServer({ pools: { items: [{ metadata: { name: 'pool name+ü%' }, status: { resources: { deleting: [{ flavor: 'f', count: 2 }] } } }] } });
      try {
        const ok = await nodes(odd, 'pool name+ü%');
        assert.equal(ok.status, 200, ok.text);
        assert.equal(odd.requests[0].url, `/v2/${DEFAULT_PROJECT_ID}/pools/pool%20name%2B%C3%BC%25/nodes`);
        assert.deepEqual(items(ok).map((n) => n.status?.phase), ['Deleting', 'Deleting']);
      } finally {
        await odd.close();
      }
    });

    it('checks signatures and the project', async () => {
      const wrong = await rawRequest(s.url, nodesPath('pool-gpu'), { ...KEYS, secretKey: 'WRONG' });
      assert.equal(wrong.status, 401);
      assert.equal(errorBody(wrong).error_code, 'APIGW.0301');
      const tampered = await rawRequest(s.url, nodesPath('pool-gpu'), { ...KEYS, query: { limit: '1' }, overrideTarget: `${nodesPath('pool-gpu')}?limit=2` });
      assert.equal(tampered.status, 401);
      const other = await rawRequest(s.url, '/v2/ffffffffffffffffffffffffffffffff/pools/pool-gpu/nodes', KEYS);
      assert.equal(other.status, 403);
      assert.equal(s.count('nodes'), 3);
    });

    it('misbehaves on this route too, alone when targeted', async () => {
      s.setMisbehaviour({ status: 503, body: { error_code: 'APIGW.0308', error_msg: 'busy' }, target: 'nodes', times: 1 });
      assert.equal((await rawRequest(s.url, POOLS, KEYS)).status, 200);
      const busy = await nodes(s, 'pool-gpu');
      assert.equal(busy.status, 503);
      assert.equal((await nodes(s, 'pool-gpu')).status, 200);
      s.setMisbehaviour({ truncate: true, target: 'nodes', times: 1 });
      const truncated = await nodes(s, 'pool-gpu');
      assert.equal(truncated.json, undefined);
      assert.ok(truncated.text.startsWith('{"kind":"NodeList"'));
      s.setMisbehaviour({ drop: true, target: 'any', times: 1 });
      await assert.rejects(nodes(s, 'pool-gpu'));
    });

    it('serves given nodes, and any other body as is', async () => {
      s.setNodes('pool-gpu', [{ metadata: { name: 'given' } }]);
      assert.deepEqual(items(await nodes(s, 'pool-gpu')).map((n) => n.metadata.name), ['given']);
      s.setNodes('pool-gpu', { not: 'a list' });
      assert.deepEqual((await nodes(s, 'pool-gpu')).json, { not: 'a list' });
      s.setNodes('pool-gpu', undefined);
      assert.equal(items(await nodes(s, 'pool-gpu')).length, 9);
      s.setNodes('pool-none', []);
      assert.equal((await nodes(s, 'pool-none')).status, 404, 'the pool must exist');
    });

    it('serves the sample nodes for the sample pools, and counts matching --nodes for the scale pool', async () => {
      const sampleNodes = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../src/samples/nodes.json'), 'utf8')) as Record<string, unknown[]>;
      const def = await startModelArtsServer({ nodeCount: 250 });
      try {
        const scalePool = def.nodesPool ?? '';
        const sample = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../src/samples/pools.json'), 'utf8')) as { items: Pool[] };
        assert.equal(scalePool, sample.items.find((p) => p.spec?.type === 'Dedicate')?.metadata.name, 'the first physical pool');
        const other = Object.keys(sampleNodes).find((name) => name !== scalePool && sampleNodes[name].length > 3) ?? '';
        const res = await nodes(def, other);
        assert.deepEqual((res.json as { items: unknown[] }).items, sampleNodes[other]);
        let token: string | undefined;
        const seen = new Set<string>();
        do {
          const page = await nodes(def, scalePool, { limit: '100', ...(token ? { continue: token } : {}) });
          for (const n of items(page)) seen.add(n.metadata.name);
          token = metadata(page).continue;
        } while (token);
        assert.equal(seen.size, 250);
        assert.equal(def.count('nodes'), 4, 'three pages of 100');
        const pools = (await rawRequest(def.url, POOLS, KEYS)).json as { items: Pool[] };
        const scaled = pools.items.find((p) => p.metadata.name === scalePool);
        const counts = RESOURCE_STATES.reduce((n, st) => n + (scaled?.status?.resources?.[st] ?? []).reduce((m, r) => m + (r.count ?? 0), 0), 0);
        assert.equal(counts, 250, 'the pool counts its 250 nodes');
        assert.equal(scaled?.spec?.resources?.reduce((n, r) => n + (r.count ?? 0), 0), 250);
      } finally {
        await def.close();
      }
      await assert.rejects(startModelArtsServer({ nodeCount: 5, nodesPool: 'no-such-pool' }), /No pool named "no-such-pool" to give 5 nodes to/);
      await assert.rejects(startModelArtsServer({ nodeCount: 100_001 }), /The node count must be a whole number from 0 to 100000, not 100001/);
      await assert.rejects(startModelArtsServer({ nodeCount: 1.5 }), /not 1\.5/);
    });
  });

  describe('command line', () => {
    it('starts, prints what it accepts, and serves a given file', async function () {
      this.timeout(10_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-server-'));
      const file = path.join(dir, 'pools.json');
      fs.writeFileSync(file, JSON.stringify({ kind: 'PoolList', apiVersion: 'v2', items: [{ metadata: { name: 'only-one' } }] }));
      const main = path.resolve(__dirname, '../server/main.js');
      const child = spawn(process.execPath, [main, '--port', '0', '--file', file, '--ak', 'CLIAK0000000', '--sk', 'CLISK0000000', '--project-id', 'abc123', '--quiet'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const output = await new Promise<string>((resolve, reject) => {
          let text = '';
          child.stdout.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes('Press Ctrl+C')) resolve(text);
          });
          child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
        });
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        assert.ok(url, output);
        assert.match(output, /access key {2}CLIAK0000000/);
        assert.match(output, /secret key {2}CLISK0000000/);
        assert.match(output, /project ID {2}abc123/);
        assert.match(output, /\(1 pools\)/);
        const res = await rawRequest(url, '/v2/abc123/pools', { accessKey: 'CLIAK0000000', secretKey: 'CLISK0000000' });
        assert.equal(res.status, 200);
        assert.deepEqual(names(res), ['only-one']);
      } finally {
        child.kill('SIGTERM');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('gives one pool --nodes N nodes and logs the paging', async function () {
      this.timeout(10_000);
      const main = path.resolve(__dirname, '../server/main.js');
      const child = spawn(process.execPath, [main, '--port', '0', '--nodes', '250', '--nodes-pool', 'pool-766d54bc-a5ee-a57a-4c7c-47cc8294efd8'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let text = '';
        const waitFor = (pattern: RegExp): Promise<string> =>
          new Promise((resolve, reject) => {
            const check = (): void => {
              if (pattern.test(text)) resolve(text);
            };
            child.stdout.on('data', (d: Buffer) => {
              text += d.toString();
              check();
            });
            child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
            check();
          });
        const output = await waitFor(/Press Ctrl\+C/);
        assert.match(output, /nodes {7}250 generated nodes in pool pool-766d54bc-a5ee-a57a-4c7c-47cc8294efd8/);
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
        const res = await rawRequest(url, `/v2/${DEFAULT_PROJECT_ID}/pools/pool-766d54bc-a5ee-a57a-4c7c-47cc8294efd8/nodes`, { ...KEYS, query: { limit: '100' } });
        assert.equal((res.json as { metadata: { remainingItemCount: number } }).metadata.remainingItemCount, 150);
        await waitFor(/nodes\?limit=100 → 200 \(key LOCA\*+\): 100 of 250 nodes, handed out continue=[\w-]+, 150 remaining/);
      } finally {
        child.kill('SIGTERM');
      }
    });

    it('explains bad arguments', async function () {
      this.timeout(20_000);
      const main = path.resolve(__dirname, '../server/main.js');
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [main, '--port', 'x'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--port must be a whole number/);
      for (const [args, message] of [
        [['--nodes', 'many'], /--nodes must be a whole number from 0 to 100000, not "many"/],
        [['--nodes', '100001'], /--nodes must be a whole number from 0 to 100000/],
        [['--nodes-pool', 'p'], /--nodes-pool goes with --nodes/],
      ] as Array<[string[], RegExp]>) {
        const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('exit', (code) => resolve({ code, stderr }));
        });
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, message);
      }
    });
  });
});

