import * as l10n from '@vscode/l10n';
/**
 * The ModelArts HTTP client: signed GETs over node-fetch (so VS Code's proxy
 * and certificate support for Node's http/https applies), with a per-request
 * timeout, cancellation, bounded retries and one clear error type.
 *
 * - ListPools: `GET {endpoint}/v2/{project_id}/pools` with workspaceId,
 *   labelSelector, status and parent; headers content-type, X-Project-Id and
 *   (temporary credentials) X-Security-Token, all signed, as the official SDK
 *   sends them.
 * - ListPoolNodes: `GET {endpoint}/v2/{project_id}/pools/{pool_name}/nodes`
 *   with limit and continue, the same headers; the pool name is one
 *   percent-encoded path segment, and a name that could reach another path
 *   is refused before sending.
 * - Project ID: given, else `GET {iamEndpoint}/v3/projects?name={region}`,
 *   cached per IAM endpoint, access key and region. A project is never created.
 * - Retries: GET only, on 429/502/503/504 and connection resets; at most
 *   `maxAttempts` (3) tries; exponential backoff with jitter, or the server's
 *   Retry-After when it sends one (a Retry-After beyond `maxRetryAfterMs`
 *   ends the retries at once).
 * - Secrets: the AK beyond its first 4 characters, the SK, the security token
 *   and the Authorization header never reach an error message or a log line.
 *   Keys and tokens with control characters are refused before sending.
 * - Size: a body larger than `maxResponseBytes` (64 MiB) is not read further
 *   and reported; of an error body only the first ERROR_BODY_READ_LIMIT bytes
 *   are read. A byte order mark before the JSON is skipped.
 */
import * as diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import fetch from 'node-fetch';
import type { Credentials } from './credentials';
import { credentialsProblem } from './credentials';
import {
  ModelArtsError,
  badBodyError,
  excerpt,
  cancelledError,
  httpError,
  isConnectionReset,
  isModelArtsError,
  maskAk,
  networkError,
  redact,
  stripBom,
  timeoutError,
  tooLargeError,
} from './errors';
import { buildRequestUrl, signRequest, trimTrailingSlashes, type QueryParams } from './signer';
import type { ListPoolNodesQuery, ListPoolsQuery } from './types';

export type Logger = (line: string) => void;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/** Default response size limit: a ListPools answer of 10,000 pools is about 25 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Of an answer with an error status, only this much is read (messages use far less). */
export const ERROR_BODY_READ_LIMIT = 64 * 1024;
/** The longest Retry-After taken as given (24 h); longer ones count as this. */
export const RETRY_AFTER_CAP_MS = 24 * 3600 * 1000;

export interface ModelArtsClientOptions {
  /** ModelArts endpoint, e.g. https://modelarts.cn-north-4.myhuaweicloud.com (a base path is kept). */
  endpoint: string;
  /** IAM endpoint, for resolving the project ID. */
  iamEndpoint: string;
  /** Region ID: the IAM project name looked up when no project ID is given. */
  region: string;
  credentials: Credentials;
  /** Project ID from the setting or HUAWEICLOUD_SDK_PROJECT_ID; resolved through IAM when absent. */
  projectId?: string;
  /** Per-request timeout (modelarts.requestTimeoutSeconds); default 30. */
  requestTimeoutSeconds?: number;
  /** Tries per request, first included; default 3. */
  maxAttempts?: number;
  /** First backoff delay; doubles on each retry. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling. Default 8000 ms. */
  retryMaxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is reported. Default 30000 ms. */
  maxRetryAfterMs?: number;
  /**
   * Largest response body read, in bytes; a larger one fails the request
   * with an error naming the limit (not retried). Default 64 MiB.
   */
  maxResponseBytes?: number;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Clock for X-Sdk-Date and Retry-After dates. */
  now?: () => Date;
  /** Receives one line per request, retry and failure; never a secret. */
  log?: Logger;
  /** Project ID cache; default the shared one. */
  projectIdCache?: ProjectIdCache;
  userAgent?: string;
}

export interface RequestOptions {
  /** Aborts the request (and any wait between retries). */
  signal?: AbortSignal;
}

export interface JsonResponse {
  /** Parsed JSON body. */
  body: unknown;
  /** Raw body text. */
  text: string;
  status: number;
  requestId: string | undefined;
  /** Tries it took (1 when the first one succeeded). */
  attempts: number;
}

export interface ListPoolsResponse extends JsonResponse {
  projectId: string;
}

// --- project ID cache ------------------------------------------------------

/** Project IDs resolved through IAM, per IAM endpoint, access key and region. */
export class ProjectIdCache {
  private readonly values = new Map<string, string>();

  private static key(iamEndpoint: string, accessKey: string, region: string): string {
    return `${iamEndpoint}\n${accessKey}\n${region}`;
  }

  get(iamEndpoint: string, accessKey: string, region: string): string | undefined {
    return this.values.get(ProjectIdCache.key(iamEndpoint, accessKey, region));
  }

  set(iamEndpoint: string, accessKey: string, region: string, projectId: string): void {
    this.values.set(ProjectIdCache.key(iamEndpoint, accessKey, region), projectId);
  }

  get size(): number {
    return this.values.size;
  }

  clear(): void {
    this.values.clear();
  }
}

/** The cache clients share unless given their own. */
export const sharedProjectIdCache = new ProjectIdCache();

/** Forgets every resolved project ID (on a change of credentials, region or endpoint). */
export function clearProjectIdCache(): void {
  sharedProjectIdCache.clear();
}

// --- helpers ---------------------------------------------------------------

const PROJECT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Checks a project ID before it goes into a URL. `.` and `..` are refused:
 * URL parsing would remove them from the path sent, so it would differ from
 * the path signed (and name another resource).
 */
export function checkProjectId(projectId: string): string | undefined {
  const shown = excerpt(projectId, 80);
  if (projectId === '.' || projectId === '..') {
    return l10n.t('Project ID "{0}" is not valid: "." and ".." would change the request path. Use the 32-character ID shown under My Credentials > Projects.', shown);
  }
  if (PROJECT_ID.test(projectId)) return undefined;
  return l10n.t('Project ID "{0}" is not valid: it should be the 32-character ID shown under My Credentials > Projects.', shown);
}

/** Longest pool name sent (the API's names are far shorter). */
export const MAX_POOL_NAME_LENGTH = 256;

/**
 * Checks a pool name before it becomes a path segment. It is percent-encoded,
 * so most characters are safe; refused are the names a server or proxy could
 * route elsewhere: blank, "." or "..", a slash or backslash (a path separator to some
 * servers even when encoded), control characters, and overlong names.
 */
export function checkPoolName(poolName: string): string | undefined {
  const shown = excerpt(poolName, 80);
  if (poolName.trim() === '') return l10n.t('The pool name is empty; its nodes cannot be requested.');
  if (poolName === '.' || poolName === '..') {
    return l10n.t('Pool name "{0}" is not valid: "." and ".." would change the request path.', shown);
  }
  if (poolName.length > MAX_POOL_NAME_LENGTH) {
    return l10n.t('Pool name "{0}" is not valid: it is longer than {1} characters.', shown, MAX_POOL_NAME_LENGTH);
  }
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f-\u009f]/.test(poolName)) {
    return l10n.t('Pool name "{0}" is not valid: a slash, backslash or control character could send the request to another path.', shown);
  }
  return undefined;
}

/** Path segments that URL parsing removes or resolves: a path holding one is sent differently from how it was signed. */
export function hasDotSegment(path: string): boolean {
  for (const segment of path.split('/')) if (segment === '.' || segment === '..') return true;
  return false;
}

/** Index of the first unpaired UTF-16 surrogate (which cannot be sent as UTF-8), or -1. */
export function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

// IMF-fixdate, RFC 850 and asctime, the three forms of an HTTP date.
const HTTP_DATE = /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/**
 * Parses Retry-After (delay in seconds, or an HTTP date) into milliseconds
 * from now, at most RETRY_AFTER_CAP_MS. Anything else (negative numbers,
 * other date forms, garbage) is undefined, so the usual backoff applies.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!value || value.length > 64) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(RETRY_AFTER_CAP_MS, Math.round(parseFloat(text) * 1000));
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, date - now.getTime()));
}

/** Exponential backoff with "equal jitter": between half and all of base·2^(retry-1), capped. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** ListPools query parameters as sent: only the ones that are set. */
export function listPoolsQueryParams(query: ListPoolsQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (query.workspaceId !== undefined && query.workspaceId !== '') out.workspaceId = query.workspaceId;
  if (query.labelSelector !== undefined && query.labelSelector.trim() !== '') out.labelSelector = query.labelSelector;
  if (query.status !== undefined) out.status = query.status;
  if (query.parent !== undefined && query.parent !== '') out.parent = query.parent;
  return out;
}

/** ListPoolNodes query parameters as sent: only the ones that are set (the server judges the limit). */
export function listPoolNodesQueryParams(query: ListPoolNodesQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (query.limit !== undefined) out.limit = String(query.limit);
  if (query.continue !== undefined && query.continue !== '') out.continue = query.continue;
  return out;
}

/**
 * Refuses, with a clear error, a path or query value that cannot be sent as
 * signed: an unpaired UTF-16 surrogate (not encodable as UTF-8) anywhere.
 */
function checkSendable(path: string, query: QueryParams): void {
  const check = (what: string, value: string): void => {
    const at = loneSurrogateAt(value);
    if (at >= 0) {
      throw new ModelArtsError(l10n.t('The {0} holds an invalid character (an unpaired UTF-16 surrogate) at column {1}; it cannot be sent', what, at + 1), { kind: 'config' });
    }
  };
  check(l10n.t('request path'), path);
  for (const key of Object.keys(query)) {
    check(l10n.t('name of a query parameter'), key);
    const value = query[key];
    if (typeof value === 'string') check(l10n.t('{0} parameter', key), value);
    else if (Array.isArray(value)) for (const v of value as readonly string[]) check(l10n.t('{0} parameter', key), v);
  }
}

interface Target {
  service: string;
  /** Endpoint origin (scheme://host[:port]). */
  origin: string;
  /** Host header value. */
  host: string;
  /** Decoded base path of the endpoint, without a trailing slash. */
  basePath: string;
}

function target(service: string, endpoint: string): Target {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ModelArtsError(l10n.t('{0} endpoint "{1}" is not a valid URL', service, endpoint), { kind: 'config' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ModelArtsError(l10n.t('{0} endpoint "{1}" must be an http(s) URL', service, endpoint), { kind: 'config' });
  }
  let basePath: string;
  try {
    basePath = trimTrailingSlashes(decodeURIComponent(url.pathname));
  } catch {
    throw new ModelArtsError(l10n.t('{0} endpoint "{1}" has a malformed path', service, endpoint), { kind: 'config' });
  }
  if (hasDotSegment(basePath)) {
    throw new ModelArtsError(l10n.t('{0} endpoint "{1}" has "." or ".." in its path, which would be sent differently from how it is signed', service, endpoint), { kind: 'config' });
  }
  return { service, origin: url.origin, host: url.host, basePath };
}

// --- premature close --------------------------------------------------------

/*
 * node-fetch 2 pipes the response into its body stream without passing on
 * errors, so a connection closed in the middle of a body with a
 * Content-Length leaves `response.text()` waiting forever (node-fetch only
 * detects this for chunked bodies). The client request is found through
 * Node's `http.client.request.start` diagnostics channel, by its
 * Authorization header, and an incomplete response then fails the body with
 * ERR_STREAM_PREMATURE_CLOSE, which is reported and retried as a reset.
 */
type RequestWatcher = (request: ClientRequest) => void;
const requestWatchers = new Map<string, RequestWatcher[]>();
let watchingRequests = false;

function onRequestStart(message: unknown): void {
  const request = (message as { request?: ClientRequest } | undefined)?.request;
  const header = typeof request?.getHeader === 'function' ? request.getHeader('authorization') : undefined;
  // node-fetch sets header values as one-element arrays.
  const authorization = Array.isArray(header) ? header[0] : header;
  if (!request || typeof authorization !== 'string') return;
  const list = requestWatchers.get(authorization);
  const watcher = list?.shift();
  if (list && list.length === 0) requestWatchers.delete(authorization);
  watcher?.(request);
}

/** Calls `onPrematureClose` if the response to the request signed with `authorization` ends early. Returns an unwatch function. */
function watchPrematureClose(authorization: string, onPrematureClose: () => void): () => void {
  if (!watchingRequests) {
    diagnostics.subscribe('http.client.request.start', onRequestStart);
    watchingRequests = true;
  }
  let active = true;
  const watcher: RequestWatcher = (request) => {
    request.once('response', (response: IncomingMessage) => {
      response.once('close', () => {
        if (active && !response.complete) onPrematureClose();
      });
    });
  };
  const list = requestWatchers.get(authorization) ?? [];
  list.push(watcher);
  requestWatchers.set(authorization, list);
  return () => {
    active = false;
    const pending = requestWatchers.get(authorization);
    const i = pending ? pending.indexOf(watcher) : -1;
    if (pending && i >= 0) {
      pending.splice(i, 1);
      if (pending.length === 0) requestWatchers.delete(authorization);
    }
  };
}

function prematureCloseError(): Error {
  return Object.assign(new Error('connection closed before the whole response arrived'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a body stream up to `limit` bytes. Past the limit it stops reading
 * (the stream is destroyed, so nothing more is downloaded) and returns
 * `over`. Stream errors (reset, premature close, abort) are thrown.
 */
async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<{ bytes: Buffer; over: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (size + buffer.length > limit) {
      if (limit > size) chunks.push(buffer.subarray(0, limit - size));
      // Leaving the loop destroys the stream.
      return { bytes: Buffer.concat(chunks), over: true };
    }
    size += buffer.length;
    chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks, size), over: false };
}

// --- the client ------------------------------------------------------------

export class ModelArtsClient {
  private readonly modelArts: Target;
  private readonly iam: Target;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxResponseBytes: number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly logger: Logger | undefined;
  private readonly cache: ProjectIdCache;

  constructor(private readonly options: ModelArtsClientOptions) {
    this.modelArts = target('ModelArts', options.endpoint);
    this.iam = target('IAM', options.iamEndpoint);
    this.timeoutMs = positive(options.requestTimeoutSeconds, DEFAULT_TIMEOUT_SECONDS) * 1000;
    this.maxAttempts = Math.max(1, Math.floor(positive(options.maxAttempts, DEFAULT_MAX_ATTEMPTS)));
    this.baseDelayMs = positive(options.retryBaseDelayMs, 500);
    this.maxDelayMs = positive(options.retryMaxDelayMs, 8000);
    this.maxRetryAfterMs = positive(options.maxRetryAfterMs, 30_000);
    this.maxResponseBytes = Math.floor(positive(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    this.logger = options.log;
    this.cache = options.projectIdCache ?? sharedProjectIdCache;
  }

  /** Host of the ModelArts endpoint, for display. */
  get host(): string {
    return this.modelArts.host;
  }

  /** The access key as it may be shown: first 4 characters only. */
  get maskedAccessKey(): string {
    return maskAk(this.options.credentials.accessKey);
  }

  /** Lists resource pools. The body is returned parsed but not validated (see parse.ts). */
  async listPools(query: ListPoolsQuery = {}, options: RequestOptions = {}): Promise<ListPoolsResponse> {
    return this.getInProject('/pools', listPoolsQueryParams(query), options);
  }

  /**
   * Lists the nodes of a pool, one page: `query.limit` nodes (the server's
   * default is 500) from `query.continue`. The body is returned parsed but
   * not validated (see parseNodes.ts). A pool name that could reach another
   * path is refused before anything is sent.
   */
  async listPoolNodes(poolName: string, query: ListPoolNodesQuery = {}, options: RequestOptions = {}): Promise<ListPoolsResponse> {
    const problem = checkPoolName(poolName);
    if (problem) throw new ModelArtsError(problem, { kind: 'config' });
    return this.getInProject(`/pools/${poolName}/nodes`, listPoolNodesQueryParams(query), options);
  }

  /** A signed ModelArts GET of `/v2/{project_id}{path}`, with the project's headers, as the SDK sends them. */
  private async getInProject(path: string, query: QueryParams, options: RequestOptions): Promise<ListPoolsResponse> {
    const projectId = await this.resolveProjectId(options);
    const response = await this.get(
      this.modelArts,
      `/v2/${projectId}${path}`,
      query,
      { 'content-type': 'application/json', 'X-Project-Id': projectId },
      options.signal,
    );
    return { ...response, projectId };
  }

  /**
   * The project ID: the one given, else the cached one, else the ID of the
   * IAM project named after the region. Never creates a project.
   */
  async resolveProjectId(options: RequestOptions = {}): Promise<string> {
    const given = this.options.projectId?.trim();
    if (given) {
      const problem = checkProjectId(given);
      if (problem) throw new ModelArtsError(problem, { kind: 'config' });
      return given;
    }
    const { region, iamEndpoint, credentials } = this.options;
    const cached = this.cache.get(iamEndpoint, credentials.accessKey, region);
    if (cached) return cached;
    const hint = l10n.t('To skip this lookup, set modelarts.projectId or HUAWEICLOUD_SDK_PROJECT_ID.');
    let response: JsonResponse;
    try {
      response = await this.get(this.iam, '/v3/projects', { name: region }, { 'content-type': 'application/json' }, options.signal);
    } catch (e) {
      if (isModelArtsError(e) && (e.kind === 'auth' || e.kind === 'api')) {
        // 401: the keys themselves are wrong, and no setting skips that; otherwise
        // (403 for users who may not list projects, other errors) the setting helps.
        const next = e.status === 401 ? l10n.t('Check the access key ID and secret access key.') : hint;
        e.message = l10n.t('Cannot look up the project ID of {0}: {1}. {2}', region, e.message, next);
      }
      throw e;
    }
    const projects = (response.body as { projects?: unknown } | null)?.projects;
    if (!Array.isArray(projects)) {
      throw new ModelArtsError(l10n.t('IAM at {0} answered without a "projects" list. {1}', this.iam.host, hint), {
        kind: 'badResponse',
        host: this.iam.host,
        status: response.status,
        requestId: response.requestId,
      });
    }
    const matches = projects.filter(
      (p): p is { id: string; name: string } =>
        !!p && typeof p === 'object' && (p as { name?: unknown }).name === region && typeof (p as { id?: unknown }).id === 'string',
    );
    if (matches.length !== 1) {
      const message =
        matches.length === 0
          ? l10n.t('This account has no project named "{0}" (IAM at {1}). Check modelarts.region. {2}', region, this.iam.host, hint)
          : l10n.t('This account has {0} projects named "{1}" (IAM at {2}). Check modelarts.region. {3}', matches.length, region, this.iam.host, hint);
      throw new ModelArtsError(message, {
        kind: 'config',
        host: this.iam.host,
      });
    }
    const id = matches[0].id;
    const problem = checkProjectId(id);
    if (problem) throw new ModelArtsError(l10n.t('IAM returned an unusable project ID. {0}', problem), { kind: 'badResponse', host: this.iam.host });
    this.cache.set(iamEndpoint, credentials.accessKey, region, id);
    this.log(`Project ID for ${region}: ${id} (from IAM at ${this.iam.host})`);
    return id;
  }

  private log(line: string): void {
    if (!this.logger) return;
    try {
      this.logger(redact(line, this.options.credentials));
    } catch {
      // A failing logger must not fail the request.
    }
  }

  private scrub(error: ModelArtsError): ModelArtsError {
    error.message = redact(error.message, this.options.credentials);
    return error;
  }

  /** A signed GET with timeout, retries and error mapping. */
  private async get(
    t: Target,
    path: string,
    query: QueryParams,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<JsonResponse> {
    const credentialProblem = credentialsProblem(this.options.credentials);
    if (credentialProblem) throw new ModelArtsError(credentialProblem, { kind: 'config' });
    const fullPath = t.basePath + path;
    checkSendable(fullPath, query);
    const url = buildRequestUrl(t.origin, fullPath, query);
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelledError(t.service, t.host);
      const started = Date.now();
      let retryReason: string | undefined;
      let retryAfterMs: number | undefined;
      let failure: ModelArtsError | undefined;
      try {
        const result = await this.once(t, url, fullPath, query, headers, signal);
        const ms = Date.now() - started;
        const shownId = result.requestId !== undefined ? excerpt(result.requestId, 128, this.options.credentials) : '';
        const rid = shownId ? `, request ID ${shownId}` : '';
        if (result.status >= 200 && result.status < 300) {
          this.log(`GET ${url} → ${result.status} in ${ms} ms${rid}`);
          if (result.tooLarge) throw tooLargeError(t.service, t.host, result.status, this.maxResponseBytes, result.requestId);
          let body: unknown;
          const text = stripBom(result.text);
          try {
            body = JSON.parse(text);
          } catch (e) {
            throw badBodyError(t.service, t.host, result.status, text, result.requestId, e, this.options.credentials);
          }
          return { body, text, status: result.status, requestId: result.requestId, attempts: attempt };
        }
        retryAfterMs = parseRetryAfter(result.retryAfter, this.now());
        if (result.status >= 300 && result.status < 400) {
          const location = result.location ? excerpt(result.location, 200, this.options.credentials) : '';
          failure = new ModelArtsError(
            location
              ? l10n.t('{0} at {1} answered HTTP {2}, a redirect to {3}; check the endpoint setting', t.service, t.host, result.status, location)
              : l10n.t('{0} at {1} answered HTTP {2}, a redirect; check the endpoint setting', t.service, t.host, result.status),
            { kind: 'api', status: result.status, host: t.host, requestId: shownId || undefined },
          );
        } else {
          failure = httpError(t.service, t.host, result.status, result.text, result.requestId, retryAfterMs, this.options.credentials);
        }
        this.log(`GET ${url} → ${result.status} in ${ms} ms${rid}`);
        if (RETRY_STATUSES.has(result.status)) retryReason = `HTTP ${result.status}`;
      } catch (e) {
        if (!isModelArtsError(e)) throw e;
        failure = e;
        if (e.kind === 'network' && isConnectionReset(e.systemCode)) retryReason = e.systemCode;
      }
      if (!retryReason || attempt >= this.maxAttempts) {
        this.log(`GET ${url} failed: ${failure.message}`);
        throw this.scrub(failure);
      }
      if (retryAfterMs !== undefined && retryAfterMs > this.maxRetryAfterMs) {
        this.log(`GET ${url}: Retry-After ${Math.round(retryAfterMs / 1000)} s is too long to wait; giving up`);
        throw this.scrub(failure);
      }
      const delay = retryAfterMs ?? backoffDelay(attempt, this.baseDelayMs, this.maxDelayMs, this.random);
      this.log(`GET ${url}: ${retryReason}; retry ${attempt + 1} of ${this.maxAttempts} in ${delay} ms${retryAfterMs !== undefined ? ' (Retry-After)' : ''}`);
      try {
        await this.sleep(delay, signal);
      } catch {
        throw cancelledError(t.service, t.host);
      }
    }
  }

  /** One signed request: status, text and a few headers, or a ModelArtsError. */
  private async once(
    t: Target,
    url: string,
    fullPath: string,
    query: QueryParams,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; text: string; tooLarge: boolean; requestId: string | undefined; retryAfter: string | null; location: string | null }> {
    const signed = signRequest({ method: 'GET', host: t.host, path: fullPath, query, headers }, this.options.credentials, this.now());
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let body: { destroy?: (error: Error) => void } | undefined;
    let closedEarly = false;
    const unwatch = watchPrematureClose(signed.authorization, () => {
      closedEarly = true;
      body?.destroy?.(prematureCloseError());
    });
    try {
      const response = await fetch(url, {
        method: 'GET',
        headers: { ...signed.headers, Accept: 'application/json', 'User-Agent': this.options.userAgent ?? 'modelarts-pools' },
        redirect: 'manual',
        signal: controller.signal,
      });
      const stream = response.body as unknown as AsyncIterable<unknown> & {
        destroy?: (error: Error) => void;
        on(event: 'error', listener: () => void): unknown;
      };
      body = stream;
      // The reader sees every error; this keeps one arriving after it stopped
      // reading (the abort below) from going unhandled.
      stream.on('error', () => undefined);
      if (closedEarly) stream.destroy?.(prematureCloseError());
      const ok = response.status >= 200 && response.status < 300;
      // Of an error answer only the start is needed; a success must fit the limit.
      const limit = ok ? this.maxResponseBytes : Math.min(this.maxResponseBytes, ERROR_BODY_READ_LIMIT);
      const declared = Number(response.headers.get('content-length') ?? NaN);
      let read: { bytes: Buffer; over: boolean };
      if (ok && Number.isFinite(declared) && declared > limit) {
        // Said to be too large up front: none of it is downloaded.
        read = { bytes: Buffer.alloc(0), over: true };
      } else {
        read = await readLimited(stream, limit);
      }
      // Stop the download of whatever was not read.
      if (read.over) controller.abort();
      return {
        status: response.status,
        text: read.bytes.toString('utf8'),
        tooLarge: ok && read.over,
        requestId: response.headers.get('x-request-id') ?? undefined,
        retryAfter: response.headers.get('retry-after'),
        location: response.headers.get('location'),
      };
    } catch (e) {
      if (signal?.aborted) throw cancelledError(t.service, t.host);
      if (timedOut) throw timeoutError(t.service, t.host, this.timeoutMs / 1000);
      // DNS, refused, reset (also while reading the body), TLS...
      throw networkError(t.service, t.host, e);
    } finally {
      unwatch();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
