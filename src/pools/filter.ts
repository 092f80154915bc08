import * as l10n from '@vscode/l10n';
import { cut } from '../modelarts/errors';
import type { ListPoolsQuery, ListPoolsStatusParam, Pool } from '../modelarts/types';
import { LIST_POOLS_STATUS_PARAMS, POOL_PHASES } from '../modelarts/types';
import { declaredParent } from './hierarchy';
import type { LabelSelector } from './selector';
import { MAX_LABEL_SELECTOR_LENGTH, formatSelector, matchesSelector, parseSelector } from './selector';
import { displayName, isKnownPhase, phaseOf } from './summary';

/**
 * The tree's filter: which pools to show. Every term is optional; a pool is
 * shown when it matches every active term, and the ancestors of shown pools
 * are kept as context so the hierarchy still reads.
 */
export interface PoolFilter {
  /** Phase names to keep; "unknown" stands for a missing or undocumented phase. Empty = any. */
  phases?: readonly string[];
  /** Kubernetes-style label selector text (see selector.ts). */
  labelSelector?: string;
  /** Case-insensitive substring of the display name or the pool name (ID). */
  name?: string;
  /** The API's own status parameter: applied by the server on live sources, ignored locally. */
  statusParam?: ListPoolsStatusParam;
  /** Show only the direct children of this pool (by `status.parent`). */
  parent?: string;
}

export interface FilterResult {
  /** Names of the pools that match every active term. */
  matched: Set<string>;
  /** Names of ancestors of matched pools, not matched themselves: shown only for context. */
  context: Set<string>;
  /** Set when the filter cannot be applied (invalid selector); nothing is matched then. */
  error?: string;
}

/** Stands for a missing, empty or undocumented phase in filters and counts. */
export const UNKNOWN_PHASE = 'unknown';

/** Every phase a status filter can choose, in display order. */
export const FILTER_PHASES: readonly string[] = [...POOL_PHASES, UNKNOWN_PHASE];

/** The pool's phase for filtering: a documented phase, else "unknown". */
export function phaseKey(pool: Pool): string {
  const phase = phaseOf(pool);
  return typeof phase === 'string' && isKnownPhase(phase) ? phase : UNKNOWN_PHASE;
}

function nonBlank(value: string | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Longest name filter accepted, in UTF-16 code units (pool names and display names are far shorter). */
export const MAX_NAME_FILTER_LENGTH = 256;

/** Longest label selector accepted (the parser's limit), re-exported for the filter UI. */
export { MAX_LABEL_SELECTOR_LENGTH };

/** Longest parent pool name kept from a saved filter. */
export const MAX_PARENT_LENGTH = 1024;

/** Longest text of one term shown in a filter's description. */
const DESCRIBE_TERM_MAX = 120;

/** Why a name filter text cannot be used (too long), or undefined when it can. */
export function nameFilterProblem(text: string): string | undefined {
  if (text.length <= MAX_NAME_FILTER_LENGTH) return undefined;
  return l10n.t('The name filter is too long: {0} characters, at most {1} are accepted.', text.length, MAX_NAME_FILTER_LENGTH);
}

/**
 * Lower-cased pool names and display names, built once per pools array (like
 * the name index), so each keystroke of the name filter only searches.
 */
const lowerNames = new WeakMap<readonly Pool[], { length: number; names: string[]; labels: string[] }>();

function lowerNameIndex(pools: readonly Pool[]): { names: string[]; labels: string[] } {
  const cached = lowerNames.get(pools);
  if (cached && cached.length === pools.length) return cached;
  const names: string[] = new Array<string>(pools.length);
  const labels: string[] = new Array<string>(pools.length);
  for (let i = 0; i < pools.length; i++) {
    names[i] = pools[i].metadata.name.toLowerCase();
    labels[i] = displayName(pools[i]).toLowerCase();
  }
  const entry = { length: pools.length, names, labels };
  lowerNames.set(pools, entry);
  return entry;
}

/** True when any term of the filter is set (including the server-only status). */
export function isFilterActive(filter: PoolFilter): boolean {
  return (
    (filter.phases?.length ?? 0) > 0 ||
    nonBlank(filter.labelSelector) !== undefined ||
    nonBlank(filter.name) !== undefined ||
    filter.statusParam !== undefined ||
    nonBlank(filter.parent) !== undefined
  );
}

/**
 * Pools by name, built once per pools array (a snapshot's array never
 * changes), so filtering again as the user types does not rebuild it.
 */
const indexes = new WeakMap<readonly Pool[], { length: number; byName: Map<string, Pool> }>();

function nameIndex(pools: readonly Pool[]): ReadonlyMap<string, Pool> {
  const cached = indexes.get(pools);
  if (cached && cached.length === pools.length) return cached.byName;
  const byName = new Map<string, Pool>();
  for (const pool of pools) if (!byName.has(pool.metadata.name)) byName.set(pool.metadata.name, pool);
  indexes.set(pools, { length: pools.length, byName });
  return byName;
}

/**
 * Applies the local terms (phases, label selector, name, parent) to `pools`.
 * The selector is parsed once; the per-pool loop allocates nothing unless the
 * pool matches. Context follows each matched pool up through its declared
 * parent (its `status.parent`, else a root other than itself, as the tree
 * does), stopping at a missing pool, a matched pool or one already visited,
 * so cycles end. `pools` must not be mutated after the first call (the name
 * index is cached per array).
 */
export function applyFilter(pools: readonly Pool[], filter: PoolFilter): FilterResult {
  const matched = new Set<string>();
  const context = new Set<string>();

  const phases = filter.phases && filter.phases.length > 0 ? new Set(filter.phases) : undefined;
  let selector: LabelSelector | undefined;
  const selectorText = nonBlank(filter.labelSelector);
  if (selectorText !== undefined) {
    const parsed = parseSelector(selectorText);
    if (!parsed.ok) return { matched, context, error: l10n.t('Invalid label selector: {0}', parsed.message) };
    if (parsed.selector.length > 0) selector = parsed.selector;
  }
  const rawName = nonBlank(filter.name);
  if (rawName !== undefined) {
    const problem = nameFilterProblem(rawName);
    if (problem) return { matched, context, error: problem };
  }
  // A plain case-insensitive substring: never a pattern, so linear whatever is typed.
  const needle = rawName?.trim().toLowerCase();
  const lower = needle !== undefined ? lowerNameIndex(pools) : undefined;
  const parent = nonBlank(filter.parent)?.trim();

  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i];
    if (phases && !phases.has(phaseKey(pool))) continue;
    if (parent !== undefined && pool.status?.parent !== parent) continue;
    if (selector && !matchesSelector(selector, pool.metadata.labels)) continue;
    if (lower && needle !== undefined && !lower.names[i].includes(needle) && !lower.labels[i].includes(needle)) continue;
    matched.add(pool.metadata.name);
  }
  if (matched.size === 0 || matched.size === pools.length) return { matched, context };

  const byName = nameIndex(pools);
  for (const name of matched) {
    let current = byName.get(name);
    while (current) {
      const up = declaredParent(current)?.name;
      if (up === undefined || matched.has(up) || context.has(up)) break;
      current = byName.get(up);
      if (current) context.add(up);
    }
  }
  return { matched, context };
}

/** Phases in display order, unrecognised names last in their given order, no repeats. */
function orderedPhases(phases: readonly string[]): string[] {
  const chosen = new Set(phases);
  const known = FILTER_PHASES.filter((p) => chosen.has(p));
  const other = [...chosen].filter((p) => !FILTER_PHASES.includes(p));
  return [...known, ...other];
}

/**
 * The active filter for the view description, e.g.
 * `status: Abnormal, Error · label: os.modelarts/sharing=shared · name: "gpu"`;
 * empty when no filter is active. `nameOf` may turn the parent's pool name
 * into its display name.
 */
export function describeFilter(filter: PoolFilter, nameOf?: (poolName: string) => string | undefined): string {
  const parts: string[] = [];
  if (filter.phases && filter.phases.length > 0) parts.push(l10n.t('status: {0}', orderedPhases(filter.phases).join(', ')));
  if (filter.statusParam !== undefined) parts.push(l10n.t('server status: {0}', filter.statusParam));
  const selectorText = nonBlank(filter.labelSelector);
  if (selectorText !== undefined) {
    const parsed = parseSelector(selectorText);
    parts.push(l10n.t('label: {0}', cut(parsed.ok ? formatSelector(parsed.selector) : selectorText.trim(), DESCRIBE_TERM_MAX)));
  }
  const name = nonBlank(filter.name);
  if (name !== undefined) parts.push(l10n.t('name: "{0}"', cut(name.trim(), DESCRIBE_TERM_MAX)));
  const parent = nonBlank(filter.parent)?.trim();
  if (parent !== undefined) parts.push(l10n.t('children of: {0}', cut(nameOf?.(parent) ?? parent, DESCRIBE_TERM_MAX)));
  return parts.join(' · ');
}

/**
 * A filter restored from workspace state (or any untrusted value): terms of
 * the wrong type or with unknown values are dropped, as is a label selector
 * that does not parse (a too-long one included), a name filter longer than
 * MAX_NAME_FILTER_LENGTH and a parent longer than MAX_PARENT_LENGTH, so a
 * saved filter can never make every later load fail; phases are
 * de-duplicated and kept only if known.
 */
export function normalizeFilter(value: unknown): PoolFilter {
  const filter: PoolFilter = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return filter;
  const own = (key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined);

  const phases = own('phases');
  if (Array.isArray(phases)) {
    const known = orderedPhases(phases.filter((p): p is string => typeof p === 'string' && FILTER_PHASES.includes(p)));
    if (known.length > 0) filter.phases = known;
  }
  const selector = own('labelSelector');
  if (typeof selector === 'string' && selector.trim() !== '' && parseSelector(selector).ok) {
    filter.labelSelector = selector.trim();
  }
  const name = own('name');
  if (typeof name === 'string' && name.trim() !== '' && nameFilterProblem(name) === undefined) filter.name = name;
  const status = own('statusParam');
  if (typeof status === 'string' && (LIST_POOLS_STATUS_PARAMS as readonly string[]).includes(status)) {
    filter.statusParam = status as ListPoolsStatusParam;
  }
  const parent = own('parent');
  if (typeof parent === 'string' && parent.trim() !== '' && parent.length <= MAX_PARENT_LENGTH) filter.parent = parent.trim();
  return filter;
}

/**
 * The query parameters a live source sends for this filter: the selector in
 * canonical text (omitted if blank or invalid), the server status and the
 * parent. Phases and name are local only.
 */
export function toListPoolsQuery(filter: PoolFilter): Pick<ListPoolsQuery, 'labelSelector' | 'status' | 'parent'> {
  const query: Pick<ListPoolsQuery, 'labelSelector' | 'status' | 'parent'> = {};
  const selectorText = nonBlank(filter.labelSelector);
  if (selectorText !== undefined) {
    const parsed = parseSelector(selectorText);
    if (parsed.ok && parsed.selector.length > 0) query.labelSelector = formatSelector(parsed.selector);
  }
  if (filter.statusParam !== undefined) query.status = filter.statusParam;
  const parent = nonBlank(filter.parent)?.trim();
  if (parent !== undefined) query.parent = parent;
  return query;
}

/** Number of pools in each phase of FILTER_PHASES (zeros included, in that order). */
export function countByPhase(pools: readonly Pool[]): Map<string, number> {
  const counts = new Map<string, number>(FILTER_PHASES.map((p) => [p, 0]));
  for (const pool of pools) {
    const key = phaseKey(pool);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
