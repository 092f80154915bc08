/**
 * One error type for everything that can go wrong talking to ModelArts or IAM,
 * with a message a user can act on, and the redaction helpers that keep
 * secrets out of every message and log line.
 */

export type ModelArtsErrorKind =
  /** The service answered with an error status (JSON error body or not). */
  | 'api'
  /** 401 or 403: wrong, unknown or expired credentials, or missing permission. */
  | 'auth'
  /** DNS, refused, reset, TLS and other connection failures. */
  | 'network'
  /** No complete response within the request timeout. */
  | 'timeout'
  /** Cancelled by the caller (e.g. a newer refresh started). */
  | 'cancelled'
  /** A 2xx answer that is not the JSON expected (HTML, garbage, truncated). */
  | 'badResponse'
  /** Bad settings or credentials detected before sending anything. */
  | 'config';

export interface ModelArtsErrorInit {
  kind: ModelArtsErrorKind;
  status?: number;
  /** Error code from the body: `ModelArts.xxxx`, `APIGW.xxxx`, ... */
  code?: string;
  requestId?: string;
  /** Host the request went to. */
  host?: string;
  /** Milliseconds the server asked to wait (Retry-After). */
  retryAfterMs?: number;
  /** Low-level error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
  systemCode?: string;
}

export class ModelArtsError extends Error {
  override readonly name = 'ModelArtsError';
  readonly kind: ModelArtsErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly host: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly systemCode: string | undefined;

  constructor(message: string, init: ModelArtsErrorInit) {
    super(message);
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.host = init.host;
    this.retryAfterMs = init.retryAfterMs;
    this.systemCode = init.systemCode;
  }

  /** 401/403: the UI should offer "Configure Credentials". */
  get isAuthError(): boolean {
    return this.kind === 'auth';
  }

  get isCancelled(): boolean {
    return this.kind === 'cancelled';
  }
}

export function isModelArtsError(value: unknown): value is ModelArtsError {
  return value instanceof ModelArtsError;
}

// --- redaction -------------------------------------------------------------

/** The secrets to keep out of text. */
export interface Secrets {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
}

/** An access key reduced to its first 4 characters, for display. */
export function maskAk(accessKey: string | undefined): string {
  if (!accessKey) return '';
  return accessKey.length <= 4 ? '****' : accessKey.slice(0, 4) + '****';
}

function replaceAll(text: string, secret: string | undefined, by: string): string {
  // Very short strings are not real secrets and would mangle the text.
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join(by);
}

/**
 * Removes secrets from a text: the SK and security token are replaced by
 * `***`, the AK by its masked form, and anything shaped like a signature or
 * an Authorization / X-Security-Token header is blanked even when the secret
 * itself is not known.
 */
export function redact(text: string, secrets?: Secrets): string {
  let out = text;
  if (secrets) {
    out = replaceAll(out, secrets.secretKey, '***');
    out = replaceAll(out, secrets.securityToken, '***');
    out = replaceAll(out, secrets.accessKey, maskAk(secrets.accessKey));
  }
  return out
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, '$1***')
    .replace(/(x-security-token["']?\s*[:=]\s*["']?)[^"'\s,]*/gi, '$1***')
    .replace(/(Signature=)[0-9a-fA-F]+/g, '$1***')
    .replace(/(Access=)([^,\s*]{0,4})[^,\s]*/g, '$1$2****');
}

// --- building messages -----------------------------------------------------

/** Collapses whitespace, strips HTML tags and shortens a body for a message. */
export function excerpt(body: string, max = 160): string {
  let text = body;
  if (looksLikeHtml(text)) {
    text = text
      .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  // Control characters (binary garbage) become spaces too.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function looksLikeHtml(body: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<!--)/i.test(body) || /<\/(html|body|title|h1)>/i.test(body);
}

/** The error fields found in a JSON error body, in any of the shapes Huawei Cloud uses. */
export interface ErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Reads `{error_code, error_msg}` (ModelArts), `{error_code: "APIGW.xxxx",
 * error_msg, request_id}` (API gateway), `{error: {code, message}}` (IAM) and
 * `{code, message}`. Undefined when the body holds none of them.
 */
export function readErrorBody(body: unknown): ErrorBody | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  const nested = o.error && typeof o.error === 'object' && !Array.isArray(o.error) ? (o.error as Record<string, unknown>) : undefined;
  const code = str(o.error_code) ?? str(o.errorCode) ?? str(nested?.code) ?? str(o.code);
  const message = str(o.error_msg) ?? str(o.errorMsg) ?? str(o.error_message) ?? str(nested?.message) ?? str(o.message) ?? (typeof o.error === 'string' ? str(o.error) : undefined);
  const requestId = str(o.request_id) ?? str(o.requestId) ?? str(nested?.request_id);
  if (code === undefined && message === undefined) return undefined;
  return { code, message, requestId };
}

function suffix(status: number, requestId: string | undefined): string {
  return requestId ? ` (HTTP ${status}, request ID ${requestId})` : ` (HTTP ${status})`;
}

/**
 * The error for a non-2xx answer. `service` names who was called
 * ("ModelArts", "IAM"); an `APIGW.` code is reported as the API gateway's.
 */
export function httpError(
  service: string,
  host: string,
  status: number,
  bodyText: string,
  headerRequestId: string | undefined,
  retryAfterMs?: number,
): ModelArtsError {
  const kind: ModelArtsErrorKind = status === 401 || status === 403 ? 'auth' : 'api';
  let parsed: unknown;
  try {
    parsed = bodyText.trim() ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const fields = readErrorBody(parsed);
  if (fields) {
    const requestId = fields.requestId ?? headerRequestId;
    const who = fields.code?.toUpperCase().startsWith('APIGW.') ? 'API gateway' : service;
    const text = fields.message ? excerpt(fields.message, 400) : 'no error message';
    const message = fields.code
      ? `${who} error ${fields.code}: ${text}${suffix(status, requestId)}`
      : `${who} error: ${text}${suffix(status, requestId)}`;
    return new ModelArtsError(message, { kind, status, code: fields.code, requestId, host, retryAfterMs });
  }
  let what: string;
  if (!bodyText.trim()) what = 'an empty body';
  else if (looksLikeHtml(bodyText)) what = `an HTML page instead of JSON: "${excerpt(bodyText)}"`;
  else if (parsed !== undefined) what = `an unrecognised JSON body: "${excerpt(bodyText)}"`;
  else what = `a non-JSON body: "${excerpt(bodyText)}"`;
  const reqId = headerRequestId ? `, request ID ${headerRequestId}` : '';
  return new ModelArtsError(`${service} at ${host} answered HTTP ${status}${reqId} with ${what}`, {
    kind,
    status,
    requestId: headerRequestId,
    host,
    retryAfterMs,
  });
}

/** The error for a 2xx answer whose body is not valid JSON. */
export function badBodyError(service: string, host: string, status: number, bodyText: string, requestId: string | undefined): ModelArtsError {
  const reqId = requestId ? `, request ID ${requestId}` : '';
  let what: string;
  if (!bodyText.trim()) {
    what = 'an empty body instead of JSON';
  } else if (looksLikeHtml(bodyText)) {
    what = `an HTML page instead of JSON: "${excerpt(bodyText)}"`;
  } else {
    let reason = 'invalid JSON';
    try {
      JSON.parse(bodyText);
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      reason = /end of (JSON )?input|Unterminated/i.test(m) ? 'JSON that ends early (truncated?)' : 'invalid JSON';
    }
    what = `${reason}: "${excerpt(bodyText, 80)}"`;
  }
  return new ModelArtsError(`${service} at ${host} answered HTTP ${status}${reqId} with ${what}`, {
    kind: 'badResponse',
    status,
    requestId,
    host,
  });
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** A connection-level failure code, from an error and its causes. */
export function systemCodeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const o = e as { code?: unknown; errno?: unknown; cause?: unknown; message?: unknown };
    if (typeof o.code === 'string' && o.code) return o.code;
    if (typeof o.errno === 'string' && o.errno) return o.errno;
    if (typeof o.message === 'string' && /socket hang up/i.test(o.message)) return 'ECONNRESET';
    if (typeof o.message === 'string' && /premature close/i.test(o.message)) return 'ERR_STREAM_PREMATURE_CLOSE';
    e = o.cause;
  }
  return undefined;
}

/** Connection failures worth another try for an idempotent GET. */
export function isConnectionReset(code: string | undefined): boolean {
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED';
}

/** The error for a failure below HTTP, naming the host. */
export function networkError(service: string, host: string, error: unknown): ModelArtsError {
  const code = systemCodeOf(error);
  const raw = error instanceof Error ? error.message : String(error);
  let what: string;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      what = 'host name not found (DNS lookup failed)';
      break;
    case 'ECONNREFUSED':
      what = 'connection refused';
      break;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      what = 'connection reset by the server or a proxy';
      break;
    case 'ERR_STREAM_PREMATURE_CLOSE':
      what = 'connection closed before the whole response arrived';
      break;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      what = 'connection timed out';
      break;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      what = 'network unreachable';
      break;
    default:
      what = code && TLS_CODES.test(code) ? `TLS error: ${tlsText(raw)}` : excerpt(raw.replace(/^request to \S+ failed, reason: /, ''), 200);
  }
  return new ModelArtsError(`Cannot reach ${service} at ${host}: ${what}${code ? ` (${code})` : ''}`, {
    kind: 'network',
    host,
    systemCode: code,
  });
}

function tlsText(raw: string): string {
  // node-fetch wraps the message: "request to https://... failed, reason: <message>"
  const m = /reason: (.*)$/s.exec(raw);
  const text = m ? m[1] : raw;
  // OpenSSL's "...:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:" → the reason.
  const ssl = /SSL routines:[^:]*:([^:]+)/.exec(text);
  return excerpt(ssl ? ssl[1] : text, 200);
}

export function timeoutError(service: string, host: string, seconds: number): ModelArtsError {
  return new ModelArtsError(
    `${service} at ${host} did not answer within ${seconds} s (setting modelarts.requestTimeoutSeconds)`,
    { kind: 'timeout', host },
  );
}

export function cancelledError(service: string, host: string): ModelArtsError {
  return new ModelArtsError(`Request to ${service} at ${host} was cancelled`, { kind: 'cancelled', host });
}
