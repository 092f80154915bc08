import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  ERROR_BODY_READ_LIMIT,
  ModelArtsClient,
  ProjectIdCache,
  RETRY_AFTER_CAP_MS,
  backoffDelay,
  checkProjectId,
  loneSurrogateAt,
  parseRetryAfter,
  type ModelArtsClientOptions,
  type Sleep,
} from '../../src/modelarts/client';
import { isModelArtsError, type ModelArtsError } from '../../src/modelarts/errors';
import { generatePoolList } from '../bench/generate';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startModelArtsServer, type RunningModelArtsServer } from '../server/server';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/server-pools.json');
const KEYS = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };

function fixture(): { items: unknown[] } {
  return JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { items: unknown[] };
}

async function failure(promise: Promise<unknown>): Promise<ModelArtsError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isModelArtsError(e), `expected a ModelArtsError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

describe('ModelArts client: untrusted answers and inputs', () => {
  let server: RunningModelArtsServer;
  let host: string;
  let sleeps: number[];
  let lines: string[];

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
      projectId: DEFAULT_PROJECT_ID,
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
    server.setPools(fixture());
    server.resetRequests();
    sleeps = [];
    lines = [];
  });

  describe('response size limit', () => {
    it('defaults to 64 MiB', () => {
      assert.equal(DEFAULT_MAX_RESPONSE_BYTES, 64 * 1024 * 1024);
    });

    it('refuses a body over the limit, naming it, and does not retry', async () => {
      const { body } = generatePoolList(20);
      server.setPools(JSON.parse(body));
      const size = Buffer.byteLength(JSON.stringify(JSON.parse(body)));
      assert.ok(size > 8192);
      // Declared with Content-Length, then sent chunked (length unknown until read).
      for (const chunked of [false, true]) {
        server.resetRequests();
        server.setMisbehaviour(chunked ? { chunked: true } : undefined);
        const e = await failure(client({ maxResponseBytes: 8192 }).listPools());
        assert.equal(e.kind, 'badResponse', `chunked: ${chunked}`);
        assert.match(e.message, new RegExp(`^ModelArts at ${host} answered HTTP 200, request ID [0-9a-f]{32} with a body larger than the response size limit of 8 KiB \\(setting modelarts\\.maxResponseMegabytes\\); it was not read further$`));
        assert.equal(server.count(), 1, 'not retried');
      }
      // Within the limit it is read as usual, chunked or not.
      server.setMisbehaviour({ chunked: true });
      const ok = await client({ maxResponseBytes: size }).listPools();
      assert.equal((ok.body as { items: unknown[] }).items.length, 20);
    });

    it('reads only the start of a large error body and keeps the message short', async () => {
      server.setMisbehaviour({ status: 500, body: 'upstream says ' + 'z'.repeat(ERROR_BODY_READ_LIMIT * 8) });
      const e = await failure(client().listPools());
      assert.equal(e.status, 500);
      assert.match(e.message, /with a non-JSON body: "upstream says z+…"$/);
      assert.ok(e.message.length < 300);
    });

    it('gives a short message for a 503 page of 200 KB of "<", on every try', async () => {
      server.setMisbehaviour({ status: 503, body: '<html>' + '<'.repeat(200_000) });
      const e = await failure(client().listPools());
      assert.equal(server.count(), 3, 'retried as a 503');
      assert.match(e.message, /answered HTTP 503, request ID \w+ with an HTML page instead of JSON: "<+…"$/);
      assert.ok(e.message.length < 300);
    });
  });

  describe('bodies and headers', () => {
    it('reads a 200 body that starts with a byte order mark', async () => {
      const list = fixture();
      server.setMisbehaviour({ status: 200, body: '\uFEFF' + JSON.stringify(list) });
      const res = await client().listPools();
      assert.equal((res.body as { items: unknown[] }).items.length, list.items.length);
      assert.ok(!res.text.startsWith('\uFEFF'));
    });

    it('keeps Location and X-Request-Id of a redirect short, on one line and without secrets', async () => {
      server.setMisbehaviour({ status: 302, headers: { Location: `https://elsewhere.example/${'p'.repeat(5000)}?sk=${DEFAULT_SECRET_KEY}` } });
      const e = await failure(client().listPools());
      assert.match(e.message, /^ModelArts at [^ ]+ answered HTTP 302, a redirect to https:\/\/elsewhere\.example\/p+…; check the endpoint setting$/);
      assert.ok(!e.message.includes(DEFAULT_SECRET_KEY.slice(0, 8)));
    });
  });

  describe('Retry-After', () => {
    const backoff = backoffDelay(1, 500, 8000, () => 0.5);

    for (const value of ['-5', '-0.5', 'soon', '5 s', '+5', '0x10', '1e3', 'Wed, 21 Oct 2015', '2015-10-21T07:28:00Z', '12345678901234567890123456789012345678901234567890123456789012345']) {
      it(`ignores ${JSON.stringify(value)} and backs off as usual`, async () => {
        server.setMisbehaviour({ status: 503, headers: { 'Retry-After': value }, times: 1 });
        const res = await client().listPools();
        assert.equal(res.attempts, 2);
        assert.deepEqual(sleeps, [backoff]);
      });
    }

    it('caps a huge delay, which then ends the retries', async () => {
      server.setMisbehaviour({ status: 429, headers: { 'Retry-After': '9'.repeat(40) } });
      const e = await failure(client().listPools());
      assert.equal(e.retryAfterMs, RETRY_AFTER_CAP_MS);
      assert.equal(server.count(), 1);
      assert.deepEqual(sleeps, []);
    });

    it('parses only a delay in seconds or an HTTP date', () => {
      const now = new Date('2015-10-21T07:27:00Z');
      assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now), 60_000);
      assert.equal(parseRetryAfter('Wednesday, 21-Oct-15 07:28:00 GMT', now), 60_000);
      assert.equal(parseRetryAfter('Wed Oct 21 07:28:00 2015', now), 60_000);
      assert.equal(parseRetryAfter(' 3 ', now), 3000);
      assert.equal(parseRetryAfter('0', now), 0);
      assert.equal(parseRetryAfter('1'.repeat(30), now), RETRY_AFTER_CAP_MS);
      assert.equal(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now), RETRY_AFTER_CAP_MS);
      for (const bad of ['-5', '-1', 'Infinity', 'NaN', '5,5', '', '  ', 'Wed, 21 Oct 2015 07:28:00 PST', 'x'.repeat(100)]) {
        assert.equal(parseRetryAfter(bad, now), undefined, bad);
      }
    });
  });

  describe('what is sent must be what is signed', () => {
    it('refuses the project IDs "." and ".." before sending anything', async () => {
      for (const projectId of ['.', '..']) {
        const e = await failure(client({ projectId }).listPools());
        assert.equal(e.kind, 'config');
        assert.equal(e.message, `Project ID "${projectId}" is not valid: "." and ".." would change the request path. Use the 32-character ID shown under My Credentials > Projects.`);
      }
      assert.equal(checkProjectId('...'), undefined, 'three dots are an ordinary segment');
      assert.equal(server.count(), 0);
    });

    it('refuses an endpoint whose path holds "." or ".." once decoded', () => {
      for (const endpoint of [`${server.url}/a%2F..`, `${server.url}/%2E%2F`, `${server.url}/x/%2F.%2F`]) {
        assert.throws(
          () => client({ endpoint }),
          (e: unknown) => isModelArtsError(e) && e.kind === 'config' && /has "\." or "\.\." in its path/.test(e.message),
          endpoint,
        );
      }
    });

    it('answers a lone surrogate in a filter with a clear error, never a URIError', async () => {
      const cases: Array<[Parameters<ModelArtsClient['listPools']>[0], RegExp]> = [
        [{ labelSelector: 'os.modelarts/name=\uD800' }, /^The labelSelector parameter holds an invalid character \(an unpaired UTF-16 surrogate\) at column 19; it cannot be sent$/],
        [{ parent: 'pool-\uDC00x' }, /^The parent parameter holds an invalid character .* at column 6;/],
        [{ workspaceId: '\uDBFF' }, /^The workspaceId parameter /],
      ];
      for (const [query, message] of cases) {
        const e = await failure(client().listPools(query));
        assert.equal(e.kind, 'config');
        assert.match(e.message, message);
      }
      assert.equal(server.count(), 0);
      // A whole pair is an ordinary character.
      const res = await client().listPools({ labelSelector: 'os.modelarts/name=\uD83D\uDE00' });
      assert.equal(res.status, 200);
      assert.equal(loneSurrogateAt('a\uD83D\uDE00b'), -1);
      assert.equal(loneSurrogateAt('ab\uDE00'), 2);
      assert.equal(loneSurrogateAt('\uD83D'), 0);
    });
  });

  describe('keys with control characters', () => {
    it('are refused before anything is signed or sent, without showing them', async () => {
      const creds = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY, securityToken: 'tokSECRETline1\ntokSECRETline2' };
      const e = await failure(client({ credentials: creds }).listPools());
      assert.equal(e.kind, 'config');
      assert.equal(e.message, 'The security token contains a line break; remove it and try again.');
      const ak = await failure(client({ credentials: { ...KEYS, accessKey: 'AK\u0000X' }, projectId: undefined }).resolveProjectId());
      assert.equal(ak.message, 'The access key ID contains a control character (U+0000); remove it and try again.');
      assert.equal(server.count(), 0);
      assert.ok(!lines.join('\n').includes('tokSECRET'));
    });
  });

  describe('secrets echoed with other whitespace', () => {
    it('are redacted from the message and the log', async () => {
      const creds = { accessKey: 'HSTAKSECRET1234567890', secretKey: 'skSECRETskSECRETskSECRETskSECRETskSECRE', securityToken: 'tokSECRETtokSECRETtokSECRET+/=tokSECRET' };
      const s = await startModelArtsServer({ file: FIXTURE, credentials: [creds] });
      try {
        const wrapped = creds.securityToken.slice(0, 15) + '\r\n\t' + creds.securityToken.slice(15);
        const spaced = creds.secretKey.split('').join(' ');
        s.setMisbehaviour({ status: 400, body: { error_code: 'ModelArts.9999', error_msg: `echo ${wrapped} and ${spaced} and ${'x'.repeat(360)}${creds.secretKey}` } });
        const c = new ModelArtsClient({ endpoint: s.url, iamEndpoint: s.url, region: 'cn-north-4', credentials: creds, projectId: DEFAULT_PROJECT_ID, sleep: fastSleep, log: (l) => lines.push(l) });
        const e = await failure(c.listPools());
        const all = [e.message, ...lines].join('\n');
        assert.match(e.message, /^ModelArts error ModelArts\.9999: echo \*\*\* and \*\*\* and x+/);
        for (const secret of [creds.secretKey, creds.securityToken]) {
          for (let i = 0; i + 5 <= secret.length; i++) assert.ok(!all.includes(secret.slice(i, i + 5)), `a piece of a secret leaked: ${secret.slice(i, i + 5)}`);
        }
      } finally {
        await s.close();
      }
    });
  });
});
