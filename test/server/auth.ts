/**
 * Server-side AK/SK verification for the local ModelArts server: recomputes
 * the SDK-HMAC-SHA256 signature from the raw request, the way the API gateway
 * does, and says why it does not match.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  EMPTY_BODY_SHA256,
  buildCanonicalRequest,
  buildStringToSign,
  hmacSha256Hex,
  parseAuthorization,
  parseSdkDate,
} from '../../src/modelarts/signer';
import { maskAk } from '../../src/modelarts/errors';

export interface ServerCredential {
  accessKey: string;
  secretKey: string;
  /** Set for temporary credentials: requests must carry it, signed, as X-Security-Token. */
  securityToken?: string;
}

export type AuthResult = { ok: true; accessKey: string } | { ok: false; reason: string };

/**
 * Splits a raw request target into decoded path and query; undefined when
 * malformed. Query keys such as `__proto__` or `constructor` are own
 * properties like any other; read them with an own-property check. Linear in
 * the target.
 */
export function parseTarget(rawUrl: string): { path: string; query: Record<string, string[]> } | undefined {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  try {
    const path = rawPath.split('/').map(decodeURIComponent).join('/');
    const values = new Map<string, string[]>();
    for (const part of rawQuery.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
      const list = values.get(key);
      if (list) list.push(value);
      else values.set(key, [value]);
    }
    // Own properties only (defineProperty, so "__proto__" is a key like any other).
    const query: Record<string, string[]> = {};
    for (const [key, list] of values) Object.defineProperty(query, key, { value: list, enumerable: true, writable: true, configurable: true });
    return { path, query };
  } catch {
    return undefined;
  }
}

/**
 * A request header's value, read as an own property only: a signed header
 * named `constructor`, `__proto__` or `toString` is simply absent, never
 * something from Object.prototype.
 */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(headers, name)) return undefined;
  const v: unknown = headers[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
  return undefined;
}

/** Verifies the Authorization header of a request. */
export function verifyRequest(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  credentials: readonly ServerCredential[],
  now: Date,
  maxSkewMs: number,
): AuthResult {
  const authorization = headerValue(headers, 'authorization');
  if (!authorization) return { ok: false, reason: 'the Authorization header is missing' };
  const auth = parseAuthorization(authorization);
  if (!auth) return { ok: false, reason: 'the Authorization header is not SDK-HMAC-SHA256' };
  const credential = credentials.find((c) => c.accessKey === auth.accessKey);
  if (!credential) return { ok: false, reason: `access key ${maskAk(auth.accessKey)} does not exist` };
  const signedNames = auth.signedHeaders;
  if (!signedNames.includes('host') || !signedNames.includes('x-sdk-date')) {
    return { ok: false, reason: 'host and x-sdk-date must be signed' };
  }
  const sdkDate = headerValue(headers, 'x-sdk-date');
  const date = sdkDate ? parseSdkDate(sdkDate.trim()) : undefined;
  if (!sdkDate || !date) return { ok: false, reason: 'X-Sdk-Date is missing or not YYYYMMDDTHHmmssZ' };
  if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) {
    return { ok: false, reason: `X-Sdk-Date ${sdkDate} is more than ${Math.round(maxSkewMs / 60000)} minutes from the server time` };
  }
  if (credential.securityToken !== undefined) {
    const token = headerValue(headers, 'x-security-token');
    if (!token || !signedNames.includes('x-security-token')) {
      return { ok: false, reason: 'temporary credentials need a signed X-Security-Token' };
    }
    if (token !== credential.securityToken) return { ok: false, reason: 'the security token is invalid or expired' };
  }
  const pairs: Array<[string, string]> = [];
  for (const name of signedNames) {
    const value = headerValue(headers, name);
    if (value === undefined) return { ok: false, reason: `signed header ${name} is not in the request` };
    pairs.push([name, value.trim()]);
  }
  const target = parseTarget(rawUrl);
  if (!target) return { ok: false, reason: 'the request URL is not validly percent-encoded' };
  const { canonicalRequest } = buildCanonicalRequest(method, target.path, target.query, pairs, EMPTY_BODY_SHA256);
  const expected = hmacSha256Hex(credential.secretKey, buildStringToSign(sdkDate.trim(), canonicalRequest));
  const given = Buffer.from(auth.signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, reason: 'verify aksk signature fail' };
  }
  return { ok: true, accessKey: credential.accessKey };
}
