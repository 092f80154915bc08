import * as l10n from '@vscode/l10n';
import { ItemTokens } from '../common/constants';
import type { ParseProblem } from '../modelarts/parse';
import type { FilterOutcome, PoolVisibility } from './filterView';
import { poolCount } from './filterView';
import type { PoolNode, TopReason } from './hierarchy';
import { describeTopReason } from './hierarchy';
import type { LoadErrorKind, PoolSnapshot } from './store';
import { describePool, displayName, listSeparator, phaseOf, phaseStyle } from './summary';

/**
 * What the rows of the pools tree are, in plain code: the message rows (a
 * failed load, problems in the data, a filter that hides everything, an empty
 * source, loading) and what a pool row says. `tree/` only draws them.
 */

/** What clicking a message row does. */
export type RowAction = 'retry' | 'configureCredentials' | 'clearFilters' | 'showLog';

export type MessageTone = 'error' | 'warning' | 'info' | 'loading';

/** A line of text in the tree. */
export interface MessageRow {
  readonly type: 'message';
  readonly id: string;
  readonly tone: MessageTone;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly action?: RowAction;
  /** contextValue tokens besides `error` / `message`. */
  readonly tokens: readonly string[];
  readonly children?: readonly MessageRow[];
}

/** A pool at the top of the tree. */
export interface PoolRow {
  readonly type: 'pool';
  readonly node: PoolNode;
}

export type TopRow = MessageRow | PoolRow;

/** What the tree shows at the top for one state of the view. */
export interface TopState {
  snapshot: PoolSnapshot | undefined;
  loading: boolean;
  filter: FilterOutcome | undefined;
  /** The grouping's roots, in order. */
  roots: readonly PoolNode[];
  visibility: PoolVisibility;
}

/** How each kind of failed load is mended besides waiting: the row's action. */
const ERROR_ACTIONS: Record<LoadErrorKind, { action: 'configureCredentials' | 'retry'; tokens: readonly string[] }> = {
  auth: { action: 'configureCredentials', tokens: [ItemTokens.retry, ItemTokens.auth] },
  credentials: { action: 'configureCredentials', tokens: [ItemTokens.retry, ItemTokens.auth] },
  config: { action: 'retry', tokens: [ItemTokens.retry] },
  load: { action: 'retry', tokens: [ItemTokens.retry] },
};

/** The action's title (the row's description) and what the tooltip says a click does. */
function actionTexts(action: 'configureCredentials' | 'retry'): { title: string; click: string } {
  return action === 'retry'
    ? { title: l10n.t('Retry'), click: l10n.t('Click to retry.') }
    : { title: l10n.t('Configure Credentials…'), click: l10n.t('Click to configure credentials.') };
}

/** The row of a load that failed as a whole. */
export function errorRow(error: string, kind: LoadErrorKind = 'load'): MessageRow {
  const way = ERROR_ACTIONS[kind];
  const texts = actionTexts(way.action);
  return {
    type: 'message',
    id: 'error',
    tone: 'error',
    label: error,
    description: texts.title,
    tooltip: `${error}\n\n${texts.click}`,
    action: way.action,
    tokens: way.tokens,
  };
}

/** Problem rows shown at most; the rest are in the log. */
export const PROBLEMS_SHOWN = 200;

/** "Problems in the data: …", expanding to one row per problem. */
export function problemsRow(problems: readonly ParseProblem[]): MessageRow {
  const skipped = problems.filter((p) => p.severity === 'skipped').length;
  const dropped = problems.length - skipped;
  const parts: string[] = [];
  if (skipped) parts.push(skipped === 1 ? l10n.t('1 pool skipped') : l10n.t('{0} pools skipped', skipped));
  if (dropped) parts.push(dropped === 1 ? l10n.t('1 field left out') : l10n.t('{0} fields left out', dropped));
  const children: MessageRow[] = problems.slice(0, PROBLEMS_SHOWN).map((p, i) => ({
    type: 'message',
    id: `problems:${i}`,
    tone: p.severity === 'skipped' ? 'warning' : 'info',
    label: p.severity === 'skipped' ? p.message : `${p.path}: ${p.message}`,
    tooltip: `${p.path}: ${p.message}`,
    tokens: [],
  }));
  if (problems.length > PROBLEMS_SHOWN) {
    children.push({
      type: 'message',
      id: 'problems:more',
      tone: 'info',
      label: l10n.t('…and {0} more (see the ModelArts log)', problems.length - PROBLEMS_SHOWN),
      action: 'showLog',
      tokens: [],
    });
  }
  return {
    type: 'message',
    id: 'problems',
    tone: 'warning',
    label: l10n.t('Problems in the data: {0}', parts.join(listSeparator())),
    tooltip: l10n.t('Some of the data did not match the ListPools format. Everything else is shown. See the ModelArts log for details.'),
    tokens: [],
    children,
  };
}

/** The row of a filter that cannot be applied or hides every pool; undefined otherwise. */
export function filterRow(filter: FilterOutcome | undefined): MessageRow | undefined {
  if (filter?.error) {
    return {
      type: 'message',
      id: 'filter-error',
      tone: 'error',
      label: filter.error,
      description: l10n.t('Clear Filters'),
      tooltip: `${filter.error}\n\n${l10n.t('Click to clear the filters.')}`,
      action: 'clearFilters',
      tokens: [],
    };
  }
  if (filter?.hidesEverything) {
    return {
      type: 'message',
      id: 'filter-empty',
      tone: 'info',
      label: l10n.t('No pools match the filter'),
      description: l10n.t('Clear Filters'),
      tooltip: `${filter.text ? l10n.t('The filter ({0}) hides all {1}.', filter.text, poolCount(filter.total)) : l10n.t('The filter hides all {0}.', poolCount(filter.total))}\n\n${l10n.t('Click to clear the filters.')}`,
      action: 'clearFilters',
      tokens: [],
    };
  }
  return undefined;
}

/** The row of a load with no pools at all (the server may have filtered them). */
export function emptyRow(snapshot: PoolSnapshot, filter: FilterOutcome | undefined): MessageRow | undefined {
  if (snapshot.error || snapshot.pools.length > 0) return undefined;
  const filtered = (filter?.active ?? false) && snapshot.serverQuery !== undefined;
  const label = snapshot.source.label;
  return filtered
    ? { type: 'message', id: 'empty', tone: 'info', label: l10n.t('No pools in {0} match the filter.', label), description: l10n.t('Clear Filters'), action: 'clearFilters', tokens: [] }
    : { type: 'message', id: 'empty', tone: 'info', label: l10n.t('No pools in {0}.', label), tokens: [] };
}

/** The row shown while the first load runs. */
export function loadingRow(): MessageRow {
  return { type: 'message', id: 'loading', tone: 'loading', label: l10n.t('Loading pools…'), tokens: [] };
}

/**
 * The top of the tree: before the first load, a spinner while loading; then
 * the error, problems and filter rows, the shown root pools, and a row when
 * the load has no pools.
 */
export function topRows(state: TopState): TopRow[] {
  const { snapshot, filter } = state;
  if (!snapshot) return state.loading ? [loadingRow()] : [];
  const rows: TopRow[] = [];
  if (snapshot.error) rows.push(errorRow(snapshot.error, snapshot.errorKind));
  if (snapshot.problems.length) rows.push(problemsRow(snapshot.problems));
  const filterMessage = filterRow(filter);
  if (filterMessage) rows.push(filterMessage);
  for (const node of state.roots) if (state.visibility.isShown(node.name)) rows.push({ type: 'pool', node });
  const empty = emptyRow(snapshot, filter);
  if (empty) rows.push(empty);
  return rows;
}

/** What a pool row shows. */
export interface PoolRowView {
  label: string;
  description: string;
  /** Codicon id and ThemeColor id of the phase. */
  icon: { id: string; color?: string };
  /** The row has children to expand. */
  collapsible: boolean;
  /** contextValue tokens. */
  tokens: string[];
  /** What a screen reader says. */
  accessibilityLabel: string;
  /** Lines the tooltip adds after the pool's own: why it is at the top, why it is shown for context. */
  tooltipExtra: string[];
}

/** Why a pool is at the top, unless it is there because its parent's children were asked for. */
export function shownTopReason(node: PoolNode, visibility: PoolVisibility): TopReason | undefined {
  const reason = node.topReason;
  const under = visibility.listedUnder;
  if (reason && under !== undefined && reason.kind === 'missingParent' && reason.parent === under) return undefined;
  return reason;
}

/** The children of a pool that the filter shows. */
export function shownChildren(node: PoolNode, visibility: PoolVisibility): PoolNode[] {
  return node.children.filter((c) => visibility.isShown(c.name));
}

/** The row of a pool: label, description, icon, tokens and tooltip lines. */
export function poolRowView(node: PoolNode, visibility: PoolVisibility): PoolRowView {
  const pool = node.pool;
  const collapsible = shownChildren(node, visibility).length > 0;
  const style = phaseStyle(phaseOf(pool));
  const contextOnly = visibility.isContextOnly(node.name);
  const topReason = shownTopReason(node, visibility);
  let description = describePool(pool);
  if (topReason) description = description ? `${description} · ${l10n.t('not under its parent')}` : l10n.t('not under its parent');
  if (contextOnly) description = description ? `${description} · ${l10n.t('(context)')}` : l10n.t('(context)');
  const tokens: string[] = [ItemTokens.pool];
  if (collapsible) tokens.push(ItemTokens.hasChildren);
  if (contextOnly) tokens.push(ItemTokens.context);
  if (topReason) tokens.push(ItemTokens.orphan);
  const tooltipExtra: string[] = [];
  if (topReason) tooltipExtra.push(l10n.t('Shown at the top level: {0}', describeTopReason(topReason)));
  if (contextOnly) tooltipExtra.push(l10n.t('Shown for context: it does not match the filter, a pool under it does.'));
  const label = displayName(pool);
  return {
    label,
    description,
    icon: { id: style.icon, ...(style.color ? { color: style.color } : {}) },
    collapsible,
    tokens,
    accessibilityLabel: description ? l10n.t('{0}, {1}, {2}', label, style.label, description) : l10n.t('{0}, {1}', label, style.label),
    tooltipExtra,
  };
}

/** Matches at most this many are brought on screen by expanding their ancestors. */
export const REVEAL_MATCHES_MAX = 50;

/**
 * The pools to reveal after a filter change, so that its matches are on
 * screen: with few matches (at most REVEAL_MATCHES_MAX), those below the top
 * level, whose ancestors must be expanded. None when nothing is filtered
 * locally or the result is larger (it stays collapsed; the view's message
 * gives the count).
 */
export function matchesToReveal(filter: FilterOutcome | undefined, nodeOf: (name: string) => PoolNode | undefined): string[] {
  const matched = filter?.matched;
  if (!filter?.active || !matched || matched.size === 0 || matched.size > REVEAL_MATCHES_MAX) return [];
  const out: string[] = [];
  for (const name of matched) {
    if (nodeOf(name)?.parent) out.push(name);
  }
  return out;
}

/**
 * Widths of the printable ASCII characters, in tenths of a pixel, in a wide
 * sans-serif UI font (DejaVu Sans, 13 px; Segoe UI and SF are narrower), so
 * that a text estimated to fit does fit.
 */
const ASCII_WIDTHS = [
  41, 52, 60, 109, 83, 124, 101, 36, 51, 51, 65, 109, 41, 47, 41, 44, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 44, 44, 109, 109, 109, 69,
  130, 93, 89, 91, 100, 82, 75, 101, 98, 38, 38, 85, 72, 112, 97, 102, 78, 102, 90, 83, 77, 95, 89, 129, 89, 79, 89, 51, 44, 51, 109, 65,
  65, 80, 83, 71, 83, 80, 45, 83, 82, 36, 36, 75, 36, 127, 82, 80, 83, 83, 51, 68, 51, 82, 77, 106, 77, 77, 68, 83, 44, 83, 109,
];

/** The estimated width of one character, in pixels (wide scripts as wide as the font size). */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 32 && code < 127) return ASCII_WIDTHS[code - 32] / 10;
  if (ch === '·') return 4.2;
  // CJK, Hangul, full-width forms and emoji take a full em.
  if ((code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f000) return 13;
  return 9;
}

/** The view's message line holds this many pixels of text in a 300 px side bar. */
export const MESSAGE_MAX_WIDTH_PX = 260;

/**
 * The view's description and message line: the source, then the active
 * filter (e.g. `Sample pools · status: Error`), with the match count when the
 * result is too large to reveal. The description has it all; the message,
 * which heads the tree on one line, is shortened to fit.
 */
export function viewTexts(
  sourceLabel: string | undefined,
  filterText: string,
  filter: FilterOutcome | undefined,
): { description?: string; message?: string } {
  const parts: string[] = [];
  if (sourceLabel) parts.push(sourceLabel);
  if (filter?.active && filter.matched && filter.matched.size > REVEAL_MATCHES_MAX) {
    parts.push(l10n.t('{0} matches', filter.matched.size));
  }
  if (filterText) parts.push(filterText);
  if (parts.length === 0) return {};
  const full = parts.join(' · ');
  return { description: full, message: fitWidth(full, MESSAGE_MAX_WIDTH_PX) };
}

/**
 * `text` as it fits in `maxPx` (estimated): all of it, or its start and "…".
 * Linear, and never splits a surrogate pair.
 */
export function fitWidth(text: string, maxPx: number): string {
  const ellipsis = charWidth('…');
  let width = 0;
  let cut = -1;
  let i = 0;
  for (const ch of text) {
    width += charWidth(ch);
    if (cut < 0 && width + ellipsis > maxPx) cut = i;
    if (width > maxPx) return `${text.slice(0, cut)}…`;
    i += ch.length;
  }
  return text;
}
