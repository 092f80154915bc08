/**
 * Growth checks for every parser of untrusted text: each is timed on
 * adversarial input of 100 KB and of 1 MB, side by side in this process
 * (both sizes in every round, median of the rounds' ratios), and the ratio
 * time(1 MB) / time(100 KB) is printed. Linear work gives about 10, work
 * bounded by a cap about 1; the target is at most 15. A quadratic parser
 * would show about 100, a cubic one about 1,000.
 *
 * Parsers whose input is capped before they look at it (the error excerpt,
 * the selector and name filter as the extension calls them) are measured
 * both as called, and with the cap lifted, so the growth of the parser
 * itself shows too.
 *
 * Times are CPU time of this process, and each timing handles the same
 * number of bytes of either size (results kept until it ends), so that
 * garbage collection is paid alike. What remains above 10 is memory: a
 * hash set of 120k values no longer fits the CPU caches the way one of
 * 12k does.
 */
import { generatePoolList } from './generate';
import { untrustedText } from '../../src/common/untrusted';
import { parseIni } from '../../src/modelarts/credentials';
import { excerpt, htmlToText, httpError, redact } from '../../src/modelarts/errors';
import { parsePoolListText } from '../../src/modelarts/parse';
import { parseNodeListText } from '../../src/modelarts/parseNodes';
import { formatSdkDate, signRequest } from '../../src/modelarts/signer';
import type { Pool } from '../../src/modelarts/types';
import { applyFilter } from '../../src/pools/filter';
import { labelInput } from '../../src/pools/labelSuggest';
import { matchesSelector, parseSelector } from '../../src/pools/selector';
import { parseTarget, verifyRequest } from '../server/auth';
import { generateNodes } from '../server/nodes';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from '../server/server';

export const GROWTH_TARGET = 15;
const SMALL = 100 * 1024;
const LARGE = 1024 * 1024;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Per-call milliseconds of `repeat` calls, in CPU time of this process (user
 * and system, GC threads included): the machine may be shared, and time
 * spent waiting for a core is nobody's work. The garbage of earlier runs is
 * collected first, so no run pays for another's; the results of the calls
 * are kept until the timing ends, as the extension keeps what it parsed.
 */
function time(fn: () => unknown, repeat: number): number {
  const kept: unknown[] = new Array<unknown>(repeat);
  gc?.();
  const start = process.cpuUsage();
  for (let i = 0; i < repeat; i++) kept[i] = fn();
  const used = process.cpuUsage(start);
  kept.length = 0;
  return (used.user + used.system) / 1000 / repeat;
}

interface Growth {
  smallMs: number;
  largeMs: number;
  ratio: number;
}

/** How many small inputs make one large one. */
const PER_LARGE = Math.round(LARGE / SMALL);

/**
 * Times `run` on `make(SMALL)` and `make(LARGE)`, `rounds` rounds after a
 * warm-up; each round times both, back to back (in alternating order), so
 * both see the same load, and the ratio is the median of the rounds'
 * ratios. Each timing handles the same number of bytes: the small input
 * PER_LARGE times as often as the large one (so both allocate, keep and
 * collect as much); the large one repeats until a timing lasts 10 ms.
 */
function growth<T>(make: (bytes: number) => T, run: (input: T) => unknown, rounds = 11): Growth {
  const small = make(SMALL);
  const large = make(LARGE);
  run(small);
  run(large);
  let repeat = 1;
  while (repeat < 1 << 10 && time(() => run(large), repeat) * repeat < 10) repeat *= 2;
  const s: number[] = [];
  const l: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let a: number;
    let b: number;
    if (i % 2) {
      b = time(() => run(large), repeat);
      a = time(() => run(small), repeat * PER_LARGE);
    } else {
      a = time(() => run(small), repeat * PER_LARGE);
      b = time(() => run(large), repeat);
    }
    s.push(a);
    l.push(b);
    ratios.push(b / Math.max(a, 1e-6));
  }
  return { smallMs: median(s), largeMs: median(l), ratio: median(ratios) };
}

function fmt(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

function line(label: string, g: Growth): string {
  const verdict = g.ratio <= GROWTH_TARGET ? 'meets' : 'MISSES';
  return `${label}: 100 KB ${fmt(g.smallMs)}, 1 MB ${fmt(g.largeMs)} = ${g.ratio.toFixed(2)}x (target ≤ ${GROWTH_TARGET}x: ${verdict})`;
}

/** `unit` repeated to `bytes` characters (cut to size). */
function fill(unit: string, bytes: number, prefix = '', suffix = ''): string {
  const n = Math.max(0, bytes - prefix.length - suffix.length);
  return prefix + unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + suffix;
}

const SECRETS = {
  accessKey: 'HPUAXXXXXXXXXXXXXXXX',
  secretKey: 'a'.repeat(39) + 'b',
  securityToken: 'tok'.repeat(300) + 'X',
};

function benchErrors(): string[] {
  return [
    line("error excerpt: 503 body of '<' (httpError as called)", growth((n) => fill('<', n, '<html>'), (body) => httpError('ModelArts', 'h', 503, body, 'rid', undefined, SECRETS))),
    line("error excerpt: body of '<script' (httpError as called)", growth((n) => fill('<script', n, '<html>'), (body) => httpError('ModelArts', 'h', 502, body, undefined, undefined, SECRETS))),
    line("error excerpt: JSON error_msg of 'a' (a near-match of the SK)", growth((n) => JSON.stringify({ error_code: 'X.1', error_msg: fill('a', n - 40) }), (body) => httpError('ModelArts', 'h', 400, body, undefined, undefined, SECRETS))),
    line("HTML stripping, no cap: '<' and '<script'", growth((n) => fill('<<script', n), (body) => htmlToText(body))),
    line('redaction, no cap: periodic text against periodic secrets', growth((n) => fill('tok', n), (body) => redact(body, SECRETS))),
    line('excerpt: blanks and control characters (as called)', growth((n) => fill(' \u0000\n', n, '', 'end'), (body) => excerpt(body, body.length + 10, SECRETS))),
  ];
}

function benchIni(): string[] {
  return [
    line("INI: one section header line of ' ' (cubic before)", growth((n) => fill(' ', n, '[', 'x'), (text) => parseIni(text))),
    line('INI: many short lines, repeated sections, keys', growth((n) => fill('[basic]\nak=1\n;c\nk: "v"\n', n), (text) => parseIni(text))),
  ];
}

function benchSelector(): string[] {
  const distinct = (n: number): string => {
    let text = 'k in (';
    for (let i = 0; text.length < n - 2; i++) text += `v${i},`;
    return text.slice(0, -1) + ')';
  };
  const labels = [{ k: 'v5' }, { k: 'zz' }, {}];
  const lifted = { maxLength: Infinity };
  return [
    line('selector: in (…) of distinct values, no cap (parse + match; one Set of 120k values at 1 MB)', growth(distinct, (text) => {
      const r = parseSelector(text, lifted);
      if (r.ok) for (const l of labels) matchesSelector(r.selector, l);
    })),
    line('selector: in (…) of one repeated value, no cap', growth((n) => fill('a,', n, 'k notin (', 'a)'), (text) => parseSelector(text, lifted))),
    line('selector: many requirements, no cap', growth((n) => fill('a.b/c-d!=x y,', n, '', 'k'), (text) => parseSelector(text, lifted))),
    line('selector: as called (limit 2048 applied first)', growth(distinct, (text) => parseSelector(text))),
    line('selector: label input as typed (limit first, then suggestions)', growth((n) => fill('x', n, 'team='), (text) => labelInput([], text))),
  ];
}

function benchNameFilter(): string[] {
  // Pools whose names add up to the size, each a near-match of the needle.
  const pools = (n: number): Pool[] => {
    const name = 'a'.repeat(1000);
    return Array.from({ length: Math.ceil(n / 2000) }, (_, i) => ({ metadata: { name: `${name}${i}`, labels: { 'os.modelarts/name': name } } }));
  };
  const needle = 'a'.repeat(255) + 'b';
  return [
    line('name filter: near-miss needle of 256 over long names (fresh load)', growth(pools, (list) => applyFilter(list.slice(), { name: needle }))),
    line('name filter: the filter text itself (refused over 256)', growth((n) => fill('(', n), (name) => applyFilter([], { name }))),
  ];
}

function benchParse(): string[] {
  // Every field of the wrong type (a problem each), long label keys, repeated names.
  const wrong = (n: number): string => {
    const item = JSON.stringify({
      metadata: { name: 'dup', labels: { ['k'.repeat(40)]: 1, b: null, c: 'ok' }, annotations: 3 },
      spec: { type: 1, scope: [1, 'a'], resources: [{ flavor: 2, count: -1, maxCount: 1e300, azs: 'x' }, 'no'] },
      status: { phase: [], resources: { available: [{ count: 'x' }] }, scope: {}, parent: 5 },
    });
    const count = Math.max(1, Math.floor((n - 30) / (item.length + 1)));
    return `{"kind":"PoolList","items":[${Array.from({ length: count }, () => item).join(',')}]}`;
  };
  const valid = (n: number): string => {
    // About 2.3 KB per generated pool.
    const { body } = generatePoolList(Math.max(1, Math.round(n / 2300)));
    return body;
  };
  // Nodes: every field of the wrong type (quantities of every kind), long keys, repeated names.
  const wrongNodes = (n: number): string => {
    const item = JSON.stringify({
      metadata: { name: 'dup', labels: { ['k'.repeat(40)]: 1, b: null }, annotations: [] },
      spec: { flavor: 1, hostNetwork: { securityGroups: [1, 'a', {}] }, os: 'x' },
      status: { phase: {}, resources: { cpu: 8, memory: true, ['r'.repeat(30)]: {} }, availableResources: 'x', taints: [{ key: 1 }, 'y'] },
    });
    const count = Math.max(1, Math.floor((n - 60) / (item.length + 1)));
    return `{"kind":"NodeList","metadata":{"continue":7},"items":[${Array.from({ length: count }, () => item).join(',')}]}`;
  };
  const validNodes = (n: number): string =>
    // About 1.1 KB per generated node.
    JSON.stringify({ kind: 'NodeList', items: generateNodes(Math.max(1, Math.round(n / 1100)), { flavors: ['modelarts.bm.npu.arm.8snt9b3.d', 'modelarts.vm.cpu.8ud'] }) });
  return [
    line('ListPools parser: every field of the wrong type, repeated names', growth(wrong, (text) => parsePoolListText(text, 'bench'))),
    line('ListPools parser: valid generated pools', growth(valid, (text) => parsePoolListText(text, 'bench'))),
    line('ListPoolNodes parser: every field of the wrong type, repeated names', growth(wrongNodes, (text) => parseNodeListText(text, 'bench'))),
    line('ListPoolNodes parser: valid generated nodes', growth(validNodes, (text) => parseNodeListText(text, 'bench'))),
  ];
}

function benchServer(): string[] {
  const credentials = [{ accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY }];
  const now = new Date('2024-06-01T12:00:00Z');
  const date = formatSdkDate(now);
  const request = (rawUrl: string, signedHeaders: string): Record<string, string> => ({
    host: '127.0.0.1:1',
    'x-sdk-date': date,
    authorization: `SDK-HMAC-SHA256 Access=${DEFAULT_ACCESS_KEY}, SignedHeaders=${signedHeaders}, Signature=${'0'.repeat(64)}`,
    'x-target': rawUrl.slice(0, 16),
  });
  const query = (n: number): string => fill('%41=%42&__proto__=x&constructor=%E2%82%AC&', n, '/v2/p/pools?');
  const signed = (n: number): { url: string; headers: Record<string, string> } => {
    const labelSelector = fill('a in (b,c),', n - 100, '', 'x');
    const s = signRequest({ method: 'GET', host: '127.0.0.1:1', path: '/v2/p/pools', query: { labelSelector } }, credentials[0], now);
    const url = `/v2/p/pools?labelSelector=${encodeURIComponent(labelSelector)}`;
    return { url, headers: Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v])) };
  };
  return [
    line('local server: request target with many query parameters (parse + verify)', growth(query, (url) => {
      parseTarget(url);
      verifyRequest('GET', url, request(url, 'host;x-sdk-date'), credentials, now, 900_000);
    })),
    line('local server: SignedHeaders list of prototype names', growth((n) => fill('constructor;__proto__;host;', n, '', 'x-sdk-date'), (names) => verifyRequest('GET', '/v2/p/pools', request('/', names), credentials, now, 900_000))),
    line('local server: a validly signed long labelSelector (verify + parse selector)', growth(signed, ({ url, headers }) => {
      const target = parseTarget(url);
      verifyRequest('GET', url, headers, credentials, now, 900_000);
      parseSelector(target?.query.labelSelector?.[0] ?? '', { maxLength: Infinity });
    })),
  ];
}

function benchUntrusted(): string[] {
  return [
    line('untrusted UI text: links, icons and line breaks', growth((n) => fill('[a](command:x) $(y) <z>\n', n), (text) => untrustedText(text))),
    line('untrusted UI text, no cap: the same text kept whole', growth((n) => fill('[a](command:x) $(y) <z>\n', n), (text) => untrustedText(text, text.length + 1))),
  ];
}

/** Every growth line, in one process. */
export function benchGrowth(): string[] {
  return [...benchErrors(), ...benchIni(), ...benchSelector(), ...benchNameFilter(), ...benchParse(), ...benchServer(), ...benchUntrusted()];
}
