/**
 * A local ModelArts server, for the tests and the demo: plain node:http on
 * 127.0.0.1, serving
 *
 * - `GET /v2/{project_id}/pools` with workspaceId, labelSelector, status and
 *   parent, filtered the way the API documents them:
 *   - workspaceId: matched against the label `os.modelarts/workspace.id`;
 *     default "0"; a pool without that label counts as workspace "0";
 *   - labelSelector: Kubernetes selector syntax, evaluated by the extension's
 *     own src/pools/selector.ts; an invalid one answers 400;
 *   - status: created / failed / creating, mapped from phases by
 *     src/modelarts/statusParam.ts; another value answers 400;
 *   - parent: the pools whose `status.parent` is that name (direct children).
 * - `GET /v2/{project_id}/pools/{pool_name}/nodes` (ListPoolNodes) with limit
 *   (1 to 500, default 500) and continue, paged by src/pools/samplePaging.ts:
 *   an opaque continue token and remainingItemCount while more remain; 400
 *   for a bad limit or a token it did not hand out, 404 (ModelArts.50015001,
 *   "pool not found") for a pool that is not in its ListPools response. The
 *   nodes: those given (`nodes`, `setNodes`); `nodeCount` generated ones for
 *   one pool (scale tests; that pool's counts are set to match); the sample
 *   nodes (src/samples/nodes.json) for the sample pools; for other pools,
 *   nodes generated to match their status.resources (test/server/nodes.ts).
 * - `GET /v3/projects?name=` (IAM KeystoneListProjects), listing its projects.
 *
 * Every request must be signed (SDK-HMAC-SHA256) with a key it knows; a wrong
 * signature, an unknown key or an X-Sdk-Date more than 15 minutes off answers
 * 401 with an API-gateway body (APIGW.0301). Only GET is served (405 else).
 *
 * For tests it can misbehave on demand: another status and body, a delay, a
 * dropped connection, a garbage or truncated body, for a number of requests.
 *
 * The error codes other than APIGW.0301 are this server's own; the shapes of
 * the bodies are the real ones ({error_code, error_msg[, request_id]}).
 *
 * It survives any request: headers and query keys are read as own properties
 * only (a signed header named `constructor` is just missing), a handler that
 * fails answers 500 instead of ending the process, request bodies are
 * drained up to MAX_REQUEST_BODY_BYTES and the connection closed beyond,
 * headers and URL are bounded by Node's header limit (431), and the request
 * log keeps the last REQUEST_LOG_SIZE requests (counters keep the totals).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { isListPoolsStatusParam, phaseMatchesStatusParam } from '../../src/modelarts/statusParam';
import { maskAk } from '../../src/modelarts/errors';
import { matchesSelector, parseSelector } from '../../src/pools/selector';
import { MAX_NODE_PAGE_SIZE, pageSampleNodes } from '../../src/pools/samplePaging';
import { parseTarget, verifyRequest, type ServerCredential } from './auth';
import { generateNodes, poolNodes, resourcesFromNodes, type GeneratedNode } from './nodes';

export type { ServerCredential } from './auth';

export const DEFAULT_ACCESS_KEY = 'LOCALTESTAK00000000';
export const DEFAULT_SECRET_KEY = 'LOCALTESTSK0000000000000000000000000000000';
export const DEFAULT_PROJECT_ID = '0123456789abcdef0123456789abcdef';
export const DEFAULT_REGION = 'cn-north-4';
export const DEFAULT_DOMAIN_ID = 'fedcba9876543210fedcba9876543210';
export const MAX_SKEW_MS = 15 * 60 * 1000;
export const WORKSPACE_LABEL = 'os.modelarts/workspace.id';
/** Requests kept in `requests` (the oldest are dropped first). */
export const REQUEST_LOG_SIZE = 1000;
/** Request body bytes drained before the connection is closed (only GET is served). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Header block limit (request line and headers), as Node's default: larger ones get 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Longest URL written to a log line (room for a pool name and a continue token). */
const LOG_URL_MAX = 300;
/** Most nodes `nodeCount` may ask for (each takes about 2 KB of memory). */
export const MAX_SCALE_NODES = 100_000;
/** The error of ListPoolNodes for an unknown pool, as the reference shows it. */
export const POOL_NOT_FOUND = { error_code: 'ModelArts.50015001', error_msg: 'pool not found' } as const;

/** Which API a request is for. */
export type RequestTarget = 'pools' | 'nodes' | 'iam' | 'other';

export interface ServerProject {
  id: string;
  name: string;
}

export interface ModelArtsServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Keys it accepts; default the fixed test key pair. */
  credentials?: readonly ServerCredential[];
  /** The project the pools belong to; default DEFAULT_PROJECT_ID. */
  projectId?: string;
  /** Region: the name of that project in IAM; default cn-north-4. */
  region?: string;
  /** Extra IAM projects (other regions, sub-projects), listed by /v3/projects but holding no pools. */
  extraProjects?: readonly ServerProject[];
  /** A ListPools response to serve, as a JSON file. Default: the embedded sample pools. */
  file?: string;
  /** A ListPools response to serve, as a value (wins over `file`). */
  pools?: unknown;
  /**
   * Node lists by pool name, served by ListPoolNodes (an array is paged; any
   * other value is served as the whole body, for the client's parser to judge).
   * Pools not named here get the default nodes (see the top of this file).
   */
  nodes?: Readonly<Record<string, unknown>>;
  /** Gives one pool this many generated nodes, for scale tests; its status.resources and spec.resources counts are set to match. */
  nodeCount?: number;
  /** The pool that gets `nodeCount` nodes; default the first physical pool (spec.type Dedicate), else the first pool. */
  nodesPool?: string;
  /** Server clock; default the real one. */
  now?: () => Date;
  /** Receives one line per request (no secrets). */
  log?: (line: string) => void;
  /** Requests kept in `requests`; default REQUEST_LOG_SIZE. */
  requestLogSize?: number;
}

/** What the server should do wrong, and for how many requests. */
export interface Misbehaviour {
  /** Answer with this status (and `body`/`headers`) instead of the real answer. */
  status?: number;
  /** Body for `status`: an object is sent as JSON, a string as is. */
  body?: unknown;
  /** Extra response headers (e.g. Retry-After). */
  headers?: Readonly<Record<string, string>>;
  /** Wait this long before doing anything else. */
  delayMs?: number;
  /** Hold the answer until this settles (a test releases it once it has seen what it waits for). */
  hold?: Promise<unknown>;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Answer 200 with bytes that are not JSON. */
  garbage?: boolean;
  /** Answer the real response with the body cut in half (consistent Content-Length). */
  truncate?: boolean;
  /** Send the body chunked, without a Content-Length. */
  chunked?: boolean;
  /** Send the headers and half the body, then destroy the connection. */
  dropMidBody?: boolean;
  /** Misbehave for this many requests, then behave; default every request. */
  times?: number;
  /** Which requests: ListPools, ListPoolNodes, IAM or any (default). */
  target?: 'pools' | 'nodes' | 'iam' | 'any';
}

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: Record<string, string[]>;
  /** Request headers as received (they include the signature: never print them). */
  headers: http.IncomingHttpHeaders;
  status: number;
  misbehaved: boolean;
  /** Why authentication failed, when it did. */
  authFailure?: string;
}

export interface RunningModelArtsServer {
  /** http://127.0.0.1:PORT: both the ModelArts and the IAM endpoint. */
  url: string;
  port: number;
  projectId: string;
  region: string;
  credentials: readonly ServerCredential[];
  /** The last REQUEST_LOG_SIZE requests seen, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Number of requests seen since the last reset (all of them, not only those kept), optionally for one target only. */
  count(target?: 'pools' | 'nodes' | 'iam'): number;
  /** The pool given `nodeCount` generated nodes, if any. */
  readonly nodesPool: string | undefined;
  /** Handlers that failed and were answered 500 (0 unless this server has a bug). */
  readonly handlerFailures: number;
  /** Starts (or, with undefined, stops) misbehaving. */
  setMisbehaviour(misbehaviour: Misbehaviour | undefined): void;
  /** Replaces the ListPools response served (the default nodes follow it). */
  setPools(body: unknown): void;
  /** Replaces the nodes of one pool (an array is paged, anything else served as is); undefined restores its default nodes. */
  setNodes(poolName: string, nodes: unknown): void;
  /** Forgets the recorded requests. */
  resetRequests(): void;
  close(): Promise<void>;
}

/** Where a file of src/samples is, from the compiled or the source tree. */
function sampleFile(name: string): string | undefined {
  const candidates = [
    path.resolve(__dirname, '../../../src/samples', name),
    path.resolve(__dirname, '../../src/samples', name),
    path.resolve(process.cwd(), 'src/samples', name),
  ];
  return candidates.find((p) => fs.existsSync(p));
}

/** Where the embedded sample pools are, from the compiled or the source tree. */
export function defaultPoolsFile(): string | undefined {
  return sampleFile('pools.json');
}

/** Where the embedded sample nodes are, from the compiled or the source tree. */
export function defaultNodesFile(): string | undefined {
  return sampleFile('nodes.json');
}

/** The sample nodes by pool name, or none when the file is missing or not an object. */
function loadSampleNodes(): ReadonlyMap<string, unknown> {
  const file = defaultNodesFile();
  if (!file) return new Map();
  const value = loadPoolsFile(file);
  return isObject(value) ? new Map(Object.entries(value)) : new Map();
}

/** Reads a ListPools response from a JSON file; throws an Error with a clear message. */
export function loadPoolsFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

function requestId(): string {
  return randomBytes(16).toString('hex');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function labelsOf(pool: unknown): Record<string, string | undefined> | undefined {
  const metadata = isObject(pool) ? pool.metadata : undefined;
  const labels = isObject(metadata) ? metadata.labels : undefined;
  return isObject(labels) ? (labels as Record<string, string | undefined>) : undefined;
}

function statusOf(pool: unknown): Record<string, unknown> | undefined {
  const status = isObject(pool) ? pool.status : undefined;
  return isObject(status) ? status : undefined;
}

function first(query: Record<string, string[]>, key: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(query, key)) return undefined;
  const list: unknown = query[key];
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
}

function shortUrl(url: string): string {
  return url.length > LOG_URL_MAX ? `${url.slice(0, LOG_URL_MAX - 1)}…` : url;
}

/** The API of a request, from its raw (still encoded) target, so an encoded "/" in a pool name cannot change it. */
function targetOf(rawUrl: string): RequestTarget {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (/^\/v2\/[^/]*\/pools\/?$/.test(rawPath)) return 'pools';
  if (/^\/v2\/[^/]*\/pools\/[^/]+\/nodes\/?$/.test(rawPath)) return 'nodes';
  return /^\/v3\/projects\/?$/.test(rawPath) ? 'iam' : 'other';
}

/** The decoded segments of a raw path; undefined when one is not validly percent-encoded. */
function pathSegments(rawUrl: string): string[] | undefined {
  const q = rawUrl.indexOf('?');
  try {
    return (q < 0 ? rawUrl : rawUrl.slice(0, q)).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The pools of a ListPools response that could be served: objects with a string name. */
function poolItems(pools: unknown): Array<Record<string, unknown> & { metadata: { name: string } }> {
  if (!isObject(pools) || !Array.isArray(pools.items)) return [];
  return (pools.items as unknown[]).filter(
    (p): p is Record<string, unknown> & { metadata: { name: string } } => isObject(p) && isObject(p.metadata) && typeof p.metadata.name === 'string',
  );
}

/**
 * Gives the pool `poolName` (default: the first physical pool, else the
 * first) `count` generated nodes, and a copy of `pools` whose counts for that
 * pool match them. Throws when there is no such pool.
 */
function scalePool(pools: unknown, count: number, poolName: string | undefined): { pools: unknown; poolName: string; nodes: GeneratedNode[] } {
  const items = poolItems(pools);
  const target =
    poolName !== undefined
      ? items.find((p) => p.metadata.name === poolName)
      : (items.find((p) => isObject(p.spec) && p.spec.type === 'Dedicate') ?? items[0]);
  if (!target) {
    throw new Error(poolName !== undefined ? `No pool named "${poolName}" to give ${count} nodes to` : `No pool to give ${count} nodes to`);
  }
  const spec = isObject(target.spec) ? target.spec : {};
  const resources = Array.isArray(spec.resources) ? (spec.resources as unknown[]).filter(isObject) : [];
  const flavors = resources.map((r) => r.flavor).filter((f): f is string => typeof f === 'string');
  const azs = resources.flatMap((r) => (Array.isArray(r.azs) ? (r.azs as unknown[]) : [])).map((a) => (isObject(a) ? a.az : undefined)).filter((a): a is string => typeof a === 'string');
  const created = typeof (target.metadata as Record<string, unknown>).creationTimestamp === 'string' ? ((target.metadata as Record<string, unknown>).creationTimestamp as string) : undefined;
  const nodes = generateNodes(count, { poolName: target.metadata.name, flavors, azs: [...new Set(azs)], created });
  const status = resourcesFromNodes(nodes);
  const perFlavor = new Map<string, number>();
  for (const n of nodes) perFlavor.set(n.spec.flavor, (perFlavor.get(n.spec.flavor) ?? 0) + 1);
  const scaled = {
    ...target,
    spec: { ...spec, resources: [...perFlavor].map(([flavor, n]) => ({ ...(resources.find((r) => r.flavor === flavor) ?? {}), flavor, count: n, maxCount: n, azs: undefined })) },
    status: { ...(isObject(target.status) ? target.status : {}), resources: status },
  };
  const list = pools as Record<string, unknown>;
  return {
    pools: { ...list, items: (list.items as unknown[]).map((p) => (p === target ? scaled : p)) },
    poolName: target.metadata.name,
    nodes,
  };
}

type Answer = { status: number; body: string; headers: Record<string, string> };

function json(status: number, value: unknown, extra: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(value), headers: { 'Content-Type': 'application/json', ...extra } };
}

/** Starts the server on 127.0.0.1. */
export async function startModelArtsServer(options: ModelArtsServerOptions = {}): Promise<RunningModelArtsServer> {
  const credentials = options.credentials ?? [{ accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY }];
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const region = options.region ?? DEFAULT_REGION;
  const projects: ServerProject[] = [{ id: projectId, name: region }, ...(options.extraProjects ?? [])];
  const now = options.now ?? (() => new Date());
  const log = options.log;
  let pools: unknown;
  if (options.pools !== undefined) {
    pools = options.pools;
  } else {
    const file = options.file ?? defaultPoolsFile();
    if (!file) throw new Error('No pools file given and the sample pools (src/samples/pools.json) were not found');
    pools = loadPoolsFile(file);
  }
  let scaled: { poolName: string; nodes: GeneratedNode[] } | undefined;
  if (options.nodeCount !== undefined) {
    if (!Number.isSafeInteger(options.nodeCount) || options.nodeCount < 0 || options.nodeCount > MAX_SCALE_NODES) {
      throw new Error(`The node count must be a whole number from 0 to ${MAX_SCALE_NODES}, not ${String(options.nodeCount)}`);
    }
    const s = scalePool(pools, options.nodeCount, options.nodesPool);
    pools = s.pools;
    scaled = { poolName: s.poolName, nodes: s.nodes };
  }
  const sampleNodes = loadSampleNodes();
  const givenNodes = new Map<string, unknown>(Object.entries(options.nodes ?? {}));
  /** Nodes generated to match the pools' counts, made on first use for the whole list. */
  let generatedNodes: Map<string, GeneratedNode[]> | undefined;
  let misbehaviour: Misbehaviour | undefined;
  let remaining = Infinity;
  const requests: RecordedRequest[] = [];
  const logSize = Math.max(1, Math.floor(options.requestLogSize ?? REQUEST_LOG_SIZE));
  const counts = { all: 0, pools: 0, nodes: 0, iam: 0 };
  let handlerFailures = 0;

  function record(entry: RecordedRequest): void {
    requests.push(entry);
    if (requests.length > logSize) requests.splice(0, requests.length - logSize);
    counts.all++;
    const t = targetOf(entry.url);
    if (t !== 'other') counts[t]++;
  }

  /** A pool's nodes: given, scaled, sample or generated (in that order). */
  function nodesOf(poolName: string): unknown {
    if (givenNodes.has(poolName)) return givenNodes.get(poolName);
    if (scaled?.poolName === poolName) return scaled.nodes;
    if (sampleNodes.has(poolName)) return sampleNodes.get(poolName);
    generatedNodes ??= poolNodes(pools);
    return generatedNodes.get(poolName) ?? [];
  }

  function listNodes(poolName: string, query: Record<string, string[]>, rid: string): { answer: Answer; note?: string } {
    const headers = { 'X-Request-Id': rid };
    if (!poolItems(pools).some((p) => p.metadata.name === poolName)) return { answer: json(404, POOL_NOT_FOUND, headers) };
    const limitText = first(query, 'limit');
    const limit = limitText === undefined ? MAX_NODE_PAGE_SIZE : /^\d{1,6}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_NODE_PAGE_SIZE)) {
      const shown = limitText === undefined ? '' : limitText.length > 20 ? `${limitText.slice(0, 20)}…` : limitText;
      return { answer: json(400, { error_code: 'ModelArts.0101', error_msg: `Invalid limit "${shown}": use a whole number from 1 to ${MAX_NODE_PAGE_SIZE}` }, headers) };
    }
    const all = nodesOf(poolName);
    // Not a node list: served unchanged, so the client's parser has its say.
    if (!Array.isArray(all)) return { answer: json(200, all, headers) };
    const page = pageSampleNodes(all, poolName, limit, first(query, 'continue'));
    if ('error' in page) return { answer: json(400, { error_code: 'ModelArts.0101', error_msg: page.error }, headers), note: 'unknown continue token' };
    const body = page.body as { items: unknown[]; metadata: { continue?: string; remainingItemCount?: number } };
    const next = body.metadata.continue;
    return {
      answer: json(200, body, headers),
      note: `${body.items.length} of ${all.length} nodes${next ? `, handed out continue=${next}, ${body.metadata.remainingItemCount} remaining` : ', last page'}`,
    };
  }

  function listPools(query: Record<string, string[]>, rid: string): Answer {
    if (!isObject(pools) || !Array.isArray(pools.items)) {
      // Not a PoolList: serve it unchanged so the client's parser has its say.
      return json(200, pools, { 'X-Request-Id': rid });
    }
    const workspaceId = first(query, 'workspaceId') || '0';
    const selectorText = first(query, 'labelSelector') ?? '';
    const status = first(query, 'status');
    const parent = first(query, 'parent');
    const parsed = parseSelector(selectorText);
    if (!parsed.ok) {
      return json(400, { error_code: 'ModelArts.0101', error_msg: `Invalid labelSelector: ${parsed.message}` }, { 'X-Request-Id': rid });
    }
    if (status !== undefined && status !== '' && !isListPoolsStatusParam(status)) {
      return json(400, { error_code: 'ModelArts.0101', error_msg: `Invalid status "${status}": use created, failed or creating` }, { 'X-Request-Id': rid });
    }
    const statusParam = isListPoolsStatusParam(status) ? status : undefined;
    const items = (pools.items as unknown[]).filter((pool) => {
      const labels = labelsOf(pool);
      const ws = labels?.[WORKSPACE_LABEL];
      if ((typeof ws === 'string' && ws !== '' ? ws : '0') !== workspaceId) return false;
      if (!matchesSelector(parsed.selector, labels)) return false;
      if (statusParam && !phaseMatchesStatusParam(statusOf(pool)?.phase, statusParam)) return false;
      if (parent && statusOf(pool)?.parent !== parent) return false;
      return true;
    });
    return json(200, { ...pools, items }, { 'X-Request-Id': rid });
  }

  function listProjects(query: Record<string, string[]>, host: string, rid: string): Answer {
    const name = first(query, 'name');
    const list = projects
      .filter((p) => name === undefined || p.name === name)
      .map((p) => ({
        id: p.id,
        name: p.name,
        domain_id: DEFAULT_DOMAIN_ID,
        parent_id: DEFAULT_DOMAIN_ID,
        is_domain: false,
        enabled: true,
        description: '',
        links: { self: `http://${host}/v3/projects/${p.id}` },
      }));
    return json(200, { projects: list, links: { self: `http://${host}/v3/projects`, previous: null, next: null } }, { 'X-Request-Id': rid });
  }

  function route(req: http.IncomingMessage, rid: string): { answer: Answer; target: RequestTarget; authFailure?: string; note?: string } {
    const rawUrl = req.url ?? '/';
    const parsedTarget = parseTarget(rawUrl);
    const target = targetOf(rawUrl);
    if (req.method !== 'GET') {
      return {
        answer: json(405, { error_code: 'ModelArts.0105', error_msg: `Method ${req.method} is not allowed: this server only answers GET` }, { Allow: 'GET', 'X-Request-Id': rid }),
        target,
      };
    }
    const auth = verifyRequest('GET', rawUrl, req.headers, credentials, now(), MAX_SKEW_MS);
    if (!auth.ok) {
      return {
        answer: json(401, { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: ${auth.reason}`, request_id: rid }, { 'X-Request-Id': rid }),
        target,
        authFailure: auth.reason,
      };
    }
    if (!parsedTarget) {
      return { answer: json(400, { error_code: 'ModelArts.0101', error_msg: 'Malformed URL' }, { 'X-Request-Id': rid }), target };
    }
    if (target === 'pools' || target === 'nodes') {
      const segments = pathSegments(rawUrl) ?? [];
      const pid = segments[2];
      if (pid !== projectId) {
        return { answer: json(403, { error_code: 'ModelArts.0104', error_msg: `Project ${pid} does not belong to this account` }, { 'X-Request-Id': rid }), target };
      }
      if (target === 'nodes') return { ...listNodes(segments[4], parsedTarget.query, rid), target };
      return { answer: listPools(parsedTarget.query, rid), target };
    }
    const host = typeof req.headers.host === 'string' && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(req.headers.host) ? req.headers.host : '127.0.0.1';
    if (target === 'iam') return { answer: listProjects(parsedTarget.query, host, rid), target };
    return {
      answer: json(404, { error_code: 'APIGW.0101', error_msg: 'The API does not exist or has not been published in the environment', request_id: rid }, { 'X-Request-Id': rid }),
      target,
    };
  }

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    // A client that goes away mid-request is not an error of the server.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    // Drain any request body, up to a limit.
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > MAX_REQUEST_BODY_BYTES) req.socket.destroy();
    });
    handle(req, res).catch((error: unknown) => {
      handlerFailures++;
      log?.(`${req.method} ${shortUrl(req.url ?? '/')} → 500: ${error instanceof Error ? error.message : String(error)}`);
      try {
        if (!res.headersSent) {
          const body = JSON.stringify({ error_code: 'ModelArts.0500', error_msg: 'Internal error of the local server' });
          res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
          res.end(body);
        } else {
          res.destroy();
        }
      } catch {
        req.socket.destroy();
      }
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Malformed requests (bad request line, headers too large): answer as Node does, never throw.
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rid = requestId();
    const rawUrl = req.url ?? '/';
    const parsedTarget = parseTarget(rawUrl);
    const entry: RecordedRequest = {
      method: req.method ?? '',
      url: rawUrl,
      path: parsedTarget?.path ?? rawUrl,
      query: parsedTarget?.query ?? {},
      headers: { ...req.headers },
      status: 0,
      misbehaved: false,
    };
    record(entry);
    const routed = route(req, rid);
    entry.authFailure = routed.authFailure;
    let answer = routed.answer;

    const m = misbehaviour;
    const applies = m !== undefined && remaining > 0 && (m.target === undefined || m.target === 'any' || m.target === routed.target);
    if (applies && m) {
      remaining--;
      entry.misbehaved = true;
      if (m.delayMs) await new Promise((r) => setTimeout(r, m.delayMs));
      if (m.hold) await m.hold.catch(() => undefined);
      if (m.drop) {
        entry.status = -1;
        log?.(`${req.method} ${shortUrl(rawUrl)} → connection dropped`);
        req.socket.destroy();
        return;
      }
      if (m.status !== undefined) {
        const body = m.body === undefined ? '' : typeof m.body === 'string' ? m.body : JSON.stringify(m.body);
        const type = typeof m.body === 'string' ? (m.body.trimStart().startsWith('<') ? 'text/html' : 'text/plain') : 'application/json';
        answer = { status: m.status, body, headers: { 'Content-Type': type, 'X-Request-Id': rid } };
      } else if (m.garbage) {
        answer = { status: 200, body: '\u0000\u00ff\u0001garbage<<>>{not json', headers: { 'Content-Type': 'application/json', 'X-Request-Id': rid } };
      } else if (m.truncate) {
        answer = { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) };
      }
      answer.headers = { ...answer.headers, ...(m.headers ?? {}) };
      if (m.dropMidBody) {
        const bytes = Buffer.from(answer.body, 'utf8');
        res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        entry.status = answer.status;
        log?.(`${req.method} ${shortUrl(rawUrl)} → ${answer.status}, connection dropped mid-body`);
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
    }
    entry.status = answer.status;
    const bytes = Buffer.from(answer.body, 'utf8');
    if (applies && m?.chunked) {
      res.writeHead(answer.status, answer.headers);
      // Several chunks, so the client reads a stream of unknown length.
      const step = Math.max(1, Math.ceil(bytes.length / 8));
      for (let i = 0; i < bytes.length; i += step) res.write(bytes.subarray(i, i + step));
      res.end();
    } else {
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(bytes.length) });
      res.end(bytes);
    }
    const who = typeof req.headers.authorization === 'string' ? /Access=([^,\s]{1,256})/.exec(req.headers.authorization)?.[1] : undefined;
    const note = routed.note && answer === routed.answer ? `: ${routed.note}` : '';
    log?.(`${req.method} ${shortUrl(rawUrl)} → ${answer.status}${who ? ` (key ${maskAk(who)})` : ''}${routed.authFailure ? `: ${shortUrl(routed.authFailure)}` : note}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    projectId,
    region,
    credentials,
    requests,
    count(target) {
      return target ? counts[target] : counts.all;
    },
    nodesPool: scaled?.poolName,
    get handlerFailures() {
      return handlerFailures;
    },
    setMisbehaviour(next) {
      misbehaviour = next;
      remaining = next?.times ?? Infinity;
    },
    setPools(body) {
      pools = body;
      generatedNodes = undefined;
    },
    setNodes(poolName, nodes) {
      if (nodes === undefined) givenNodes.delete(poolName);
      else givenNodes.set(poolName, nodes);
    },
    resetRequests() {
      requests.length = 0;
      counts.all = 0;
      counts.pools = 0;
      counts.nodes = 0;
      counts.iam = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
