import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { formatSdkDate } from '../../src/modelarts/signer';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
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

    it('explains bad arguments', async () => {
      const main = path.resolve(__dirname, '../server/main.js');
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [main, '--port', 'x'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--port must be a whole number/);
    });
  });
});

