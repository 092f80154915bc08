/**
 * The ModelArts HTTP client: signed GETs over node-fetch (so VS Code's proxy
 * and certificate support for Node's http/https applies), with a per-request
 * timeout, cancellation, bounded retries and one clear error type.
 *
 * - ListPools: `GET {endpoint}/v2/{project_id}/pools` with workspaceId,
 *   labelSelector, status and parent; headers content-type, X-Project-Id and
 *   (temporary credentials) X-Security-Token, all signed, as the official SDK
 *   sends them.
 * - Project ID: given, else `GET {iamEndpoint}/v3/projects?name={region}`,
 *   cached per IAM endpoint, access key and region. A project is never created.
 * - Retries: GET only, on 429/502/503/504 and connection resets; at most
 *   `maxAttempts` (3) tries; exponential backoff with jitter, or the server's
 *   Retry-After when it sends one (a Retry-After beyond `maxRetryAfterMs`
 *   ends the retries at once).
 * - Secrets: the AK beyond its first 4 characters, the SK, the security token
 *   and the Authorization header never reach an error message or a log line.
 */
import * as diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import fetch from 'node-fetch';
import type { Credentials } from './credentials';
import {
  ModelArtsError,
  badBodyError,
  cancelledError,
  httpError,
  isConnectionReset,
  isModelArtsError,
  maskAk,
  networkError,
  redact,
  timeoutError,
} from './errors';
import { buildRequestUrl, signRequest, type QueryParams } from './signer';
import type { ListPoolsQuery } from './types';

export type Logger = (line: string) => void;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

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

/** Checks a project ID before it goes into a URL. */
export function checkProjectId(projectId: string): string | undefined {
  if (PROJECT_ID.test(projectId)) return undefined;
  return `Project ID "${projectId.slice(0, 80)}" is not valid: it should be the 32-character ID shown under My Credentials > Projects.`;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(parseFloat(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
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
    throw new ModelArtsError(`${service} endpoint "${endpoint}" is not a valid URL`, { kind: 'config' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ModelArtsError(`${service} endpoint "${endpoint}" must be an http(s) URL`, { kind: 'config' });
  }
  let basePath: string;
  try {
    basePath = decodeURIComponent(url.pathname).replace(/\/+$/, '');
  } catch {
    throw new ModelArtsError(`${service} endpoint "${endpoint}" has a malformed path`, { kind: 'config' });
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

// --- the client ------------------------------------------------------------

export class ModelArtsClient {
  private readonly modelArts: Target;
  private readonly iam: Target;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
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
    const projectId = await this.resolveProjectId(options);
    const response = await this.get(
      this.modelArts,
      `/v2/${projectId}/pools`,
      listPoolsQueryParams(query),
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
    const hint = 'To skip this lookup, set modelarts.projectId or HUAWEICLOUD_SDK_PROJECT_ID.';
    let response: JsonResponse;
    try {
      response = await this.get(this.iam, '/v3/projects', { name: region }, { 'content-type': 'application/json' }, options.signal);
    } catch (e) {
      if (isModelArtsError(e) && (e.kind === 'auth' || e.kind === 'api')) {
        // 401: the keys themselves are wrong, and no setting skips that; otherwise
        // (403 for users who may not list projects, other errors) the setting helps.
        const next = e.status === 401 ? 'Check the access key ID and secret access key.' : hint;
        e.message = `Cannot look up the project ID of ${region}: ${e.message}. ${next}`;
      }
      throw e;
    }
    const projects = (response.body as { projects?: unknown } | null)?.projects;
    if (!Array.isArray(projects)) {
      throw new ModelArtsError(`IAM at ${this.iam.host} answered without a "projects" list. ${hint}`, {
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
      const why = matches.length === 0 ? `has no project named "${region}"` : `has ${matches.length} projects named "${region}"`;
      throw new ModelArtsError(`This account ${why} (IAM at ${this.iam.host}). Check modelarts.region. ${hint}`, {
        kind: 'config',
        host: this.iam.host,
      });
    }
    const id = matches[0].id;
    const problem = checkProjectId(id);
    if (problem) throw new ModelArtsError(`IAM returned an unusable project ID. ${problem}`, { kind: 'badResponse', host: this.iam.host });
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
    const fullPath = t.basePath + path;
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
        const rid = result.requestId ? `, request ID ${result.requestId}` : '';
        if (result.status >= 200 && result.status < 300) {
          this.log(`GET ${url} → ${result.status} in ${ms} ms${rid}`);
          let body: unknown;
          try {
            body = JSON.parse(result.text);
          } catch {
            throw badBodyError(t.service, t.host, result.status, result.text, result.requestId);
          }
          return { body, text: result.text, status: result.status, requestId: result.requestId, attempts: attempt };
        }
        retryAfterMs = parseRetryAfter(result.retryAfter, this.now());
        failure = result.status >= 300 && result.status < 400
          ? new ModelArtsError(
            `${t.service} at ${t.host} answered HTTP ${result.status}, a redirect${result.location ? ` to ${result.location}` : ''}; check the endpoint setting`,
            { kind: 'api', status: result.status, host: t.host, requestId: result.requestId },
          )
          : httpError(t.service, t.host, result.status, result.text, result.requestId, retryAfterMs);
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
  ): Promise<{ status: number; text: string; requestId: string | undefined; retryAfter: string | null; location: string | null }> {
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
      body = response.body as unknown as { destroy?: (error: Error) => void };
      if (closedEarly) body.destroy?.(prematureCloseError());
      const text = await response.text();
      return {
        status: response.status,
        text,
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
