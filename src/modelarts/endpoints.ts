import * as l10n from '@vscode/l10n';
/**
 * Known Huawei Cloud regions and the ModelArts and IAM endpoints for them.
 *
 * Endpoints follow `https://{service}.{region}.myhuaweicloud.com`, with the
 * exceptions the official SDKs list (ModelArtsRegion / IamRegion in
 * huaweicloud-sdk-nodejs-v3): ModelArts in ap-southeast-1 (CN-Hong Kong) is on
 * myhuaweicloud.cn, and the European site (eu-west-101, EU-Dublin) is on
 * myhuaweicloud.eu. Anything else (Open Telekom Cloud, private deployments, a
 * local server) is reached through the `modelarts.endpoint` and
 * `modelarts.iamEndpoint` settings, which win over the region.
 */

import { trimTrailingSlashes } from './signer';

export interface RegionInfo {
  /** Region ID, e.g. `cn-north-4`; also the name of the region's default IAM project. */
  id: string;
  /** Display name, as in the console's region list. */
  name: string;
  /** ModelArts endpoint (no trailing slash). */
  endpoint: string;
  /** IAM endpoint (no trailing slash). */
  iamEndpoint: string;
}

function region(id: string, name: string, domain = 'myhuaweicloud.com', modelArtsDomain = domain): RegionInfo {
  return { id, name, endpoint: `https://modelarts.${id}.${modelArtsDomain}`, iamEndpoint: `https://iam.${id}.${domain}` };
}

/** Regions offered in the region pick list, the default (cn-north-4) first. */
export const KNOWN_REGIONS: readonly RegionInfo[] = [
  region('cn-north-4', 'CN North-Beijing4'),
  region('cn-north-9', 'CN North-Ulanqab1'),
  region('cn-north-1', 'CN North-Beijing1'),
  region('cn-north-2', 'CN North-Beijing2'),
  region('cn-east-3', 'CN East-Shanghai1'),
  region('cn-south-1', 'CN South-Guangzhou'),
  region('cn-southwest-2', 'CN Southwest-Guiyang1'),
  region('ap-southeast-1', 'CN-Hong Kong', 'myhuaweicloud.com', 'myhuaweicloud.cn'),
  region('ap-southeast-2', 'AP-Bangkok'),
  region('ap-southeast-3', 'AP-Singapore'),
  region('ap-southeast-4', 'AP-Jakarta'),
  region('af-south-1', 'AF-Johannesburg'),
  region('af-north-1', 'AF-Cairo'),
  region('la-south-2', 'LA-Santiago'),
  region('la-north-2', 'LA-Mexico City2'),
  region('sa-brazil-1', 'LA-Sao Paulo1'),
  region('tr-west-1', 'TR-Istanbul'),
  region('me-east-1', 'ME-Riyadh'),
  region('eu-west-101', 'EU-Dublin', 'myhuaweicloud.eu'),
];

export const DEFAULT_REGION = 'cn-north-4';

const REGION_ID = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

/** Whether a text looks like a region ID (`xx-name-N`), known or not. */
export function isRegionId(text: string): boolean {
  return REGION_ID.test(text);
}

export function findRegion(id: string): RegionInfo | undefined {
  return KNOWN_REGIONS.find((r) => r.id === id);
}

/** The ModelArts endpoint of a region: the known one, else the usual pattern. */
export function modelArtsEndpointFor(regionId: string): string {
  return findRegion(regionId)?.endpoint ?? `https://modelarts.${regionId}.myhuaweicloud.com`;
}

/** The IAM endpoint of a region: the known one, else the usual pattern. */
export function iamEndpointFor(regionId: string): string {
  return findRegion(regionId)?.iamEndpoint ?? `https://iam.${regionId}.myhuaweicloud.com`;
}

export type EndpointCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Whether a URL host (as `URL.hostname` gives it) is this machine's
 * loopback: `localhost`, 127.0.0.0/8 or [::1]. Only such
 * hosts may be reached over plain http: anything else would carry the access
 * key, the security token and signatures in the clear.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (host === '[::1]' || host === '::1') return true;
  // URL normalises IPv4 forms (127.1, 0x7f.0.0.1, 2130706433) to dotted quads.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (m) return Number(m[1]) === 127 && m.slice(2).every((part) => Number(part) <= 255);
  // IPv4-mapped IPv6 loopback, e.g. [::ffff:127.0.0.1], which URL writes as [::ffff:7f00:1].
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Validates an endpoint setting: an absolute https URL (plain http only for
 * a loopback host, see isLoopbackHost) without query, fragment or
 * credentials. A bare host name gets `https://`. The result has no trailing
 * slash; a base path (e.g. behind a private gateway) is kept.
 */
export function normalizeEndpoint(text: string, what = l10n.t('Endpoint')): EndpointCheck {
  const full = text.trim();
  // Messages quote the setting: at most its first 200 characters.
  const trimmed = full.length > 200 ? `${full.slice(0, 199)}…` : full;
  if (!full) return { ok: false, message: l10n.t('{0} is empty.', what) };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(full) ? full : `https://${full}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: l10n.t('{0} "{1}" is not a valid URL.', what, trimmed) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: l10n.t('{0} "{1}" must start with https:// or http://.', what, trimmed) };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message: l10n.t('{0} "{1}" uses plain http://, which would send your access key and signatures unencrypted: use https://. Plain http is accepted only for this machine (localhost, 127.0.0.1, [::1]).', what, trimmed),
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: l10n.t('{0} must not contain a user name or password.', what) };
  }
  if (url.search || url.hash) {
    return { ok: false, message: l10n.t('{0} "{1}" must not contain a query or fragment.', what, trimmed) };
  }
  return { ok: true, url: trimTrailingSlashes(url.origin + url.pathname) };
}

export interface EndpointSettings {
  region?: string;
  /** `modelarts.endpoint`: overrides the region's ModelArts endpoint. */
  endpoint?: string;
  /** `modelarts.iamEndpoint`: overrides the region's IAM endpoint. */
  iamEndpoint?: string;
}

export type ResolvedEndpoints =
  | { ok: true; region: string; endpoint: string; iamEndpoint: string }
  | { ok: false; message: string };

/** The endpoints to use: the overrides when set, else the region's. */
export function resolveEndpoints(settings: EndpointSettings): ResolvedEndpoints {
  const regionId = (settings.region ?? '').trim() || DEFAULT_REGION;
  if (!isRegionId(regionId)) {
    return { ok: false, message: l10n.t('Region "{0}" is not a region ID such as {1}.', regionId, DEFAULT_REGION) };
  }
  let endpoint = modelArtsEndpointFor(regionId);
  if (settings.endpoint?.trim()) {
    const check = normalizeEndpoint(settings.endpoint, l10n.t('ModelArts endpoint'));
    if (!check.ok) return check;
    endpoint = check.url;
  }
  let iamEndpoint = iamEndpointFor(regionId);
  if (settings.iamEndpoint?.trim()) {
    const check = normalizeEndpoint(settings.iamEndpoint, l10n.t('IAM endpoint'));
    if (!check.ok) return check;
    iamEndpoint = check.url;
  }
  return { ok: true, region: regionId, endpoint, iamEndpoint };
}
