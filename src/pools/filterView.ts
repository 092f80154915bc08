import * as l10n from '@vscode/l10n';
import { STATUS_PARAM_PHASES, isListPoolsStatusParam } from '../modelarts/statusParam';
import type { ListPoolsStatusParam, Pool } from '../modelarts/types';
import type { ServerQuery } from './store';
import { LIST_POOLS_STATUS_PARAMS } from '../modelarts/types';
import type { FilterResult, PoolFilter } from './filter';
import { FILTER_PHASES, applyFilter, countByPhase, isFilterActive, toListPoolsQuery } from './filter';

/**
 * What the tree needs from a filter, decided in plain code so it is tested
 * in plain Node: which terms apply locally, which pools are shown and which
 * only for context, whether everything is hidden, and when a change of filter
 * needs a reload from the server.
 */

/** A filter applied to one load. */
export interface FilterOutcome {
  /** Any term is set (the view then says so). */
  active: boolean;
  /** Pools shown because they match; undefined when nothing is filtered locally (all shown). */
  matched?: ReadonlySet<string>;
  /** Pools shown only as ancestors of matched pools. */
  context: ReadonlySet<string>;
  /** The filter could not be applied (e.g. an invalid selector). */
  error?: string;
  /** Pools that pass (matched, or all when nothing is filtered locally). */
  shownCount: number;
  /** Pools in the load. */
  total: number;
  /** The filter hides every pool of a non-empty load. */
  hidesEverything: boolean;
  /** The filter in words (describeFilter), for messages. */
  text?: string;
  /** Live sources: the pool whose children the server was asked for (they are at the top on purpose). */
  listedUnder?: string;
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The terms applied on this machine. A load that the server filtered got
 * labelSelector, status and parent applied there (the server's answer is
 * authoritative, so they are not applied a second time here); phases and
 * name are always local. Loads of sources that filter nothing on the server
 * (samples, files) get every term applied locally; the API's `status` is
 * applied with the server's own mapping of statuses to phases.
 */
export function localTerms(filter: PoolFilter, appliedOnServer: boolean): PoolFilter {
  if (appliedOnServer) {
    const local: PoolFilter = {};
    if (filter.phases) local.phases = filter.phases;
    if (filter.name !== undefined) local.name = filter.name;
    return local;
  }
  const local: PoolFilter = { ...filter };
  delete local.statusParam;
  return local;
}

/**
 * Applies a filter to a load. When the server did not filter the load, the
 * API `status` term narrows the chosen phases to those the server would list
 * for it (an empty intersection hides everything).
 */
export function filterPools(pools: readonly Pool[], filter: PoolFilter, appliedOnServer: boolean): FilterOutcome {
  const active = isFilterActive(filter);
  const total = pools.length;
  const local = localTerms(filter, appliedOnServer);
  if (!appliedOnServer && filter.statusParam !== undefined) {
    const allowed = STATUS_PARAM_PHASES[filter.statusParam] as readonly string[];
    const phases = local.phases && local.phases.length > 0 ? local.phases.filter((p) => allowed.includes(p)) : [...allowed];
    if (phases.length === 0) return { active, matched: EMPTY, context: EMPTY, shownCount: 0, total, hidesEverything: total > 0 };
    local.phases = phases;
  }
  if (!isFilterActive(local)) return { active, context: EMPTY, shownCount: total, total, hidesEverything: false };
  const result: FilterResult = applyFilter(pools, local);
  const outcome: FilterOutcome = {
    active,
    matched: result.matched,
    context: result.context,
    shownCount: result.matched.size,
    total,
    hidesEverything: total > 0 && result.matched.size === 0,
  };
  if (result.error !== undefined) outcome.error = result.error;
  return outcome;
}

/** Which pools the tree shows, and which of them only for context. */
export interface PoolVisibility {
  isShown(name: string): boolean;
  isContextOnly(name: string): boolean;
  /**
   * The pool whose children were asked of the server ("Show Only This
   * Pool's Children" on a source that lists children): its children are at
   * the top on purpose, not orphans.
   */
  readonly listedUnder?: string;
}

export const SHOW_EVERY_POOL: PoolVisibility = { isShown: () => true, isContextOnly: () => false };

export function visibilityOf(outcome: FilterOutcome | undefined): PoolVisibility {
  const matched = outcome?.matched;
  const listedUnder = outcome?.listedUnder !== undefined ? { listedUnder: outcome.listedUnder } : {};
  if (!outcome || !matched) return outcome?.listedUnder !== undefined ? { ...SHOW_EVERY_POOL, ...listedUnder } : SHOW_EVERY_POOL;
  const context = outcome.context;
  return {
    isShown: (name) => matched.has(name) || context.has(name),
    isContextOnly: (name) => context.has(name),
    ...listedUnder,
  };
}

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Two outcomes show the same rows, the same ones as context. */
export function sameVisibility(a: FilterOutcome | undefined, b: FilterOutcome | undefined): boolean {
  return (
    sameSet(a?.matched, b?.matched) &&
    sameSet(a?.context ?? EMPTY, b?.context ?? EMPTY) &&
    a?.error === b?.error &&
    (a?.hidesEverything ?? false) === (b?.hidesEverything ?? false)
  );
}

/** The server-side query of a filter (labelSelector, status, parent), without workspaceId. */
export function serverQuery(filter: PoolFilter): ServerQuery {
  return toListPoolsQuery(filter);
}

/** Whether going from `before` to `after` changes what a source that filters on the server must ask it for. */
export function serverTermsChanged(before: PoolFilter, after: PoolFilter): boolean {
  const a = serverQuery(before);
  const b = serverQuery(after);
  return a.labelSelector !== b.labelSelector || a.status !== b.status || a.parent !== b.parent;
}

/** One line of the status QuickPick. */
export interface PhaseChoice {
  phase: string;
  count: number;
  picked: boolean;
}

/** The eight phases and "unknown" with the number of pools in each, the current ones picked. */
export function phaseChoices(pools: readonly Pool[], filter: PoolFilter): PhaseChoice[] {
  const counts = countByPhase(pools);
  const chosen = new Set(filter.phases ?? []);
  return FILTER_PHASES.map((phase) => ({ phase, count: counts.get(phase) ?? 0, picked: chosen.has(phase) }));
}

/** "1 pool", "3 pools". */
export function poolCount(n: number): string {
  return n === 1 ? l10n.t('1 pool') : l10n.t('{0} pools', n);
}

/**
 * The one server status kept when the QuickPick's selection changes: the one
 * just added, else the one still selected (the API takes a single value).
 */
export function pickServerStatus(before: readonly string[], after: readonly string[]): string | undefined {
  const added = after.filter((s) => !before.includes(s));
  return added.length > 0 ? added[added.length - 1] : after[0];
}

/**
 * A status filter given as a command argument (automation, tests): a list of
 * phases, or `{ phases?, statusParam? }`. Undefined when the argument is not
 * one (e.g. a tree node), so the command asks instead; unknown values give
 * an error naming the accepted ones.
 */
export function statusArgument(arg: unknown): { phases: string[]; statusParam?: ListPoolsStatusParam } | { error: string } | undefined {
  let phases: unknown;
  let statusParam: unknown;
  if (Array.isArray(arg)) {
    phases = arg;
  } else if (typeof arg === 'object' && arg !== null && ('phases' in arg || 'statusParam' in arg)) {
    phases = (arg as { phases?: unknown }).phases ?? [];
    statusParam = (arg as { statusParam?: unknown }).statusParam;
  } else {
    return undefined;
  }
  if (!Array.isArray(phases)) return { error: l10n.t('The phases must be a list.') };
  const bad = phases.find((p) => typeof p !== 'string' || !FILTER_PHASES.includes(p));
  if (bad !== undefined) return { error: l10n.t('Unknown phase {0}: use {1}.', JSON.stringify(bad), FILTER_PHASES.join(', ')) };
  if (statusParam !== undefined && !isListPoolsStatusParam(statusParam)) {
    return { error: l10n.t('Unknown status {0}: use {1}.', JSON.stringify(statusParam), LIST_POOLS_STATUS_PARAMS.join(', ')) };
  }
  return statusParam === undefined ? { phases: phases as string[] } : { phases: phases as string[], statusParam };
}
