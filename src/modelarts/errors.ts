import * as l10n from '@vscode/l10n';
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

/** Shorter strings are not real secrets and would mangle the text. */
const MIN_SECRET_LENGTH = 4;

function isWhitespace(code: number): boolean {
  // ASCII blanks and controls, NBSP, the Unicode spaces, line/paragraph separators, BOM.
  return (
    code <= 32 ||
    code === 0x7f ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The text without whitespace and control characters, and where each kept character was. */
function squeeze(text: string): { text: string; at: Int32Array } {
  const at = new Int32Array(text.length);
  let out = '';
  let n = 0;
  let runStart = -1;
  for (let i = 0; i < text.length; i++) {
    if (isWhitespace(text.charCodeAt(i))) {
      if (runStart >= 0) {
        out += text.slice(runStart, i);
        runStart = -1;
      }
      continue;
    }
    if (runStart < 0) runStart = i;
    at[n++] = i;
  }
  if (runStart >= 0) out += text.slice(runStart);
  return { text: out, at: at.subarray(0, n) };
}

function squeezeSecret(secret: string): string {
  let out = '';
  for (let i = 0; i < secret.length; i++) if (!isWhitespace(secret.charCodeAt(i))) out += secret[i];
  return out;
}

/** KMP failure table of a pattern. */
function failureTable(pattern: string): Int32Array {
  const fail = new Int32Array(pattern.length);
  let k = 0;
  for (let i = 1; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = fail[k - 1];
    if (pattern[i] === pattern[k]) k++;
    fail[i] = k;
  }
  return fail;
}

/**
 * The length of the longest proper prefix of `pattern` that ends `text`
 * (in O(|pattern| + |text|)). Only the last |pattern| characters matter.
 */
function overlapAtEnd(text: string, pattern: string, fail: Int32Array): number {
  let k = 0;
  for (let i = Math.max(0, text.length - pattern.length); i < text.length; i++) {
    while (k > 0 && text[i] !== pattern[k]) k = fail[k - 1];
    if (text[i] === pattern[k]) k++;
    if (k === pattern.length) k = fail[k - 1];
  }
  return k;
}

function reverse(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
}

interface Span {
  start: number;
  end: number;
  /** 0 strongest ("***"), 1 the masked access key. */
  rank: number;
}

/**
 * Where a secret occurs in the text, whatever whitespace was added, removed
 * or changed inside it (a token wrapped over two lines, collapsed blanks),
 * plus any part of it long enough to matter that starts or ends the text (a
 * secret cut at a text's edge). Linear: one squeeze, indexOf and two KMP
 * scans per secret.
 */
function secretSpans(text: string, secrets: Secrets): Span[] {
  const spans: Span[] = [];
  let squeezed: { text: string; at: Int32Array } | undefined;
  const list: Array<[string | undefined, number]> = [
    [secrets.secretKey, 0],
    [secrets.securityToken, 0],
    [secrets.accessKey, 1],
  ];
  for (const [raw, rank] of list) {
    if (!raw) continue;
    const secret = squeezeSecret(raw);
    if (secret.length < MIN_SECRET_LENGTH) continue;
    squeezed ??= squeeze(text);
    const { text: s, at } = squeezed;
    if (s.length < MIN_SECRET_LENGTH) break;
    for (let i = s.indexOf(secret); i >= 0; i = s.indexOf(secret, i + secret.length)) {
      spans.push({ start: at[i], end: at[i + secret.length - 1] + 1, rank });
    }
    // A part of the secret cut at the end of the text, or at its start.
    const tail = overlapAtEnd(s, secret, failureTable(secret));
    if (tail >= MIN_SECRET_LENGTH) spans.push({ start: at[s.length - tail], end: at[s.length - 1] + 1, rank });
    const reversed = reverse(secret);
    const head = overlapAtEnd(reverse(s.slice(0, secret.length)), reversed, failureTable(reversed));
    if (head >= MIN_SECRET_LENGTH) spans.push({ start: at[0], end: at[head - 1] + 1, rank });
  }
  return spans;
}

function replaceSpans(text: string, spans: Span[], accessKey: string | undefined): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || a.rank - b.rank);
  let out = '';
  let pos = 0;
  for (let i = 0; i < spans.length; ) {
    const start = spans[i].start;
    let { end, rank } = spans[i++];
    // Merge overlapping spans; the strongest replacement wins.
    while (i < spans.length && spans[i].start < end) {
      end = Math.max(end, spans[i].end);
      rank = Math.min(rank, spans[i].rank);
      i++;
    }
    out += text.slice(pos, start) + (rank === 0 ? '***' : maskAk(accessKey));
    pos = end;
  }
  return out + text.slice(pos);
}

/**
 * Removes secrets from a text: the SK and security token are replaced by
 * `***`, the AK by its masked form, and anything shaped like a signature or
 * an Authorization / X-Security-Token header is blanked even when the secret
 * itself is not known. Secrets are found whatever the whitespace inside them,
 * and a piece of one (4 characters or more) at the start or end of the text
 * is removed too, so a text cut in the middle of a secret shows none of it.
 * Linear in the length of the text and the secrets.
 */
export function redact(text: string, secrets?: Secrets): string {
  let out = text;
  if (secrets) out = replaceSpans(out, secretSpans(out, secrets), secrets.accessKey);
  return out
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi, '$1***')
    .replace(/(x-security-token["']?\s*[:=]\s*["']?)[^"'\s,]*/gi, '$1***')
    .replace(/(Signature\s*=\s*)[0-9a-fA-F]+/g, '$1***')
    .replace(/(Access\s*=\s*)([^,\s*]{0,4})[^,\s]*/g, '$1$2****');
}

// --- building messages -----------------------------------------------------

/**
 * How much of a body anything looks at: error bodies and bad bodies are cut
 * to this many characters before any pattern runs over them.
 */
export const EXCERPT_INPUT_LIMIT = 8192;

/** Error bodies longer than this are not decoded as JSON (they are shown as text). */
export const ERROR_JSON_LIMIT = 65536;

function startsWithTag(lower: string, at: number, tag: string): boolean {
  if (!lower.startsWith(tag, at + 1)) return false;
  const next = lower.charCodeAt(at + 1 + tag.length);
  // "<script", "<script>", "<script src=…>" but not "<scripts".
  return Number.isNaN(next) || next === 62 /* > */ || next === 47 /* / */ || isWhitespace(next);
}

/**
 * Text of an HTML page: script and style elements and every tag become a
 * space, and the common entities are decoded. One pass, linear: each search
 * for a closing "</script", "</style" or ">" starts where the last one
 * ended, and a search that fails is not repeated.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let pos = 0;
  let noGt = false;
  const noClose: Record<string, boolean> = { script: false, style: false };
  let i = html.indexOf('<');
  while (i >= 0) {
    let end = -1;
    for (const tag of ['script', 'style']) {
      if (noClose[tag] || !startsWithTag(lower, i, tag)) continue;
      const close = lower.indexOf(`</${tag}`, i + 1 + tag.length);
      if (close < 0) {
        noClose[tag] = true;
        continue;
      }
      const gt = lower.indexOf('>', close);
      if (gt >= 0) end = gt + 1;
      else noGt = true;
      break;
    }
    if (end < 0 && !noGt) {
      const gt = html.indexOf('>', i + 1);
      if (gt >= 0) end = gt + 1;
      else noGt = true;
    }
    if (end < 0) {
      // No tag starts here: the "<" stays as text.
      i = html.indexOf('<', i + 1);
      continue;
    }
    out += html.slice(pos, i) + ' ';
    pos = end;
    i = html.indexOf('<', end);
  }
  out += html.slice(pos);
  return out.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Cuts a text to at most `max` characters, "…" included, never between the halves of a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/**
 * A body (or any untrusted text) made fit for a message: only its first
 * EXCERPT_INPUT_LIMIT characters are looked at; HTML tags are stripped;
 * secrets are removed (before anything is collapsed or cut, and also a piece
 * of one at the edge of that first cut); whitespace and control characters
 * collapse to single spaces; and the result is cut to `max` characters.
 * Linear in `max` and the input limit, whatever the body.
 */
export function excerpt(body: string, max = 160, secrets?: Secrets): string {
  let text = body.length > EXCERPT_INPUT_LIMIT ? body.slice(0, EXCERPT_INPUT_LIMIT) : body;
  if (looksLikeHtml(text)) text = htmlToText(text);
  text = redact(text, secrets);
  // Control characters (binary garbage) become spaces too.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  return cut(text, max);
}

export function looksLikeHtml(body: string): boolean {
  const text = body.length > EXCERPT_INPUT_LIMIT ? body.slice(0, EXCERPT_INPUT_LIMIT) : body;
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<!--)/i.test(text) || /<\/(html|body|title|h1)>/i.test(text);
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
  return requestId ? l10n.t(' (HTTP {0}, request ID {1})', status, requestId) : l10n.t(' (HTTP {0})', status);
}

/** "ModelArts at host answered HTTP 500, request ID x, with …": our sentence around an answer we cannot use. */
function answered(service: string, host: string, status: number, requestId: string | undefined, what: string): string {
  return requestId
    ? l10n.t('{0} at {1} answered HTTP {2}, request ID {3} with {4}', service, host, status, requestId, what)
    : l10n.t('{0} at {1} answered HTTP {2} with {3}', service, host, status, what);
}

/** True when the text holds nothing but whitespace; stops at the first other character. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isWhitespace(text.charCodeAt(i))) return false;
  return true;
}

/** A short untrusted field (code, request ID) made fit for a message; undefined when blank. */
function field(value: string | undefined, max: number, secrets: Secrets | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = excerpt(value, max, secrets);
  return text === '' ? undefined : text;
}

/** Longest error code and request ID kept in a message. */
const MAX_CODE_LENGTH = 80;
const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The error for a non-2xx answer. `service` names who was called
 * ("ModelArts", "IAM"); an `APIGW.` code is reported as the API gateway's.
 * Only the first ERROR_JSON_LIMIT characters of a body are decoded as JSON,
 * only EXCERPT_INPUT_LIMIT are looked at for the message, and `secrets` are
 * removed from every part taken from the answer before it is cut.
 */
export function httpError(
  service: string,
  host: string,
  status: number,
  bodyText: string,
  headerRequestId: string | undefined,
  retryAfterMs?: number,
  secrets?: Secrets,
): ModelArtsError {
  const kind: ModelArtsErrorKind = status === 401 || status === 403 ? 'auth' : 'api';
  const blank = isBlank(bodyText);
  let parsed: unknown;
  if (!blank && bodyText.length <= ERROR_JSON_LIMIT) {
    try {
      parsed = JSON.parse(stripBom(bodyText));
    } catch {
      parsed = undefined;
    }
  }
  const headerId = field(headerRequestId, MAX_REQUEST_ID_LENGTH, secrets);
  const fields = readErrorBody(parsed);
  if (fields) {
    const code = field(fields.code, MAX_CODE_LENGTH, secrets);
    const requestId = field(fields.requestId, MAX_REQUEST_ID_LENGTH, secrets) ?? headerId;
    const who = code?.toUpperCase().startsWith('APIGW.') ? l10n.t('API gateway') : service;
    const text = fields.message ? excerpt(fields.message, 400, secrets) : l10n.t('no error message');
    const message = code
      ? l10n.t('{0} error {1}: {2}{3}', who, code, text, suffix(status, requestId))
      : l10n.t('{0} error: {1}{2}', who, text, suffix(status, requestId));
    return new ModelArtsError(message, { kind, status, code, requestId, host, retryAfterMs });
  }
  let what: string;
  if (blank) what = l10n.t('an empty body');
  else if (looksLikeHtml(bodyText)) what = l10n.t('an HTML page instead of JSON: "{0}"', excerpt(bodyText, 160, secrets));
  else if (parsed !== undefined) what = l10n.t('an unrecognised JSON body: "{0}"', excerpt(bodyText, 160, secrets));
  else what = l10n.t('a non-JSON body: "{0}"', excerpt(bodyText, 160, secrets));
  return new ModelArtsError(answered(service, host, status, headerId, what), {
    kind,
    status,
    requestId: headerId,
    host,
    retryAfterMs,
  });
}

/** The text without a byte order mark at its start. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether a JSON.parse error says the text ended too early. */
export function isTruncatedJsonError(error: unknown): boolean {
  const m = error instanceof Error ? error.message : String(error);
  return /end of (JSON )?input|Unterminated/i.test(m.length > 500 ? m.slice(0, 500) : m);
}

/**
 * The error for a 2xx answer whose body is not valid JSON. `parseError`,
 * when given, is what JSON.parse threw (the body is then not parsed again).
 */
export function badBodyError(
  service: string,
  host: string,
  status: number,
  bodyText: string,
  requestId: string | undefined,
  parseError?: unknown,
  secrets?: Secrets,
): ModelArtsError {
  const id = field(requestId, MAX_REQUEST_ID_LENGTH, secrets);
  let what: string;
  if (isBlank(bodyText)) {
    what = l10n.t('an empty body instead of JSON');
  } else if (looksLikeHtml(bodyText)) {
    what = l10n.t('an HTML page instead of JSON: "{0}"', excerpt(bodyText, 160, secrets));
  } else {
    let error = parseError;
    if (error === undefined) {
      try {
        JSON.parse(stripBom(bodyText));
      } catch (e) {
        error = e;
      }
    }
    what =
      error !== undefined && isTruncatedJsonError(error)
        ? l10n.t('JSON that ends early (truncated?): "{0}"', excerpt(bodyText, 80, secrets))
        : l10n.t('invalid JSON: "{0}"', excerpt(bodyText, 80, secrets));
  }
  return new ModelArtsError(answered(service, host, status, id, what), {
    kind: 'badResponse',
    status,
    requestId: id,
    host,
  });
}

/** The error for an answer larger than the client accepts. */
export function tooLargeError(service: string, host: string, status: number, limitBytes: number, requestId: string | undefined): ModelArtsError {
  const id = field(requestId, MAX_REQUEST_ID_LENGTH, undefined);
  return new ModelArtsError(
    answered(service, host, status, id, l10n.t('a body larger than the response size limit of {0} (setting modelarts.maxResponseMegabytes); it was not read further', formatBytes(limitBytes))),
    { kind: 'badResponse', status, requestId: id, host },
  );
}

/** "64 MiB", "512 KiB", "100 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1048576 && bytes % 1048576 === 0) return `${bytes / 1048576} MiB`;
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return l10n.t('{0} bytes', bytes);
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
  const full = error instanceof Error ? error.message : String(error);
  const raw = full.length > EXCERPT_INPUT_LIMIT ? full.slice(0, EXCERPT_INPUT_LIMIT) : full;
  let what: string;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      what = l10n.t('host name not found (DNS lookup failed)');
      break;
    case 'ECONNREFUSED':
      what = l10n.t('connection refused');
      break;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      what = l10n.t('connection reset by the server or a proxy');
      break;
    case 'ERR_STREAM_PREMATURE_CLOSE':
      what = l10n.t('connection closed before the whole response arrived');
      break;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      what = l10n.t('connection timed out');
      break;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      what = l10n.t('network unreachable');
      break;
    default:
      what = code && TLS_CODES.test(code) ? l10n.t('TLS error: {0}', tlsText(raw)) : excerpt(raw.replace(/^request to \S+ failed, reason: /, ''), 200);
  }
  return new ModelArtsError(code ? l10n.t('Cannot reach {0} at {1}: {2} ({3})', service, host, what, code) : l10n.t('Cannot reach {0} at {1}: {2}', service, host, what), {
    kind: 'network',
    host,
    systemCode: code,
  });
}

function tlsText(raw: string): string {
  // node-fetch wraps the message: "request to https://... failed, reason: <message>"
  const at = raw.indexOf('reason: ');
  const text = at >= 0 ? raw.slice(at + 'reason: '.length) : raw;
  // OpenSSL's "...:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:" → the reason.
  const ssl = /SSL routines:[^:]*:([^:]+)/.exec(text);
  return excerpt(ssl ? ssl[1] : text, 200);
}

export function timeoutError(service: string, host: string, seconds: number): ModelArtsError {
  return new ModelArtsError(
    l10n.t('{0} at {1} did not answer within {2} s (setting modelarts.requestTimeoutSeconds)', service, host, seconds),
    { kind: 'timeout', host },
  );
}

export function cancelledError(service: string, host: string): ModelArtsError {
  return new ModelArtsError(l10n.t('Request to {0} at {1} was cancelled', service, host), { kind: 'cancelled', host });
}
