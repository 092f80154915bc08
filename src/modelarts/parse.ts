import * as l10n from '@vscode/l10n';
import type { Pool } from './types';

/**
 * Turns unknown JSON into the ListPools types without ever throwing on one
 * bad pool. Valid objects are used as they are (no copy); an object with a
 * wrong-typed field is copied without that field, and a warning says where.
 */

/** Something the parser skipped or dropped, with where it was. */
export interface ParseProblem {
  /** Index of the item in `items`, when the problem is inside one. */
  index?: number;
  /** JSON path, e.g. `items[3].spec.resources[0].count`. */
  path: string;
  message: string;
  /** `skipped`: the whole pool is left out; `dropped`: one field is. */
  severity: 'skipped' | 'dropped';
}

export interface ParsedPools {
  ok: true;
  apiVersion?: string;
  kind?: string;
  pools: Pool[];
  /** Each pool's item exactly as received, by name. */
  raw: Map<string, unknown>;
  problems: ParseProblem[];
}

export interface ParseFailure {
  ok: false;
  /** One clear sentence naming the source and what is wrong. */
  error: string;
}

export type ParseResult = ParsedPools | ParseFailure;

// ---- schema -------------------------------------------------------------

/**
 * Largest node count taken as reported. Counts beyond it (1e308 and the
 * like), negative or fractional ones are dropped with a warning, so they are
 * shown as not reported and sums of them stay finite.
 */
export const MAX_NODE_COUNT = 1_000_000;

/** What a value must be; `null` always counts as absent. */
export type Schema =
  | 'string'
  | 'number'
  /** A node count: a whole number from 0 to MAX_NODE_COUNT. */
  | 'count'
  | 'stringArray'
  | 'stringMap'
  /** Resource quantities ("3920m", "8"): an object of strings; finite numbers are taken and kept as strings. */
  | 'quantityMap'
  | { readonly object: readonly Field[] }
  | { readonly array: Schema };

/** A field of an object schema, with its path segment made once. */
export interface Field {
  readonly key: string;
  readonly schema: Schema;
  /** `.key`, for messages. */
  readonly segment: string;
}

export const fields = (spec: Record<string, Schema>): Field[] =>
  Object.entries(spec).map(([key, schema]) => ({ key, schema, segment: `.${key}` }));
export const obj = (spec: Record<string, Schema>): Schema => ({ object: fields(spec) });
export const arr = (item: Schema): Schema => ({ array: item });

const NODE_AZ = obj({ az: 'string', count: 'count' });
const CREATING_STEP = obj({ step: 'number', type: 'string' });
const FLAVOR_COUNT = obj({
  flavor: 'string',
  count: 'count',
  maxCount: 'count',
  azs: arr(NODE_AZ),
  creatingStep: CREATING_STEP,
});
const POOL_RESOURCE = obj({
  flavor: 'string',
  count: 'count',
  maxCount: 'count',
  azs: arr(NODE_AZ),
  tags: arr(obj({ key: 'string', value: 'string' })),
  extendParams: obj({ dockerBaseSize: 'string', postInstall: 'string' }),
  creatingStep: CREATING_STEP,
  rootVolume: obj({ volumeType: 'string', size: 'string' }),
  dataVolumes: arr(
    obj({ volumeType: 'string', size: 'string', count: 'count', extendParams: obj({ volumeGroup: 'string' }) }),
  ),
  volumeGroupConfigs: arr(
    obj({
      volumeGroup: 'string',
      dockerThinPool: 'number',
      lvmConfig: obj({ lvType: 'string', path: 'string' }),
      types: 'stringArray',
    }),
  ),
});
const DRIVER_STATUS = obj({ version: 'string', state: 'string' });

/** Pool minus metadata.name, which is checked first (a pool without it is skipped). */
const POOL_FIELDS = fields({
  apiVersion: 'string',
  kind: 'string',
  spec: obj({
    type: 'string',
    scope: 'stringArray',
    resources: arr(POOL_RESOURCE),
    network: obj({ name: 'string' }),
    containerNetwork: obj({ mode: 'string', cidr: 'string' }),
    kubernetesSvcIpRange: 'string',
    masters: arr(obj({ az: 'string' })),
    clusterFlavor: 'string',
    driver: obj({ gpuVersion: 'string', npuVersion: 'string', updateStrategy: 'string' }),
  }),
  status: obj({
    phase: 'string',
    message: 'string',
    resources: obj({
      creating: arr(FLAVOR_COUNT),
      available: arr(FLAVOR_COUNT),
      abnormal: arr(FLAVOR_COUNT),
      deleting: arr(FLAVOR_COUNT),
    }),
    scope: arr(
      obj({
        scopeType: 'string',
        state: 'string',
        plugins: arr(obj({ name: 'string', phase: 'string' })),
        message: 'string',
      }),
    ),
    driver: obj({ gpu: DRIVER_STATUS, npu: DRIVER_STATUS }),
    parent: 'string',
    root: 'string',
  }),
});
const METADATA_FIELDS = fields({
  creationTimestamp: 'string',
  labels: 'stringMap',
  annotations: 'stringMap',
});

// ---- validation -----------------------------------------------------------

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short name for a JSON value's type, for messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return l10n.t('an array');
  switch (typeof value) {
    case 'string':
      return l10n.t('a string');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('a boolean');
    case 'object':
      return l10n.t('an object');
    default:
      return typeof value;
  }
}

function expected(schema: Schema): string {
  if (schema === 'string') return l10n.t('a string');
  if (schema === 'number' || schema === 'count') return l10n.t('a number');
  if (schema === 'stringArray') return l10n.t('an array of strings');
  if (schema === 'stringMap' || schema === 'quantityMap') return l10n.t('an object of strings');
  return 'array' in schema ? l10n.t('an array') : l10n.t('an object');
}

/** Sentinel for "drop this value". */
const DROP = Symbol('drop');

interface Ctx {
  index: number;
  problems: ParseProblem[];
  /**
   * Where the value being checked is: preformatted segments (`items[3]`,
   * `.spec`) and array indexes. Joined into a path only when a problem is
   * recorded, so valid data costs no string building.
   */
  path: (string | number)[];
}

function pathText(ctx: Ctx, last?: string): string {
  let text = '';
  for (const part of ctx.path) text += typeof part === 'number' ? `[${part}]` : part;
  return last === undefined ? text : text + last;
}

function drop(ctx: Ctx, message: string, last?: string): typeof DROP {
  ctx.problems.push({ index: ctx.index, path: pathText(ctx, last), message, severity: 'dropped' });
  return DROP;
}

/**
 * Returns `value` itself when it fits `schema`, a cleaned copy when only some
 * of it does, or DROP when it is of the wrong type altogether. `null` counts
 * as absent and is dropped silently. The value's place is ctx.path.
 */
function clean(value: unknown, schema: Schema, ctx: Ctx): unknown {
  if (value === null) return DROP;
  if (schema === 'string') {
    return typeof value === 'string' ? value : drop(ctx, l10n.t('expected {0}, got {1}', l10n.t('a string'), typeName(value)));
  }
  if (schema === 'number' || schema === 'count') {
    if (typeof value !== 'number') return drop(ctx, l10n.t('expected {0}, got {1}', l10n.t('a number'), typeName(value)));
    if (!Number.isFinite(value)) return drop(ctx, l10n.t('expected a finite number, got {0}', String(value)));
    if (schema === 'count' && !(Number.isInteger(value) && value >= 0 && value <= MAX_NODE_COUNT)) {
      return drop(ctx, l10n.t('expected a whole number from 0 to {0}, got {1}', MAX_NODE_COUNT, String(value)));
    }
    return value;
  }
  if (schema === 'stringArray' || schema === 'stringMap') {
    const isArray = schema === 'stringArray';
    if (isArray ? !Array.isArray(value) : !isPlainObject(value)) {
      return drop(ctx, l10n.t('expected {0}, got {1}', expected(schema), typeName(value)));
    }
    return cleanStrings(value as Record<string, unknown>, isArray, ctx);
  }
  if (schema === 'quantityMap') {
    if (!isPlainObject(value)) return drop(ctx, l10n.t('expected {0}, got {1}', expected(schema), typeName(value)));
    return cleanQuantities(value, ctx);
  }
  if ('array' in schema) {
    if (!Array.isArray(value)) return drop(ctx, l10n.t('expected {0}, got {1}', l10n.t('an array'), typeName(value)));
    let out: unknown[] | undefined;
    const depth = ctx.path.length;
    ctx.path.push(0);
    for (let i = 0; i < value.length; i++) {
      ctx.path[depth] = i;
      const item = clean(value[i], schema.array, ctx);
      if (item !== value[i] && !out) out = value.slice(0, i);
      if (out && item !== DROP) out.push(item);
    }
    ctx.path.length = depth;
    return out ?? value;
  }
  if (!isPlainObject(value)) return drop(ctx, l10n.t('expected {0}, got {1}', l10n.t('an object'), typeName(value)));
  return cleanFields(value, schema.object, ctx);
}

function cleanFields(value: Record<string, unknown>, spec: readonly Field[], ctx: Ctx): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const field of spec) {
    const v = value[field.key];
    if (v === undefined) continue;
    ctx.path.push(field.segment);
    const c = clean(v, field.schema, ctx);
    ctx.path.pop();
    if (c === v) continue;
    out ??= { ...value };
    if (c === DROP) delete out[field.key];
    else out[field.key] = c;
  }
  return out ?? value;
}

function cleanStrings(value: Record<string, unknown>, isArray: boolean, ctx: Ctx): unknown {
  let bad: string[] | undefined;
  for (const key in value) {
    const v = value[key];
    if (typeof v !== 'string') {
      (bad ??= []).push(key);
      if (v !== null) drop(ctx, l10n.t('expected {0}, got {1}', l10n.t('a string'), typeName(v)), isArray ? `[${key}]` : `["${key}"]`);
    }
  }
  if (!bad) return value;
  if (isArray) return (value as unknown as unknown[]).filter((v) => typeof v === 'string');
  const out: Record<string, unknown> = { ...value };
  for (const key of bad) delete out[key];
  return out;
}

/**
 * Quantities as strings: a finite number becomes its decimal string (the SDK
 * types say string, some servers send numbers); anything else is dropped.
 */
function cleanQuantities(value: Record<string, unknown>, ctx: Ctx): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    const v = value[key];
    if (typeof v === 'string') continue;
    out ??= { ...value };
    if (typeof v === 'number' && Number.isFinite(v)) {
      // defineProperty: a key such as "__proto__" is a key like any other.
      Object.defineProperty(out, key, { value: String(v), enumerable: true, writable: true, configurable: true });
      continue;
    }
    delete out[key];
    if (v !== null) drop(ctx, l10n.t('expected {0}, got {1}', l10n.t('a string'), typeName(v)), `["${key}"]`);
  }
  return out ?? value;
}

/**
 * The words that differ between the lists parsed here (pools, nodes): what
 * an item is, and what the response is called. The rest of the messages are
 * shared.
 */
export interface ListTexts {
  /** `item 3 is a string, not a pool object; skipped` */
  notAnObject(index: number, type: string): string;
  /** `item 11 repeats the pool name "a" of an earlier item; skipped` */
  repeatsName(index: number, name: string): string;
  /** The body is an object without `items`; `keys` lists (quoted) some of its keys, or is empty. */
  noItems(source: string, keys: string): string;
  /** `items` is not an array. */
  itemsNotArray(source: string, type: string): string;
  /** The body is neither an object nor an array. */
  notAList(source: string, type: string): string;
  /** The text is blank. */
  empty(source: string): string;
}

/** Checks one item: an object with a non-blank metadata.name. Returns the name, or undefined with a problem recorded. */
function itemName(item: unknown, index: number, path: string, ctx: Ctx, texts: ListTexts): string | undefined {
  const skip = (message: string): undefined => {
    ctx.problems.push({ index, path, message, severity: 'skipped' });
    return undefined;
  };
  if (!isPlainObject(item)) return skip(texts.notAnObject(index, typeName(item)));
  const metadata = item.metadata;
  if (!isPlainObject(metadata)) {
    return skip(
      metadata === undefined
        ? l10n.t('item {0} has no metadata; skipped', index)
        : l10n.t('item {0} has metadata of the wrong type ({1}); skipped', index, typeName(metadata)),
    );
  }
  const name = metadata.name;
  if (typeof name !== 'string' || name.trim() === '') {
    return skip(
      name === undefined
        ? l10n.t('item {0} has no metadata.name; skipped', index)
        : typeof name === 'string'
          ? l10n.t('item {0} has an invalid metadata.name ({1}, empty); skipped', index, typeName(name))
          : l10n.t('item {0} has an invalid metadata.name ({1}); skipped', index, typeName(name)),
    );
  }
  return name;
}

/** Validates one item of `items` against `itemFields` (plus the shared metadata fields); undefined (with a problem recorded) when it is skipped. */
function parseItem(item: unknown, index: number, itemFields: readonly Field[], ctx: Ctx, texts: ListTexts): unknown {
  const path = `items[${index}]`;
  if (itemName(item, index, path, ctx, texts) === undefined) return undefined;
  const valid = item as Record<string, unknown>;
  const metadata = valid.metadata as Record<string, unknown>;
  ctx.path.length = 0;
  ctx.path.push(path, '.metadata');
  const cleanMeta = cleanFields(metadata, METADATA_FIELDS, ctx);
  ctx.path.pop();
  let out = cleanFields(valid, itemFields, ctx);
  if (cleanMeta !== metadata) out = { ...out, metadata: cleanMeta };
  return out;
}

/** The items of a list body (an object with `items`, or a bare array), or one clear error. */
export function listItems(
  body: unknown,
  source: string,
  texts: ListTexts,
): { ok: true; items: readonly unknown[]; list?: Record<string, unknown>; apiVersion?: string; kind?: string } | ParseFailure {
  if (Array.isArray(body)) return { ok: true, items: body };
  if (!isPlainObject(body)) return { ok: false, error: texts.notAList(source, typeName(body)) };
  if (!('items' in body)) {
    const keys = Object.keys(body).slice(0, 5);
    return { ok: false, error: texts.noItems(source, keys.map((k) => JSON.stringify(k)).join(', ')) };
  }
  const items = body.items;
  if (!Array.isArray(items)) return { ok: false, error: texts.itemsNotArray(source, typeName(items)) };
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : undefined;
  const kind = typeof body.kind === 'string' ? body.kind : undefined;
  return { ok: true, items, list: body, apiVersion, kind };
}

/**
 * Validates every item: skipped ones (not an object, no name, a name seen
 * before) are reported with their index; the others are kept in order, each
 * raw item by name. Linear in the size of the items.
 */
export function parseItems<T extends { metadata: { name: string } }>(
  list: readonly unknown[],
  itemFields: readonly Field[],
  texts: ListTexts,
): { items: T[]; raw: Map<string, unknown>; problems: ParseProblem[] } {
  const ctx: Ctx = { index: 0, problems: [], path: [] };
  const items: T[] = [];
  const raw = new Map<string, unknown>();
  for (let i = 0; i < list.length; i++) {
    ctx.index = i;
    const item = parseItem(list[i], i, itemFields, ctx, texts) as T | undefined;
    if (!item) continue;
    const name = item.metadata.name;
    if (raw.has(name)) {
      ctx.problems.push({ index: i, path: `items[${i}].metadata.name`, message: texts.repeatsName(i, name), severity: 'skipped' });
      continue;
    }
    raw.set(name, list[i]);
    items.push(item);
  }
  return { items, raw, problems: ctx.problems };
}

/** Decodes JSON text (a byte order mark before it is skipped), or gives one clear error naming `source`. */
export function decodeJson(text: string, source: string, texts: Pick<ListTexts, 'empty'>): { ok: true; body: unknown } | ParseFailure {
  try {
    return { ok: true, body: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (e) {
    const trimmed = text.trim();
    if (trimmed === '') return { ok: false, error: texts.empty(source) };
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: trimmed.startsWith('<')
        ? l10n.t('{0} is not valid JSON (it looks like HTML or XML): {1}.', source, reason)
        : l10n.t('{0} is not valid JSON: {1}.', source, reason),
    };
  }
}

const POOL_TEXTS: ListTexts = {
  notAnObject: (index, type) => l10n.t('item {0} is {1}, not a pool object; skipped', index, type),
  repeatsName: (index, name) => l10n.t('item {0} repeats the pool name "{1}" of an earlier item; skipped', index, name),
  noItems: (source, keys) =>
    keys
      ? l10n.t('{0} is not a ListPools response: expected an object with "items" (or an array of pools), found keys {1}.', source, keys)
      : l10n.t('{0} is not a ListPools response: expected an object with "items" (or an array of pools), found an empty object.', source),
  itemsNotArray: (source, type) => l10n.t('{0} is not a ListPools response: "items" is {1}, expected an array of pools.', source, type),
  notAList: (source, type) =>
    l10n.t('{0} is not a ListPools response: the JSON is {1}, expected an object with "items" or an array of pools.', source, type),
  empty: (source) => l10n.t('{0} is empty: expected a ListPools JSON response.', source),
};

/** Parses an already-decoded ListPools body (or a bare array of pools). */
export function parsePoolList(body: unknown, source: string): ParseResult {
  const listed = listItems(body, source, POOL_TEXTS);
  if (!listed.ok) return listed;
  const { items, raw, problems } = parseItems<Pool>(listed.items, POOL_FIELDS, POOL_TEXTS);
  return { ok: true, apiVersion: listed.apiVersion, kind: listed.kind, pools: items, raw, problems };
}

/** Decodes and parses a ListPools body given as text (a byte order mark before it is skipped). */
export function parsePoolListText(text: string, source: string): ParseResult {
  const decoded = decodeJson(text, source, POOL_TEXTS);
  return decoded.ok ? parsePoolList(decoded.body, source) : decoded;
}
