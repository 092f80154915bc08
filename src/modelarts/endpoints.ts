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
 * Validates an endpoint setting: an absolute http(s) URL without query,
 * fragment or credentials. A bare host name gets `https://`. The result has
 * no trailing slash; a base path (e.g. behind a private gateway) is kept.
 */
export function normalizeEndpoint(text: string, what = 'Endpoint'): EndpointCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: `${what} is empty.` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `${what} "${trimmed}" is not a valid URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `${what} "${trimmed}" must start with https:// or http://.` };
  }
  if (url.username || url.password) {
    return { ok: false, message: `${what} must not contain a user name or password.` };
  }
  if (url.search || url.hash) {
    return { ok: false, message: `${what} "${trimmed}" must not contain a query or fragment.` };
  }
  return { ok: true, url: (url.origin + url.pathname).replace(/\/+$/, '') };
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
    return { ok: false, message: `Region "${regionId}" is not a region ID such as ${DEFAULT_REGION}.` };
  }
  let endpoint = modelArtsEndpointFor(regionId);
  if (settings.endpoint?.trim()) {
    const check = normalizeEndpoint(settings.endpoint, 'ModelArts endpoint');
    if (!check.ok) return check;
    endpoint = check.url;
  }
  let iamEndpoint = iamEndpointFor(regionId);
  if (settings.iamEndpoint?.trim()) {
    const check = normalizeEndpoint(settings.iamEndpoint, 'IAM endpoint');
    if (!check.ok) return check;
    iamEndpoint = check.url;
  }
  return { ok: true, region: regionId, endpoint, iamEndpoint };
}
