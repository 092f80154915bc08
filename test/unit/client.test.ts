import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LatestRequest } from '../../src/common/latestRequest';
import {
  ModelArtsClient,
  ProjectIdCache,
  MAX_POOL_NAME_LENGTH,
  backoffDelay,
  checkPoolName,
  listPoolNodesQueryParams,
  listPoolsQueryParams,
  parseRetryAfter,
  type ModelArtsClientOptions,
  type Sleep,
} from '../../src/modelarts/client';
import { isModelArtsError, maskAk, redact, type ModelArtsError } from '../../src/modelarts/errors';
import { parseNodeList } from '../../src/modelarts/parseNodes';
import type { ListPoolNodesQuery } from '../../src/modelarts/types';
import { parseAuthorization } from '../../src/modelarts/signer';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  startModelArtsServer,
  type RunningModelArtsServer,
} from '../server/server';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/server-pools.json');
const KEYS = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };

function names(body: unknown): string[] {
  return ((body as { items: Array<{ metadata: { name: string } }> }).items ?? []).map((p) => p.metadata.name).sort();
}

/** Asserts that a promise rejects with a ModelArtsError and returns it. */
async function failure(promise: Promise<unknown>): Promise<ModelArtsError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isModelArtsError(e), `expected a ModelArtsError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

describe('ModelArts client', () => {
  let server: RunningModelArtsServer;
  let host: string;
  let sleeps: number[];
  let lines: string[];

  /** Records the delay asked for and returns at once, so retry tests need not wait. */
  const fastSleep: Sleep = async (ms, signal) => {
    sleeps.push(ms);
    if (signal?.aborted) throw new Error('aborted');
    await new Promise((r) => setImmediate(r));
  };

  function client(extra: Partial<ModelArtsClientOptions> = {}): ModelArtsClient {
    return new ModelArtsClient({
      endpoint: server.url,
      iamEndpoint: server.url,
      region: 'cn-north-4',
      credentials: KEYS,
      projectIdCache: new ProjectIdCache(),
      sleep: fastSleep,
      random: () => 0.5,
      log: (line) => lines.push(line),
      ...extra,
    });
  }

  before(async () => {
    server = await startModelArtsServer({ file: FIXTURE });
    host = new URL(server.url).host;
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.setMisbehaviour(undefined);
    server.resetRequests();
    sleeps = [];
    lines = [];
  });

  describe('success', () => {
    it('lists pools, resolving the project ID through IAM once', async () => {
      const c = client();
      const res = await c.listPools();
      assert.equal(res.status, 200);
      assert.equal(res.projectId, DEFAULT_PROJECT_ID);
      assert.equal(res.attempts, 1);
      assert.equal(names(res.body).length, 11);
      assert.match(res.requestId ?? '', /^[0-9a-f]{32}$/);
      assert.equal(JSON.parse(res.text).kind, 'PoolList');
      await c.listPools();
      assert.equal(server.count('iam'), 1, 'the project ID is cached');
      assert.equal(server.count('pools'), 2);
      assert.deepEqual(server.requests.map((r) => r.method), ['GET', 'GET', 'GET']);
      assert.equal(server.requests[0].url, '/v3/projects?name=cn-north-4');
    });

    it('sends and signs content-type, host, X-Project-Id and X-Sdk-Date', async () => {
      await client({ projectId: DEFAULT_PROJECT_ID }).listPools();
      const seen = server.requests[0];
      assert.equal(seen.headers['x-project-id'], DEFAULT_PROJECT_ID);
      assert.equal(seen.headers['content-type'], 'application/json');
      const auth = parseAuthorization(String(seen.headers.authorization));
      assert.deepEqual(auth?.signedHeaders, ['content-type', 'host', 'x-project-id', 'x-sdk-date']);
      assert.equal(auth?.accessKey, DEFAULT_ACCESS_KEY);
      assert.equal(server.count('iam'), 0, 'a given project ID needs no lookup');
    });

    it('sends each query parameter, encoded as signed', async () => {
      const c = client({ projectId: DEFAULT_PROJECT_ID });
      const base = `/v2/${DEFAULT_PROJECT_ID}/pools`;
      const cases: Array<[Parameters<ModelArtsClient['listPools']>[0], string, string[]]> = [
        [{ workspaceId: 'ws-2' }, `${base}?workspaceId=ws-2`, ['p-ws2']],
        [{ status: 'failed' }, `${base}?status=failed`, ['p-a-child2', 'p-error']],
        [{ parent: 'p-root-a' }, `${base}?parent=p-root-a`, ['p-a-child1', 'p-a-child2']],
        [{ labelSelector: 'os.modelarts/name=alpha pool' }, `${base}?labelSelector=os.modelarts%2Fname%3Dalpha%20pool`, ['p-root-a']],
        [{ labelSelector: 'env in (dev, test)' }, `${base}?labelSelector=env%20in%20%28dev%2C%20test%29`, ['p-a-child1', 'p-a-grandchild', 'p-unknown']],
        [{ labelSelector: 'os.modelarts/name=Ωmega/β' }, `${base}?labelSelector=os.modelarts%2Fname%3D%CE%A9mega%2F%CE%B2`, ['p-root-b']],
        [
          { workspaceId: '0', labelSelector: 'env=dev', status: 'creating', parent: 'p-root-a' },
          `${base}?labelSelector=env%3Ddev&parent=p-root-a&status=creating&workspaceId=0`,
          ['p-a-child1'],
        ],
      ];
      for (const [query, url, expected] of cases) {
        server.resetRequests();
        const res = await c.listPools(query);
        assert.equal(server.requests[0].url, url);
        assert.deepEqual(names(res.body), expected, JSON.stringify(query));
      }
    });

    it('leaves out unset and empty parameters', () => {
      assert.deepEqual(listPoolsQueryParams({ workspaceId: '', labelSelector: '  ', parent: '' }), {});
      assert.deepEqual(listPoolsQueryParams({ status: 'created', labelSelector: 'a' }), { status: 'created', labelSelector: 'a' });
    });

    it('signs temporary credentials with X-Security-Token', async () => {
      const temp = await startModelArtsServer({
        file: FIXTURE,
        credentials: [{ accessKey: 'TEMPAK00000000000000', secretKey: 'TEMPSK000000', securityToken: 'gQpzZWN1cml0eS10b2tlbg==' }],
      });
      try {
        const creds = { accessKey: 'TEMPAK00000000000000', secretKey: 'TEMPSK000000', securityToken: 'gQpzZWN1cml0eS10b2tlbg==' };
        const res = await client({ endpoint: temp.url, iamEndpoint: temp.url, credentials: creds }).listPools();
        assert.equal(names(res.body).length, 11);
        const seen = temp.requests[1];
        assert.equal(seen.headers['x-security-token'], creds.securityToken);
        assert.ok(parseAuthorization(String(seen.headers.authorization))?.signedHeaders.includes('x-security-token'));
        const withoutToken = await failure(
          client({ endpoint: temp.url, iamEndpoint: temp.url, credentials: { accessKey: creds.accessKey, secretKey: creds.secretKey }, projectId: DEFAULT_PROJECT_ID }).listPools(),
        );
        assert.ok(withoutToken.isAuthError);
      } finally {
        await temp.close();
      }
    });

    it('keeps the base path of an endpoint and signs it', async () => {
      const e = await failure(client({ endpoint: `${server.url}/gateway/`, projectId: DEFAULT_PROJECT_ID }).listPools());
      // The server checked the signature before answering 404 for the unknown path.
      assert.equal(server.requests[0].url, `/gateway/v2/${DEFAULT_PROJECT_ID}/pools`);
      assert.equal(server.requests[0].authFailure, undefined);
      assert.equal(e.status, 404);
      assert.match(e.message, /^API gateway error APIGW\.0101: The API does not exist/);
    });
  });

  describe('ListPoolNodes', () => {
    const POOLS_WITH_NODES = {
      kind: 'PoolList',
      apiVersion: 'v2',
      items: [
        {
          metadata: { name: 'pool-gpu', creationTimestamp: '2025-01-01T00:00:00Z' },
          spec: { type: 'Dedicate', resources: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 9 }] },
          status: {
            phase: 'Abnormal',
            resources: {
              available: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 8, azs: [{ az: 'az-1', count: 4 }, { az: 'az-2', count: 4 }] }],
              abnormal: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 1, azs: [{ az: 'az-2', count: 1 }] }],
            },
          },
        },
        { metadata: { name: 'pool-scale' }, spec: { type: 'Logical', resources: [{ flavor: 'modelarts.vm.cpu.8ud', count: 1 }] } },
        { metadata: { name: 'pool name+ü%' }, status: { resources: { deleting: [{ flavor: 'modelarts.vm.cpu.8ud', count: 2 }] } } },
      ],
    };
    let nodeServer: RunningModelArtsServer;
    const base = `/v2/${DEFAULT_PROJECT_ID}/pools`;
    const nodeClient = (extra: Partial<ModelArtsClientOptions> = {}): ModelArtsClient =>
      client({ endpoint: nodeServer.url, iamEndpoint: nodeServer.url, projectId: DEFAULT_PROJECT_ID, ...extra });
    const nodeNames = (body: unknown): string[] => {
      const r = parseNodeList(body, 'test');
      if (!r.ok) assert.fail(r.error);
      return r.nodes.map((n) => n.metadata.name);
    };
    const meta = (body: unknown): { continue?: string; remainingItemCount?: number } => (body as { metadata: { continue?: string; remainingItemCount?: number } }).metadata;

    before(async () => {
      nodeServer = await startModelArtsServer({ pools: POOLS_WITH_NODES, nodeCount: 250, nodesPool: 'pool-scale' });
    });
    after(async () => {
      await nodeServer.close();
    });
    beforeEach(() => {
      nodeServer.setMisbehaviour(undefined);
      nodeServer.resetRequests();
    });

    it('lists a page of nodes, signing content-type, host, X-Project-Id and X-Sdk-Date', async () => {
      const res = await nodeClient().listPoolNodes('pool-gpu');
      assert.equal(res.status, 200);
      assert.equal(res.projectId, DEFAULT_PROJECT_ID);
      assert.equal(nodeNames(res.body).length, 9);
      assert.deepEqual(meta(res.body), {});
      const seen = nodeServer.requests[0];
      assert.equal(seen.url, `${base}/pool-gpu/nodes`);
      assert.equal(seen.method, 'GET');
      assert.equal(seen.headers['x-project-id'], DEFAULT_PROJECT_ID);
      assert.deepEqual(parseAuthorization(String(seen.headers.authorization))?.signedHeaders, ['content-type', 'host', 'x-project-id', 'x-sdk-date']);
      assert.equal(seen.authFailure, undefined);
    });

    it('resolves the project ID through IAM first when none is given', async () => {
      const res = await nodeClient({ projectId: undefined }).listPoolNodes('pool-gpu', { limit: 1 });
      assert.equal(res.projectId, DEFAULT_PROJECT_ID);
      assert.deepEqual(nodeServer.requests.map((r) => r.path), ['/v3/projects', `${base}/pool-gpu/nodes`]);
    });

    it('sends each query parameter, encoded as signed (the server verifies the signature of each)', async () => {
      const c = nodeClient();
      const first = await c.listPoolNodes('pool-scale', { limit: 100 });
      const token = meta(first.body).continue ?? '';
      assert.match(token, /^[\w-]+$/);
      const cases: Array<[ListPoolNodesQuery, string, number]> = [
        [{}, `${base}/pool-scale/nodes`, 200],
        [{ limit: 7 }, `${base}/pool-scale/nodes?limit=7`, 200],
        [{ continue: token }, `${base}/pool-scale/nodes?continue=${token}`, 200],
        [{ limit: 100, continue: token }, `${base}/pool-scale/nodes?continue=${token}&limit=100`, 200],
        [{ limit: 3, continue: '' }, `${base}/pool-scale/nodes?limit=3`, 200],
        // Characters that must be encoded: signed and sent alike, so the server gets past the signature to judge the token.
        [{ continue: 'a+b/c= é&limit=1' }, `${base}/pool-scale/nodes?continue=a%2Bb%2Fc%3D%20%C3%A9%26limit%3D1`, 400],
      ];
      for (const [query, url, status] of cases) {
        nodeServer.resetRequests();
        try {
          const res = await c.listPoolNodes('pool-scale', query);
          assert.equal(res.status, status, JSON.stringify(query));
          const expected = query.limit ?? 500;
          const left = query.continue ? 150 : 250;
          assert.equal(nodeNames(res.body).length, Math.min(expected, left), JSON.stringify(query));
        } catch (e) {
          assert.ok(isModelArtsError(e) && e.status === status, `${JSON.stringify(query)}: ${String(e)}`);
        }
        assert.equal(nodeServer.requests[0].url, url);
        assert.equal(nodeServer.requests[0].authFailure, undefined, 'the signature holds');
      }
    });

    it('pages through every node with the continue tokens, counting what remains', async () => {
      const c = nodeClient();
      const names = new Set<string>();
      const remaining: Array<number | undefined> = [];
      let token: string | undefined;
      do {
        const res = await c.listPoolNodes('pool-scale', { limit: 100, continue: token });
        for (const n of nodeNames(res.body)) names.add(n);
        remaining.push(meta(res.body).remainingItemCount);
        token = meta(res.body).continue;
      } while (token);
      assert.equal(names.size, 250);
      assert.deepEqual(remaining, [150, 50, undefined]);
      assert.deepEqual(nodeServer.requests.map((r) => r.query.limit?.[0]), ['100', '100', '100']);
      assert.equal(nodeServer.count('nodes'), 3);
    });

    it('path-encodes the pool name as one segment', async () => {
      const res = await nodeClient().listPoolNodes('pool name+ü%');
      assert.equal(res.status, 200);
      assert.equal(nodeServer.requests[0].url, `${base}/pool%20name%2B%C3%BC%25/nodes`);
      assert.equal(nodeNames(res.body).length, 2);
    });

    it('400 for a bad limit: the ModelArts error, not retried', async () => {
      for (const limit of [0, 501, 2.5, -1]) {
        nodeServer.resetRequests();
        const e = await failure(nodeClient().listPoolNodes('pool-gpu', { limit }));
        assert.equal(e.kind, 'api');
        assert.equal(e.status, 400);
        assert.equal(e.code, 'ModelArts.0101');
        assert.match(e.message, new RegExp(`^ModelArts error ModelArts\\.0101: Invalid limit "${String(limit).replace('.', '\\.')}": use a whole number from 1 to 500 \\(HTTP 400, request ID [0-9a-f]{32}\\)$`));
        assert.equal(nodeServer.count(), 1);
      }
    });

    it('400 for a continue token the server did not hand out', async () => {
      const e = await failure(nodeClient().listPoolNodes('pool-gpu', { continue: 'bm90LWEtdG9rZW4' }));
      assert.equal(e.status, 400);
      assert.equal(e.code, 'ModelArts.0101');
      assert.match(e.message, /^ModelArts error ModelArts\.0101: The continue token "bm90LWEtdG9rZW4" was not handed out for the nodes of pool-gpu; load them again from the first page\. \(HTTP 400, request ID [0-9a-f]{32}\)$/);
    });

    it('404 for an unknown pool, with the reference\'s error code', async () => {
      const e = await failure(nodeClient().listPoolNodes('pool-gone'));
      assert.equal(e.kind, 'api');
      assert.equal(e.status, 404);
      assert.equal(e.code, 'ModelArts.50015001');
      assert.equal(e.isAuthError, false);
      assert.match(e.message, /^ModelArts error ModelArts\.50015001: pool not found \(HTTP 404, request ID [0-9a-f]{32}\)$/);
      assert.equal(nodeServer.count(), 1, '404 is not retried');
    });

    it('refuses a pool name the server could route elsewhere, before sending anything', async () => {
      const bad: Array<[string, RegExp]> = [
        ['', /The pool name is empty/],
        ['   ', /The pool name is empty/],
        ['.', /"\." and "\.\." would change the request path/],
        ['..', /"\." and "\.\." would change the request path/],
        ['../../v3/projects', /a slash, backslash or control character/],
        ['pool/../../x', /a slash, backslash or control character/],
        ['pool\\x', /a slash, backslash or control character/],
        ['pool\nx', /a slash, backslash or control character/],
        ['pool\u0085x', /a slash, backslash or control character/],
        ['p'.repeat(MAX_POOL_NAME_LENGTH + 1), /longer than 256 characters/],
        ['pool\ud800x', /unpaired UTF-16 surrogate/],
      ];
      for (const [name, pattern] of bad) {
        const e = await failure(nodeClient().listPoolNodes(name));
        assert.equal(e.kind, 'config', JSON.stringify(name));
        assert.match(e.message, pattern, JSON.stringify(name));
        assert.ok(e.message.length < 300);
      }
      assert.equal(nodeServer.count(), 0);
      assert.equal(checkPoolName('p'.repeat(MAX_POOL_NAME_LENGTH)), undefined);
      assert.equal(checkPoolName('pool-d4a16414-5d95-1c31-794b-e2523ee57298'), undefined);
      assert.equal(checkPoolName('..a'), undefined, 'dots inside a name are fine');
    });

    it('retries a busy answer and honours cancellation, as for pools', async () => {
      nodeServer.setMisbehaviour({ status: 503, target: 'nodes', times: 1 });
      const res = await nodeClient().listPoolNodes('pool-gpu', { limit: 1 });
      assert.equal(res.attempts, 2);
      const controller = new AbortController();
      controller.abort();
      const e = await failure(nodeClient().listPoolNodes('pool-gpu', {}, { signal: controller.signal }));
      assert.equal(e.kind, 'cancelled');
    });

    it('sends only the parameters that are set', () => {
      assert.deepEqual(listPoolNodesQueryParams({}), {});
      assert.deepEqual(listPoolNodesQueryParams({ continue: '' }), {});
      assert.deepEqual(listPoolNodesQueryParams({ limit: 100, continue: 'abc' }), { limit: '100', continue: 'abc' });
      assert.deepEqual(listPoolNodesQueryParams({ limit: 0 }), { limit: '0' }, 'the server judges the limit');
    });
  });

  describe('project ID', () => {
    it('caches per access key and region, and forgets on clear', async () => {
      const cache = new ProjectIdCache();
      const c = client({ projectIdCache: cache });
      assert.equal(await c.resolveProjectId(), DEFAULT_PROJECT_ID);
      assert.equal(await c.resolveProjectId(), DEFAULT_PROJECT_ID);
      assert.equal(server.count('iam'), 1);
      assert.equal(cache.get(server.url, DEFAULT_ACCESS_KEY, 'cn-north-4'), DEFAULT_PROJECT_ID);
      assert.equal(cache.get(server.url, 'OTHERAK', 'cn-north-4'), undefined);
      cache.clear();
      assert.equal(cache.size, 0);
      await c.resolveProjectId();
      assert.equal(server.count('iam'), 2);
    });

    it('reports a region without a project, and never creates one', async () => {
      const e = await failure(client({ region: 'ap-southeast-3' }).listPools());
      assert.equal(e.kind, 'config');
      assert.match(e.message, /has no project named "ap-southeast-3"/);
      assert.match(e.message, /set modelarts\.projectId or HUAWEICLOUD_SDK_PROJECT_ID/);
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['GET /v3/projects']);
    });

    it('says the lookup failed, and how to skip it, when IAM refuses', async () => {
      server.setMisbehaviour({ status: 403, body: { error: { code: 403, message: 'You are not authorized to perform the requested action.', title: 'Forbidden' } }, target: 'iam' });
      const e = await failure(client().listPools());
      assert.ok(e.isAuthError);
      assert.match(e.message, /^Cannot look up the project ID of cn-north-4: IAM error 403: You are not authorized to perform the requested action\. \(HTTP 403, request ID [0-9a-f]{32}\)\. To skip this lookup/);
    });

    it('points at the keys, not the lookup, when IAM refuses the signature', async () => {
      const e = await failure(client({ credentials: { ...KEYS, secretKey: 'not-the-secret-key' } }).listPools());
      assert.equal(e.status, 401);
      assert.match(e.message, /^Cannot look up the project ID of cn-north-4: .*APIGW\.0301.*\. Check the access key ID and secret access key\.$/);
      assert.doesNotMatch(e.message, /To skip this lookup/);
      assert.doesNotMatch(e.message, /not-the-secret-key/);
    });

    it('rejects an unusable project ID before sending anything', async () => {
      const e = await failure(client({ projectId: '../../v3/projects' }).listPools());
      assert.equal(e.kind, 'config');
      assert.match(e.message, /Project ID "\.\.\/\.\.\/v3\/projects" is not valid/);
      assert.equal(server.count(), 0);
    });
  });

  describe('errors', () => {
    it('API gateway: code, text and request ID; flagged as auth', async () => {
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID, credentials: { ...KEYS, secretKey: 'not-the-secret-key' } }).listPools());
      assert.equal(e.kind, 'auth');
      assert.ok(e.isAuthError);
      assert.equal(e.status, 401);
      assert.equal(e.code, 'APIGW.0301');
      assert.match(e.requestId ?? '', /^[0-9a-f]{32}$/);
      assert.equal(
        e.message,
        `API gateway error APIGW.0301: Incorrect IAM authentication information: verify aksk signature fail (HTTP 401, request ID ${e.requestId})`,
      );
      assert.equal(server.count(), 1, '401 is not retried');
    });

    it('API gateway: a skewed clock is reported as such', async () => {
      const skewed = new Date(Date.now() - 20 * 60_000);
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID, now: () => skewed }).listPools());
      assert.ok(e.isAuthError);
      assert.match(e.message, /X-Sdk-Date \d{8}T\d{6}Z is more than 15 minutes from the server time \(HTTP 401, request ID/);
    });

    it('ModelArts: code, text and request ID; not retried', async () => {
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools({ labelSelector: 'env in (dev' }));
      assert.equal(e.kind, 'api');
      assert.equal(e.isAuthError, false);
      assert.equal(e.code, 'ModelArts.0101');
      assert.match(e.message, /^ModelArts error ModelArts\.0101: Invalid labelSelector: .+ \(HTTP 400, request ID [0-9a-f]{32}\)$/);
      assert.equal(server.count(), 1);
    });

    it('403 is an auth error', async () => {
      const e = await failure(client({ projectId: 'ffffffffffffffffffffffffffffffff' }).listPools());
      assert.ok(e.isAuthError);
      assert.match(e.message, /^ModelArts error ModelArts\.0104: Project f+ does not belong to this account \(HTTP 403, request ID [0-9a-f]{32}\)$/);
    });

    it('HTML error pages: status and a short excerpt', async () => {
      server.setMisbehaviour({ status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>' });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'api');
      assert.equal(e.status, 502);
      assert.match(e.message, new RegExp(`^ModelArts at ${host} answered HTTP 502, request ID [0-9a-f]{32} with an HTML page instead of JSON: "502 Bad Gateway 502 Bad Gateway nginx"$`));
    });

    it('non-JSON error bodies: status and a short excerpt', async () => {
      server.setMisbehaviour({ status: 500, body: 'upstream exploded ' + 'x'.repeat(500) });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.match(e.message, /answered HTTP 500, request ID \w+ with a non-JSON body: "upstream exploded x+…"$/);
      assert.ok(e.message.length < 400);
      assert.equal(server.count(), 1, '500 is not retried');
    });

    it('a 200 with garbage is a bad response', async () => {
      server.setMisbehaviour({ garbage: true });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'badResponse');
      assert.match(e.message, new RegExp(`^ModelArts at ${host} answered HTTP 200, request ID \\w+ with invalid JSON: "`));
    });

    it('a truncated body is reported as such', async () => {
      server.setMisbehaviour({ truncate: true });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'badResponse');
      assert.match(e.message, /with JSON that ends early \(truncated\?\): "\{"kind":"PoolList"/);
    });

    it('connection refused names the host', async () => {
      const gone = await startModelArtsServer({ file: FIXTURE });
      const url = gone.url;
      await gone.close();
      const e = await failure(client({ endpoint: url, projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'network');
      assert.equal(e.message, `Cannot reach ModelArts at ${new URL(url).host}: connection refused (ECONNREFUSED)`);
      assert.deepEqual(sleeps, [], 'refused is not retried');
    });

    it('DNS failures name the host', async () => {
      const e = await failure(client({ endpoint: 'http://modelarts.nonexistent.invalid', projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'network');
      assert.match(e.message, /^Cannot reach ModelArts at modelarts\.nonexistent\.invalid: host name not found \(DNS lookup failed\) \((ENOTFOUND|EAI_AGAIN)\)$/);
    });

    it('TLS failures name the host', async () => {
      const e = await failure(client({ endpoint: `https://${host}`, projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'network');
      assert.match(e.message, new RegExp(`^Cannot reach ModelArts at ${host}: TLS error: .*wrong version number.* \\(EPROTO\\)$`));
    });

    it('a reset connection, every time, names the host after 3 tries', async () => {
      server.setMisbehaviour({ drop: true });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'network');
      assert.equal(e.message, `Cannot reach ModelArts at ${host}: connection reset by the server or a proxy (ECONNRESET)`);
      assert.equal(server.count(), 3);
    });

    it('a timeout names the host and the setting, and is not retried', async () => {
      server.setMisbehaviour({ delayMs: 1500 });
      const started = Date.now();
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID, requestTimeoutSeconds: 0.2 }).listPools());
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, `ModelArts at ${host} did not answer within 0.2 s (setting modelarts.requestTimeoutSeconds)`);
      assert.ok(Date.now() - started < 1200, 'gave up at the timeout');
      assert.equal(server.count(), 1);
    });

    it('a redirect is not followed', async () => {
      server.setMisbehaviour({ status: 302, headers: { Location: 'https://elsewhere.example/steal' } });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.match(e.message, /answered HTTP 302, a redirect to https:\/\/elsewhere\.example\/steal; check the endpoint setting$/);
      assert.equal(server.count(), 1);
    });
  });

  describe('retries', () => {
    for (const status of [429, 502, 503, 504]) {
      it(`retries ${status} and succeeds`, async () => {
        server.setMisbehaviour({ status, body: { error_code: 'APIGW.0308', error_msg: 'busy' }, times: 2 });
        const res = await client({ projectId: DEFAULT_PROJECT_ID }).listPools();
        assert.equal(res.attempts, 3);
        assert.equal(server.count(), 3);
        assert.equal(names(res.body).length, 11);
      });
    }

    it('stops after 3 tries with exponential backoff and jitter', async () => {
      server.setMisbehaviour({ status: 503, body: { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached', request_id: 'r-1' } });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID, retryBaseDelayMs: 400 }).listPools());
      assert.equal(server.count(), 3);
      assert.deepEqual(sleeps, [300, 600], 'half plus random half of 400·2^n');
      assert.equal(e.message, 'API gateway error APIGW.0308: The throttling threshold has been reached (HTTP 503, request ID r-1)');
    });

    it('honours maxAttempts', async () => {
      server.setMisbehaviour({ status: 503 });
      await failure(client({ projectId: DEFAULT_PROJECT_ID, maxAttempts: 1 }).listPools());
      assert.equal(server.count(), 1);
    });

    it('honours Retry-After in seconds', async () => {
      server.setMisbehaviour({ status: 429, headers: { 'Retry-After': '2' }, times: 1 });
      const res = await client({ projectId: DEFAULT_PROJECT_ID }).listPools();
      assert.equal(res.attempts, 2);
      assert.deepEqual(sleeps, [2000]);
    });

    it('honours Retry-After as an HTTP date', async () => {
      const now = new Date('2024-06-01T12:00:00Z');
      // Both clocks fixed, so the date is exactly 5 s ahead and the signature's date check passes.
      const s = await startModelArtsServer({ file: FIXTURE, now: () => now });
      try {
        s.setMisbehaviour({ status: 503, headers: { 'Retry-After': 'Sat, 01 Jun 2024 12:00:05 GMT' }, times: 1 });
        const res = await client({ endpoint: s.url, projectId: DEFAULT_PROJECT_ID, now: () => now }).listPools();
        assert.equal(res.attempts, 2);
        assert.deepEqual(sleeps, [5000]);
      } finally {
        await s.close();
      }
    });

    it('does not wait for a Retry-After beyond the limit', async () => {
      server.setMisbehaviour({ status: 429, headers: { 'Retry-After': '3600' }, body: { error_code: 'APIGW.0308', error_msg: 'slow down' } });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(server.count(), 1);
      assert.deepEqual(sleeps, []);
      assert.equal(e.retryAfterMs, 3_600_000);
      assert.match(e.message, /APIGW\.0308: slow down/);
    });

    it('retries a reset connection, also in the middle of the body', async () => {
      server.setMisbehaviour({ drop: true, times: 1 });
      assert.equal((await client({ projectId: DEFAULT_PROJECT_ID }).listPools()).attempts, 2);
      server.resetRequests();
      server.setMisbehaviour({ dropMidBody: true, times: 1 });
      const started = Date.now();
      const res = await client({ projectId: DEFAULT_PROJECT_ID }).listPools();
      assert.equal(res.attempts, 2);
      assert.equal(server.count(), 2);
      assert.ok(Date.now() - started < 2000, 'noticed at once, not at the timeout');
      assert.ok(lines.some((l) => l.includes('ERR_STREAM_PREMATURE_CLOSE; retry 2 of 3')), lines.join('\n'));
    });

    it('reports a connection closed in the middle of the body, every time', async () => {
      server.setMisbehaviour({ dropMidBody: true });
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools());
      assert.equal(e.kind, 'network');
      assert.equal(e.message, `Cannot reach ModelArts at ${host}: connection closed before the whole response arrived (ERR_STREAM_PREMATURE_CLOSE)`);
      assert.equal(server.count(), 3);
    });

    it('computes backoff and Retry-After', () => {
      assert.equal(backoffDelay(1, 500, 8000, () => 0), 250);
      assert.equal(backoffDelay(1, 500, 8000, () => 0.999999), 500);
      assert.equal(backoffDelay(3, 500, 8000, () => 0), 1000);
      assert.equal(backoffDelay(10, 500, 8000, () => 1), 8000);
      assert.equal(parseRetryAfter('7'), 7000);
      assert.equal(parseRetryAfter('1.5'), 1500);
      assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', new Date('2015-10-21T07:27:00Z')), 60_000);
      assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', new Date('2016-01-01T00:00:00Z')), 0);
      assert.equal(parseRetryAfter('soon'), undefined);
      assert.equal(parseRetryAfter(null), undefined);
    });
  });

  describe('cancellation', () => {
    it('aborts a request in flight', async () => {
      server.setMisbehaviour({ delayMs: 2000, times: 1 });
      const controller = new AbortController();
      const started = Date.now();
      const pending = client({ projectId: DEFAULT_PROJECT_ID }).listPools({}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const e = await failure(pending);
      assert.equal(e.kind, 'cancelled');
      assert.ok(e.isCancelled);
      assert.equal(e.message, `Request to ModelArts at ${host} was cancelled`);
      assert.ok(Date.now() - started < 1000);
    });

    it('aborts the wait between retries', async () => {
      server.setMisbehaviour({ status: 503 });
      const controller = new AbortController();
      const c = new ModelArtsClient({
        endpoint: server.url,
        iamEndpoint: server.url,
        region: 'cn-north-4',
        credentials: KEYS,
        projectId: DEFAULT_PROJECT_ID,
        retryBaseDelayMs: 60_000,
      });
      const started = Date.now();
      const pending = c.listPools({}, { signal: controller.signal });
      while (server.count() < 1) await new Promise((r) => setTimeout(r, 5));
      setTimeout(() => controller.abort(), 20);
      const e = await failure(pending);
      assert.equal(e.kind, 'cancelled');
      assert.ok(Date.now() - started < 2000);
      assert.equal(server.count(), 1);
    });

    it('sends nothing when already cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      const e = await failure(client({ projectId: DEFAULT_PROJECT_ID }).listPools({}, { signal: controller.signal }));
      assert.equal(e.kind, 'cancelled');
      assert.equal(server.count(), 0);
    });
  });

  describe('latest request wins', () => {
    it('cancels the older request when a newer one starts', async () => {
      server.setMisbehaviour({ delayMs: 1000, times: 1 });
      const latest = new LatestRequest();
      const c = client({ projectId: DEFAULT_PROJECT_ID });
      const older = latest.run((signal) => c.listPools({ status: 'failed' }, { signal }));
      while (server.count() < 1) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      const newer = latest.run((signal) => c.listPools({ status: 'creating' }, { signal }));
      const [a, b] = await Promise.all([older, newer]);
      assert.deepEqual(a, { status: 'superseded' });
      assert.equal(b.status, 'done');
      assert.deepEqual(b.status === 'done' ? names(b.value.body) : [], ['p-a-child1', 'p-a-grandchild']);
      assert.ok(Date.now() - started < 900, 'the newer one did not wait for the older one');
      assert.equal(latest.busy, false);
    });

    it('never lets an older response overwrite a newer one', async () => {
      const latest = new LatestRequest();
      let shown = 'nothing';
      const show = async (label: string, delayMs: number): Promise<void> => {
        // This task ignores the signal: it finishes late anyway.
        const result = await latest.run(() => new Promise<string>((r) => setTimeout(() => r(label), delayMs)));
        if (result.status === 'done') shown = result.value;
      };
      await Promise.all([show('older', 80), show('newer', 10)]);
      assert.equal(shown, 'newer');
    });

    it('drops the error of a superseded request, and passes on the latest one', async () => {
      const latest = new LatestRequest();
      const older = latest.run(() => new Promise((_, reject) => setTimeout(() => reject(new Error('old failure')), 30)));
      const newer = latest.run(async () => {
        throw new Error('new failure');
      });
      const [a, b] = await Promise.allSettled([older, newer]);
      assert.deepEqual(a, { status: 'fulfilled', value: { status: 'superseded' } });
      assert.equal(b.status, 'rejected');
      assert.match(String((b as PromiseRejectedResult).reason), /new failure/);
    });

    it('cancel() supersedes the request in flight', async () => {
      const latest = new LatestRequest();
      let aborted = false;
      const running = latest.run((signal) => new Promise<number>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve(1);
        });
      }));
      latest.cancel();
      assert.deepEqual(await running, { status: 'superseded' });
      assert.ok(aborted);
    });
  });

  describe('secrets', () => {
    it('a captured log and every error message hold no secret', async () => {
      const creds = {
        accessKey: 'HSTAKSECRET1234567890',
        secretKey: 'skSECRETskSECRETskSECRETskSECRETskSECRE',
        securityToken: 'tokSECRETtokSECRETtokSECRET+/=tokSECRET',
      };
      const s = await startModelArtsServer({ file: FIXTURE, credentials: [creds] });
      const captured: string[] = [];
      const messages: string[] = [];
      const make = (extra: Partial<ModelArtsClientOptions> = {}): ModelArtsClient =>
        new ModelArtsClient({
          endpoint: s.url,
          iamEndpoint: s.url,
          region: 'cn-north-4',
          credentials: creds,
          projectIdCache: new ProjectIdCache(),
          sleep: fastSleep,
          log: (line) => captured.push(line),
          ...extra,
        });
      const attempt = async (c: ModelArtsClient): Promise<void> => {
        try {
          await c.listPools({ labelSelector: 'env=dev' });
        } catch (e) {
          messages.push((e as Error).message, String(e), JSON.stringify(e));
        }
      };
      try {
        await attempt(make());
        s.setMisbehaviour({ status: 503, times: 2 });
        await attempt(make());
        // A server that echoes the request's secrets back in its error body.
        const authorization = `SDK-HMAC-SHA256 Access=${creds.accessKey}, SignedHeaders=host;x-sdk-date, Signature=${'ab'.repeat(32)}`;
        s.setMisbehaviour({
          status: 400,
          body: { error_code: 'ModelArts.9999', error_msg: `bad request: Authorization: ${authorization}; X-Security-Token: ${creds.securityToken}; sk=${creds.secretKey}; ak=${creds.accessKey}` },
        });
        await attempt(make());
        s.setMisbehaviour({ status: 502, body: `<html><body>${creds.accessKey} ${creds.secretKey} ${creds.securityToken}</body></html>` });
        await attempt(make());
        s.setMisbehaviour({ drop: true });
        await attempt(make());
        s.setMisbehaviour(undefined);
        await attempt(make({ credentials: { ...creds, secretKey: creds.secretKey.replace('sk', 'xx') } }));
      } finally {
        await s.close();
      }
      const all = [...captured, ...messages].join('\n');
      assert.ok(captured.length >= 10, `captured ${captured.length} log lines`);
      assert.ok(messages.length >= 12);
      assert.ok(all.includes('bad request'), 'the echoing error was reported');
      for (const secret of [creds.accessKey, creds.secretKey, creds.securityToken, 'ab'.repeat(32)]) {
        assert.ok(!all.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`);
      }
      assert.ok(!/Signature=[0-9a-f]/.test(all));
      assert.ok(!/SDK-HMAC-SHA256 Access=HSTAKSECRET/.test(all));
      assert.ok(all.includes(maskAk(creds.accessKey)), 'the masked AK may appear');
    });

    it('redacts by value and by shape', () => {
      const secrets = { accessKey: 'AKAKAKAKAKAKAKAK', secretKey: 'SKSKSKSKSK', securityToken: 'TTTTTTTT' };
      assert.equal(redact('ak=AKAKAKAKAKAKAKAK sk=SKSKSKSKSK t=TTTTTTTT', secrets), 'ak=AKAK**** sk=*** t=***');
      assert.equal(redact('Authorization: SDK-HMAC-SHA256 Access=ZZZZ9999, Signature=abcdef'), 'Authorization: ***');
      assert.equal(redact('"X-Security-Token": "abc"'), '"X-Security-Token": "***"');
      assert.equal(redact('Access=ABCDEFGH, SignedHeaders=host, Signature=0123abcd'), 'Access=ABCD****, SignedHeaders=host, Signature=***');
      assert.equal(maskAk('ABCDEFGH'), 'ABCD****');
      assert.equal(maskAk('ABC'), '****');
      assert.equal(maskAk(undefined), '');
    });
  });
});
