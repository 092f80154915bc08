import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { formatSdkDate, signRequest } from '../../src/modelarts/signer';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  REQUEST_LOG_SIZE,
  startModelArtsServer,
  type RunningModelArtsServer,
} from '../server/server';
import { rawRequest, sendRaw } from './serverHelpers';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/server-pools.json');
const POOLS = `/v2/${DEFAULT_PROJECT_ID}/pools`;
const KEYS = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };

/**
 * Sends raw bytes on a new connection, half-closes it (so the server always
 * reaches the end of what was sent) and resolves with whatever came back
 * once the server has closed the connection.
 */
function sendBytes(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end(bytes);
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset is an answer too
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

function statusOf(answer: string): number {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
  return m ? Number(m[1]) : 0;
}

/** A signed request's header block for `target`, optionally tampered with. */
function signedHead(host: string, target: string, query: Record<string, string> = {}, change?: (h: Record<string, string>) => void): string {
  const signed = signRequest({ method: 'GET', host, path: target, query, headers: { 'content-type': 'application/json' } }, KEYS, new Date());
  const headers = { ...signed.headers };
  change?.(headers);
  const q = Object.keys(query).length ? '?' + new URLSearchParams(query).toString().replace(/\+/g, '%20') : '';
  return `GET ${target}${q} HTTP/1.1\r\n` + Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n';
}

/** 1,000 malformed requests of many kinds, deterministic. */
function malformedRequests(host: string): Array<string | Buffer> {
  const date = formatSdkDate(new Date());
  const auth = (signedHeaders: string, access = DEFAULT_ACCESS_KEY, signature = '00'.repeat(32)): string =>
    `SDK-HMAC-SHA256 Access=${access}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype', 'isPrototypeOf'];
  const kinds: Array<(i: number) => string | Buffer> = [
    // Authorization headers naming prototype properties as signed headers.
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nX-Sdk-Date: ${date}\r\nAuthorization: ${auth(`${prototypeNames[i % prototypeNames.length]};host;x-sdk-date`)}\r\n\r\n`,
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nX-Sdk-Date: ${date}\r\n${prototypeNames[i % prototypeNames.length]}: x\r\nAuthorization: ${auth(`host;${prototypeNames[(i + 1) % prototypeNames.length]};x-sdk-date`)}\r\n\r\n`,
    // Garbage and half-formed Authorization headers.
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${['', 'SDK-HMAC-SHA256', 'SDK-HMAC-SHA256 Access=', 'Basic abc', auth('', ''), auth(';;;;'), auth('host', 'x'.repeat(3000)), auth('x-sdk-date;'.repeat(500))][i % 8]}\r\n\r\n`,
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nX-Sdk-Date: ${['', '2024', '99999999T999999Z', date + 'x', '20240230T000000Z', '00000000T000000Z'][i % 6]}\r\nAuthorization: ${auth('host;x-sdk-date')}\r\n\r\n`,
    // Signed, valid requests with prototype keys in the query.
    (i) => signedHead(host, POOLS, { [prototypeNames[i % prototypeNames.length]]: 'x', labelSelector: i % 2 ? 'a in (b' : 'constructor=x', status: ['created', '__proto__', 'toString'][i % 3] }) + '\r\n',
    (i) => signedHead(host, '/v3/projects', { ...(JSON.parse('{"__proto__":"y"}') as Record<string, string>), name: prototypeNames[i % prototypeNames.length] }) + '\r\n',
    // Bad query strings and bad percent-encoding, signed or not.
    (i) => `GET ${POOLS}?${['%', '%%', '%E0%A4%A', 'a=%ZZ', '&&&=&=', '=', 'labelSelector=%ED%A0%80', '%00=%00'][i % 8]} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${auth('host;x-sdk-date')}\r\nX-Sdk-Date: ${date}\r\n\r\n`,
    (i) => signedHead(host, POOLS, { labelSelector: 'x' }, (h) => (h.Authorization += ['', ' ', ',', 'ff'][i % 4])).replace('?labelSelector=x', ['?labelSelector=%', '/..?labelSelector=x', '?labelSelector=x#frag', '%2F?labelSelector=x'][i % 4]) + '\r\n',
    (i) => `GET /${['%', '%ZZ', '%ED%A0%80', '%C0%AF', '..%2F..%2F', '%00'][i % 6]}/pools HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    // Long paths and queries (some over the header limit), and long header values.
    (i) => `GET /${'a/'.repeat(1000 + (i % 7) * 2000)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    (i) => `GET ${POOLS}?labelSelector=${'a%2C'.repeat(500 + (i % 5) * 1500)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nX-Long: ${'v'.repeat(4000 * (1 + (i % 6)))}\r\n\r\n`,
    // Wrong methods, with and without bodies.
    (i) => `${['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FOO'][i % 8]} ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n\r\nhello`,
    // Truncated and broken bodies and headers.
    (i) => `POST ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${1000 + i}\r\n\r\n{"truncated":`,
    (i) => `POST ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n${['zz', '5\r\nab', 'ffffffffffffffff\r\n', '-1\r\n'][i % 4]}`,
    (i) => `POST /v3/projects HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n${['{bad json', '\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008', 'null,null', '{"a":1}}}'][i % 4]}`,
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nAuthor`.slice(0, 20 + (i % 40)),
    // Malformed request lines and raw garbage.
    (i) => ['GARBAGE\r\n\r\n', 'GET\r\n\r\n', `GET ${POOLS} HTTP/9.9\r\n\r\n`, 'GET  HTTP/1.1\r\n\r\n', '\r\n\r\n\r\n', `GET ${POOLS} HTTP/1.1\r\nNo colon here\r\n\r\n`][i % 6],
    (i) => Buffer.from(Array.from({ length: 64 + (i % 64) }, (_, k) => (k * 37 + i * 11) % 256)),
    // Duplicated headers.
    (i) => `GET ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nHost: other\r\nX-Sdk-Date: ${date}\r\nX-Sdk-Date: ${date}\r\nAuthorization: ${auth('host;x-sdk-date')}\r\nAuthorization: ${auth('host')}\r\nX-Security-Token: a\r\nX-Security-Token: b\r\n\r\n`.replace(i % 2 ? 'Host: other\r\n' : '', ''),
  ];
  const out: Array<string | Buffer> = [];
  for (let i = 0; out.length < 1000; i++) out.push(kinds[i % kinds.length](Math.floor(i / kinds.length)));
  return out;
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

describe('local ModelArts server: any request', () => {
  let server: RunningModelArtsServer;
  let host: string;

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
  });

  it('answers a signed header named like a prototype property with 401, and lives on', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await rawRequest(server.url, POOLS, {
        ...KEYS,
        tamper: (h) => (h.Authorization = h.Authorization.replace(/SignedHeaders=[^,]+/, `SignedHeaders=${name};content-type;host;x-sdk-date`)),
      });
      assert.equal(res.status, 401, name);
      assert.match((res.json as { error_msg: string }).error_msg, new RegExp(`signed header ${name} is not in the request|verify aksk signature fail`));
    }
    assert.equal((await rawRequest(server.url, POOLS, KEYS)).status, 200);
    assert.equal(server.handlerFailures, 0);
  });

  it('treats prototype names in the query as ordinary keys', async () => {
    // JSON.parse, not a literal: in a literal `__proto__:` would set the prototype, not a key.
    const query = JSON.parse('{"__proto__":"x","constructor":"y","toString":"z"}') as Record<string, string>;
    const res = await rawRequest(server.url, POOLS, { ...KEYS, query });
    assert.equal(res.status, 200, res.text);
    const seen = server.requests[server.requests.length - 1].query;
    assert.deepEqual(Object.keys(seen).sort(), ['__proto__', 'constructor', 'toString']);
    assert.deepEqual(seen.__proto__, ['x']);
    assert.equal(Object.getPrototypeOf(seen), Object.prototype, 'the recorded query is a plain object, its prototype untouched');
    // A workspace named like a prototype property lists nothing rather than failing.
    const ws = await rawRequest(server.url, POOLS, { ...KEYS, query: { workspaceId: 'constructor' } });
    assert.equal(ws.status, 200);
  });

  it('survives 1,000 malformed requests and still answers a good one', async function () {
    this.timeout(120_000);
    const requests = malformedRequests(host);
    assert.equal(requests.length, 1000);
    const answers = await inBatches(requests, 20, (bytes) => sendBytes(server.port, bytes));
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(statusOf(a), (statuses.get(statusOf(a)) ?? 0) + 1);
    const seen = [...statuses.keys()].sort((a, b) => a - b);
    // Every kind of refusal, and never a 500 from a failing handler.
    for (const status of [400, 401, 405, 431]) assert.ok(statuses.has(status), `no ${status} among ${JSON.stringify(seen)}`);
    assert.ok(!statuses.has(500), `500 answers: ${statuses.get(500)}`);
    assert.equal(server.handlerFailures, 0);
    const good = await rawRequest(server.url, POOLS, { ...KEYS, query: { status: 'created' } });
    assert.equal(good.status, 200, good.text);
    assert.ok(((good.json as { items?: unknown[] }).items ?? []).length > 0);
    // The log is bounded; the counter is not.
    assert.ok(server.requests.length <= REQUEST_LOG_SIZE);
    assert.ok(server.count() > 500, `${server.count()} requests reached the handler`);
    assert.ok(server.count() >= server.requests.length);
  });

  it('keeps the last requests only, and counts them all', async () => {
    const small = await startModelArtsServer({ file: FIXTURE, requestLogSize: 3 });
    try {
      for (let i = 0; i < 5; i++) await rawRequest(small.url, POOLS, { ...KEYS, query: { parent: `p${i}` } });
      await rawRequest(small.url, '/v3/projects', { ...KEYS, query: { name: 'cn-north-4' } });
      assert.deepEqual(small.requests.map((r) => r.query.parent?.[0] ?? r.path), ['p3', 'p4', '/v3/projects']);
      assert.equal(small.count(), 6);
      assert.equal(small.count('pools'), 5);
      assert.equal(small.count('iam'), 1);
      small.resetRequests();
      assert.equal(small.count(), 0);
      assert.equal(small.requests.length, 0);
    } finally {
      await small.close();
    }
  });

  it('closes a connection that uploads more than it may', async () => {
    const big = `POST ${POOLS} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${3 * 1024 * 1024}\r\n\r\n` + 'x'.repeat(3 * 1024 * 1024);
    const answer = await sendBytes(server.port, big);
    assert.equal(statusOf(answer), 405);
    const res = await sendRaw(server.url, POOLS, 'GET', {});
    assert.equal(res.status, 401, 'still answering');
  });
});
