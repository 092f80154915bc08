/**
 * AK/SK request signing for Huawei Cloud's API gateway (SDK-HMAC-SHA256), on
 * node:crypto only. It computes what the gateway recomputes from the request
 * it receives:
 *
 *   canonical request = METHOD \n canonical URI \n canonical query \n
 *                       canonical headers \n signed headers \n hex(sha256(body))
 *   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(canonical request))
 *   signature         = hex(hmac-sha256(SK, string to sign))
 *
 * - canonical URI: each path segment percent-encoded (RFC 3986 unreserved
 *   characters A-Z a-z 0-9 - _ . ~ kept, everything else as UTF-8 %XX), and a
 *   trailing "/" added for signing only;
 * - canonical query: sorted by key (then value), same encoding, `k=v` joined by
 *   `&`; a space is %20 and an empty value is `k=`;
 * - canonical headers: `name:value\n` with names lower-cased and sorted, values
 *   trimmed (HTTP strips surrounding blanks on the wire, so the gateway sees
 *   them trimmed); `host` and `x-sdk-date` are always signed.
 *
 * The same encoder builds the URL that is sent (see `buildRequestUrl`), so the
 * bytes on the wire and the bytes signed cannot disagree.
 *
 * Checked byte for byte against `@huaweicloud/huaweicloud-sdk-core`'s
 * AKSKSigner.sign in test/unit/signer.test.ts. Two deliberate differences, for
 * inputs the SDK mishandles and the extension never produces: header names are
 * sorted by code unit (the SDK's canonical header block uses localeCompare,
 * which disagrees with its own SignedHeaders list for names such as `a_b` and
 * `a-b`), and header values are trimmed.
 */
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const HEADER_SDK_DATE = 'X-Sdk-Date';
export const HEADER_SECURITY_TOKEN = 'X-Security-Token';
export const HEADER_AUTHORIZATION = 'Authorization';
/** SHA-256 of the empty body, the payload hash of every GET. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** An access key pair, optionally temporary (with a security token). */
export interface SigningCredentials {
  accessKey: string;
  secretKey: string;
  /** Temporary credentials only: sent as X-Security-Token and signed. */
  securityToken?: string;
}

/** Query parameters, decoded. `undefined` values are left out; arrays repeat the key. */
export type QueryParams = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface RequestToSign {
  method: string;
  /** The Host header: host name plus `:port` when the port is not the scheme's default. */
  host: string;
  /** The decoded path, segments separated by "/" (e.g. `/v2/0123/pools`). */
  path: string;
  query?: QueryParams;
  /** Headers to send and sign; X-Sdk-Date is added when missing. */
  headers?: Readonly<Record<string, string>>;
  /** Request body; none for GET. */
  body?: string;
}

export interface SignedRequest {
  /** Every header to send: the input headers, Host, X-Sdk-Date, X-Security-Token and Authorization. */
  headers: Record<string, string>;
  authorization: string;
  signedHeaders: string;
  signature: string;
  sdkDate: string;
  canonicalRequest: string;
  stringToSign: string;
}

// --- encoding --------------------------------------------------------------

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const EXTRA_RESERVED = /[!'()*]/g;

function escapeExtra(c: string): string {
  return '%' + c.charCodeAt(0).toString(16).toUpperCase();
}

/**
 * Percent-encodes a string as RFC 3986 requires for the canonical request:
 * unreserved characters kept, every other byte of the UTF-8 form as %XX
 * (upper-case hex). Throws URIError on a lone surrogate.
 */
export function encodeRfc3986(text: string): string {
  if (UNRESERVED.test(text)) return text;
  const encoded = encodeURIComponent(text);
  return HAS_EXTRA_RESERVED.test(encoded) ? encoded.replace(EXTRA_RESERVED, escapeExtra) : encoded;
}
const HAS_EXTRA_RESERVED = /[!'()*]/;

/** The canonical URI of a decoded path: each segment encoded, ending in "/". */
export function canonicalUri(path: string): string {
  const encoded = encodePath(path);
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

/** Encodes each segment of a decoded path, keeping the "/" separators. */
export function encodePath(path: string): string {
  if (UNRESERVED_PATH.test(path)) return path;
  return path.split('/').map(encodeRfc3986).join('/');
}
const UNRESERVED_PATH = /^[A-Za-z0-9\-_.~/]*$/;

/** The canonical query string: sorted by key then value, `k=v` joined by `&`. */
export function canonicalQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const keys = Object.keys(query).sort();
  let out = '';
  for (const key of keys) {
    const value = query[key];
    if (value === undefined) continue;
    const k = encodeRfc3986(key);
    if (typeof value === 'string') {
      out += (out ? '&' : '') + k + '=' + encodeRfc3986(value);
    } else {
      for (const v of [...(value as readonly string[])].sort()) {
        out += (out ? '&' : '') + k + '=' + encodeRfc3986(v);
      }
    }
  }
  return out;
}

/** The text without the "/" characters at its end (a loop: the pattern /\/+$/ is quadratic on long runs of "/"). */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * The URL to send: `origin` (scheme://host[:port]) plus the encoded path and
 * the canonical query string, so that what is sent is what was signed.
 */
export function buildRequestUrl(origin: string, path: string, query?: QueryParams): string {
  const q = canonicalQueryString(query);
  return trimTrailingSlashes(origin) + encodePath(path) + (q ? '?' + q : '');
}

// --- dates -----------------------------------------------------------------

/** Formats a date as X-Sdk-Date wants it: YYYYMMDDTHHmmssZ, in UTC. */
export function formatSdkDate(date: Date): string {
  const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses an X-Sdk-Date value; undefined when malformed. */
export function parseSdkDate(text: string): Date | undefined {
  const m = SDK_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  // Reject overflowing fields such as month 13 or 25 o'clock.
  return formatSdkDate(date) === text ? date : undefined;
}

// --- hashing ---------------------------------------------------------------

// One-shot hashing (Node 20.12+) skips creating a Hash object.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex(data: string): string {
  return oneShotHash ? oneShotHash('sha256', data, 'hex') : createHash('sha256').update(data, 'utf8').digest('hex');
}

export function hmacSha256Hex(key: string, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

/**
 * The canonical request from its parts. `headers` are [lower-case name, value]
 * pairs already sorted by name; every one of them is signed.
 */
export function buildCanonicalRequest(
  method: string,
  path: string,
  query: QueryParams | undefined,
  headers: ReadonlyArray<readonly [string, string]>,
  payloadHash: string,
): { canonicalRequest: string; signedHeaders: string } {
  let canonicalHeaders = '';
  let signedHeaders = '';
  for (const [name, value] of headers) {
    canonicalHeaders += name + ':' + value + '\n';
    signedHeaders += (signedHeaders ? ';' : '') + name;
  }
  const canonicalRequest =
    method.toUpperCase() + '\n' + canonicalUri(path) + '\n' + canonicalQueryString(query) + '\n' +
    canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash;
  return { canonicalRequest, signedHeaders };
}

export function buildStringToSign(sdkDate: string, canonicalRequest: string): string {
  return SIGNING_ALGORITHM + '\n' + sdkDate + '\n' + sha256Hex(canonicalRequest);
}

export function formatAuthorization(accessKey: string, signedHeaders: string, signature: string): string {
  return `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** The parts of an Authorization header; undefined when it is not SDK-HMAC-SHA256. */
export function parseAuthorization(header: string): { accessKey: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(header);
  if (!m) return undefined;
  return { accessKey: m[1], signedHeaders: m[2].split(';'), signature: m[3].toLowerCase() };
}

function byName(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * Signs a request. X-Sdk-Date comes from the request's headers when given,
 * else from `now`. With temporary credentials, X-Security-Token is added and
 * signed.
 */
export function signRequest(request: RequestToSign, credentials: SigningCredentials, now?: Date): SignedRequest {
  const out: Record<string, string> = {};
  const headers: Array<[string, string]> = [];
  let sdkDate: string | undefined;
  let hasHost = false;
  let hasToken = false;
  if (request.headers) {
    for (const name in request.headers) {
      if (!Object.prototype.hasOwnProperty.call(request.headers, name)) continue;
      const value = request.headers[name];
      const lower = name.toLowerCase();
      if (lower === 'authorization') continue;
      out[name] = value;
      const trimmed = value.trim();
      const existing = headers.findIndex((h) => h[0] === lower);
      if (existing >= 0) headers[existing][1] = trimmed;
      else headers.push([lower, trimmed]);
      if (lower === 'x-sdk-date') sdkDate = trimmed;
      else if (lower === 'host') hasHost = true;
      else if (lower === 'x-security-token') hasToken = true;
    }
  }
  if (sdkDate === undefined) {
    sdkDate = formatSdkDate(now ?? new Date());
    out[HEADER_SDK_DATE] = sdkDate;
    headers.push(['x-sdk-date', sdkDate]);
  }
  if (!hasHost) {
    out.host = request.host;
    headers.push(['host', request.host]);
  }
  if (credentials.securityToken && !hasToken) {
    out[HEADER_SECURITY_TOKEN] = credentials.securityToken;
    headers.push(['x-security-token', credentials.securityToken]);
  }
  headers.sort(byName);
  const payloadHash = request.body ? sha256Hex(request.body) : EMPTY_BODY_SHA256;
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest(request.method, request.path, request.query, headers, payloadHash);
  const stringToSign = buildStringToSign(sdkDate, canonicalRequest);
  const signature = hmacSha256Hex(credentials.secretKey, stringToSign);
  const authorization = formatAuthorization(credentials.accessKey, signedHeaders, signature);
  out[HEADER_AUTHORIZATION] = authorization;
  return { headers: out, authorization, signedHeaders, signature, sdkDate, canonicalRequest, stringToSign };
}
