import * as l10n from '@vscode/l10n';
import { excerpt } from './errors';
import type { ParseFailure, ParseProblem } from './parse';
import { arr, decodeJson, fields, isPlainObject, listItems, obj, parseItems, typeName, type ListTexts } from './parse';
import type { ResourceNode } from './types';

/**
 * Turns unknown JSON into the ListPoolNodes types with the schema machinery
 * of the pool parser (parse.ts): an item that is not an object or has no
 * name is skipped and reported with its index, a wrong-typed field is
 * dropped with a warning, anything unknown (phases, labels, resource keys,
 * fields) is kept. Linear in the size of the body.
 */

export interface ParsedNodePage {
  ok: true;
  apiVersion?: string;
  kind?: string;
  /** Validated nodes in the order received; names unique within the page (a duplicate is skipped with a problem). */
  nodes: ResourceNode[];
  /** Each node's item exactly as received, by metadata.name. */
  raw: Map<string, unknown>;
  /** Path like `items[3].status.phase` (or `metadata.continue` for the list's own metadata); severity 'skipped' | 'dropped'. */
  problems: ParseProblem[];
  /** metadata.continue when a non-empty string (capped length). */
  continueToken?: string;
  /** metadata.remainingItemCount when a whole number ≥ 0. */
  remainingItemCount?: number;
}

export type NodePageParse = ParsedNodePage | ParseFailure;

/** Longest `metadata.continue` taken; a longer one is dropped with a problem (paging then ends there). */
export const MAX_CONTINUE_TOKEN_LENGTH = 4096;

const NODE_RESOURCE = 'quantityMap';

/** Node minus metadata, which parse.ts checks (name) and cleans (creationTimestamp, labels, annotations). */
const NODE_FIELDS = fields({
  apiVersion: 'string',
  kind: 'string',
  spec: obj({
    flavor: 'string',
    hostNetwork: obj({ vpc: 'string', subnet: 'string', securityGroups: 'stringArray' }),
    os: obj({ name: 'string', imageId: 'string', imageType: 'string' }),
  }),
  status: obj({
    phase: 'string',
    az: 'string',
    privateIp: 'string',
    resources: NODE_RESOURCE,
    availableResources: NODE_RESOURCE,
    taints: arr(obj({ key: 'string', value: 'string', effect: 'string', timeAdded: 'string' })),
  }),
});

const NODE_TEXTS: ListTexts = {
  notAnObject: (index, type) => l10n.t('item {0} is {1}, not a node object; skipped', index, type),
  repeatsName: (index, name) => l10n.t('item {0} repeats the node name "{1}" of an earlier item; skipped', index, name),
  noItems: (source, keys) =>
    keys
      ? l10n.t('{0} is not a node list: expected an object with "items" (or an array of nodes), found keys {1}.', source, keys)
      : l10n.t('{0} is not a node list: expected an object with "items" (or an array of nodes), found an empty object.', source),
  itemsNotArray: (source, type) => l10n.t('{0} is not a node list: "items" is {1}, expected an array of nodes.', source, type),
  notAList: (source, type) => l10n.t('{0} is not a node list: the JSON is {1}, expected an object with "items" or an array of nodes.', source, type),
  empty: (source) => l10n.t('{0} is empty: expected a node list (JSON).', source),
};

/** The list's own metadata: the continue token and the remaining count, each dropped with a problem when unusable. */
function listMetadata(metadata: unknown, problems: ParseProblem[]): { continueToken?: string; remainingItemCount?: number } {
  if (metadata === undefined || metadata === null) return {};
  const drop = (path: string, message: string): void => {
    problems.push({ path, message, severity: 'dropped' });
  };
  if (!isPlainObject(metadata)) {
    drop('metadata', l10n.t('expected {0}, got {1}', l10n.t('an object'), typeName(metadata)));
    return {};
  }
  const out: { continueToken?: string; remainingItemCount?: number } = {};
  const token = metadata.continue;
  if (typeof token === 'string') {
    if (token.length > MAX_CONTINUE_TOKEN_LENGTH) {
      drop('metadata.continue', l10n.t('the continue token is {0} characters long, more than {1}; paging stops here', token.length, MAX_CONTINUE_TOKEN_LENGTH));
    } else if (token !== '') {
      out.continueToken = token;
    }
  } else if (token !== undefined && token !== null) {
    drop('metadata.continue', l10n.t('expected {0}, got {1}', l10n.t('a string'), typeName(token)));
  }
  const remaining = metadata.remainingItemCount;
  if (typeof remaining === 'number' && Number.isSafeInteger(remaining) && remaining >= 0) {
    out.remainingItemCount = remaining;
  } else if (typeof remaining === 'number') {
    drop('metadata.remainingItemCount', l10n.t('expected a whole number of 0 or more, got {0}', String(remaining)));
  } else if (remaining !== undefined && remaining !== null) {
    drop('metadata.remainingItemCount', l10n.t('expected {0}, got {1}', l10n.t('a number'), typeName(remaining)));
  }
  return out;
}

/** Parses an already-decoded ListPoolNodes body (a NodeList, or a bare array of nodes). */
export function parseNodeList(body: unknown, source: string): NodePageParse {
  if (isPlainObject(body) && typeof body.kind === 'string' && body.kind !== 'NodeList') {
    return { ok: false, error: l10n.t('{0} is not a node list: its kind is "{1}", expected "NodeList".', source, excerpt(body.kind, 40)) };
  }
  const listed = listItems(body, source, NODE_TEXTS);
  if (!listed.ok) return listed;
  const { items, raw, problems } = parseItems<ResourceNode>(listed.items, NODE_FIELDS, NODE_TEXTS);
  const page: ParsedNodePage = { ok: true, apiVersion: listed.apiVersion, kind: listed.kind, nodes: items, raw, problems };
  const meta = listMetadata(listed.list?.metadata, problems);
  if (meta.continueToken !== undefined) page.continueToken = meta.continueToken;
  if (meta.remainingItemCount !== undefined) page.remainingItemCount = meta.remainingItemCount;
  return page;
}

/** Decodes and parses a ListPoolNodes body given as text (a byte order mark before it is skipped). */
export function parseNodeListText(text: string, source: string): NodePageParse {
  const decoded = decodeJson(text, source, NODE_TEXTS);
  return decoded.ok ? parseNodeList(decoded.body, source) : decoded;
}
