import * as l10n from '@vscode/l10n';
import type { Pool, PoolPhase, PoolResourceFlavorCount, ResourceState } from '../modelarts/types';
import { MAX_NODE_COUNT } from '../modelarts/parse';
import { displayLanguage, isEnglish } from '../common/displayLanguage';
import { LABEL_DISPLAY_NAME, POOL_PHASES, RESOURCE_STATES } from '../modelarts/types';

/** What separates the items of a list in a row, e.g. "3/4 nodes, 1 abnormal". */
export function listSeparator(): string {
  return l10n.t({ message: ', ', comment: ['Separates the items of a list in a tree row, e.g. "3/4 nodes, 1 abnormal" or "2 pools skipped, 1 field left out".'] });
}

/** The user's name for a pool, else its generated name (the pool ID). */
export function displayName(pool: Pool): string {
  const label = pool.metadata.labels?.[LABEL_DISPLAY_NAME];
  return label && label.trim() !== '' ? label : pool.metadata.name;
}

/** The pool's phase as reported, or undefined when none is. */
export function phaseOf(pool: Pool): string | undefined {
  const phase = pool.status?.phase;
  return phase && phase !== '' ? phase : undefined;
}

export function isKnownPhase(phase: string | undefined): phase is PoolPhase {
  return phase !== undefined && (POOL_PHASES as readonly string[]).includes(phase);
}

/** Pool phases that mean something went wrong. */
export const FAILING_PHASES: readonly PoolPhase[] = ['Abnormal', 'Error', 'CreationFailed', 'ScalingFailed'];

export interface PhaseStyle {
  /** Codicon id, e.g. `pass` or `loading~spin`. */
  icon: string;
  /** ThemeColor id, or undefined for the default foreground. */
  color?: string;
  /** Whether the phase is one the API documents. */
  known: boolean;
  /** Text for people, e.g. "Creation failed" or "Unknown phase "Foo"". */
  label: string;
}

/** Icon and colour of each phase; the label is translated when asked for (the display language is known at activation). */
const STYLES: Record<PoolPhase, { icon: string; color: string; label: () => string }> = {
  Running: { icon: 'pass', color: 'testing.iconPassed', label: () => l10n.t('Running') },
  Creating: { icon: 'loading~spin', color: 'charts.blue', label: () => l10n.t('Creating') },
  Deleting: { icon: 'loading~spin', color: 'charts.orange', label: () => l10n.t('Deleting') },
  Waiting: { icon: 'clock', color: 'charts.yellow', label: () => l10n.t('Waiting') },
  Abnormal: { icon: 'warning', color: 'problemsWarningIcon.foreground', label: () => l10n.t('Abnormal') },
  Error: { icon: 'error', color: 'problemsErrorIcon.foreground', label: () => l10n.t('Error') },
  CreationFailed: { icon: 'error', color: 'problemsErrorIcon.foreground', label: () => l10n.t('Creation failed') },
  ScalingFailed: { icon: 'error', color: 'problemsErrorIcon.foreground', label: () => l10n.t('Scaling failed') },
};

export function phaseStyle(phase: string | undefined): PhaseStyle {
  if (isKnownPhase(phase)) {
    const style = STYLES[phase];
    return { icon: style.icon, color: style.color, label: style.label(), known: true };
  }
  return {
    icon: 'question',
    color: 'problemsInfoIcon.foreground',
    known: false,
    label: phase === undefined ? l10n.t('No phase reported') : l10n.t('Unknown phase "{0}"', phase),
  };
}

/** Node counts of one flavor in each state. */
export interface FlavorCounts {
  flavor: string;
  /** Desired count from spec.resources, when given. */
  count?: number;
  maxCount?: number;
  creating: number;
  available: number;
  abnormal: number;
  deleting: number;
}

/** The row of nodes with no flavor reported. */
const noFlavor = (): string => l10n.t('(no flavor)');

/**
 * A node count as reported, or undefined when it is not a whole number from
 * 0 to MAX_NODE_COUNT (1e308, Infinity, -3, 2.5 are not reported counts), so
 * no total can become Infinity or NaN.
 */
export function nodeCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_NODE_COUNT ? value : undefined;
}

/** Per-flavor counts from spec.resources and status.resources, flavors in first-seen order. */
export function flavorCounts(pool: Pool): FlavorCounts[] {
  const rows = new Map<string, FlavorCounts>();
  const none = noFlavor();
  const row = (flavor: string | undefined): FlavorCounts => {
    const key = flavor || none;
    let r = rows.get(key);
    if (!r) {
      r = { flavor: key, creating: 0, available: 0, abnormal: 0, deleting: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const res of pool.spec?.resources ?? []) {
    const r = row(res.flavor);
    const count = nodeCount(res.count);
    const maxCount = nodeCount(res.maxCount);
    if (count !== undefined) r.count = (r.count ?? 0) + count;
    if (maxCount !== undefined) r.maxCount = (r.maxCount ?? 0) + maxCount;
  }
  const status = pool.status?.resources;
  if (status) {
    for (const state of RESOURCE_STATES) {
      const list: PoolResourceFlavorCount[] | undefined = status[state];
      for (const item of list ?? []) row(item.flavor)[state] += nodeCount(item.count) ?? 0;
    }
  }
  return [...rows.values()];
}

export interface NodeTotals extends Record<ResourceState, number> {
  /** Sum of spec.resources counts, when any is given. */
  desired?: number;
}

export function nodeTotals(rows: readonly FlavorCounts[]): NodeTotals {
  const t: NodeTotals = { creating: 0, available: 0, abnormal: 0, deleting: 0 };
  for (const r of rows) {
    t.creating += r.creating;
    t.available += r.available;
    t.abnormal += r.abnormal;
    t.deleting += r.deleting;
    if (r.count !== undefined) t.desired = (t.desired ?? 0) + r.count;
  }
  return t;
}

/** `modelarts.vm.gpu.t4u8` → `vm.gpu.t4u8`: the prefix every flavor shares. */
export function shortFlavor(flavor: string): string {
  return flavor.startsWith('modelarts.') ? flavor.slice('modelarts.'.length) : flavor;
}

/** The flavor with the most nodes (desired, else present). */
export function mainFlavor(rows: readonly FlavorCounts[]): string | undefined {
  let best: FlavorCounts | undefined;
  let bestN = -1;
  const none = noFlavor();
  for (const r of rows) {
    if (r.flavor === none) continue;
    const n = r.count ?? r.available + r.creating + r.abnormal + r.deleting;
    if (n > bestN) {
      best = r;
      bestN = n;
    }
  }
  return best?.flavor;
}

/** The tree item's description: phase when not Running, node counts, main flavor. */
export function describePool(pool: Pool): string {
  const parts: string[] = [];
  const phase = phaseOf(pool);
  if (phase !== 'Running') parts.push(phaseStyle(phase).label);
  const rows = flavorCounts(pool);
  const t = nodeTotals(rows);
  const present = t.available + t.creating + t.abnormal + t.deleting;
  if (t.desired !== undefined || present > 0) {
    const of = t.desired ?? present;
    const nodes = [of === 1 ? l10n.t('{0}/{1} node', t.available, of) : l10n.t('{0}/{1} nodes', t.available, of)];
    if (t.abnormal > 0) nodes.push(l10n.t('{0} abnormal', t.abnormal));
    if (t.creating > 0) nodes.push(l10n.t('{0} creating', t.creating));
    parts.push(nodes.join(listSeparator()));
  }
  const flavor = mainFlavor(rows);
  if (flavor) parts.push(rows.length > 2 ? `${shortFlavor(flavor)} +${rows.length - 1}` : shortFlavor(flavor));
  return parts.join(' · ');
}

/** Escapes text so that Markdown shows it literally (no links, HTML or emphasis). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/**
 * Text for a date string: "2024-03-01 08:00 UTC (2 months ago)" in English, the
 * display language's own date format otherwise (e.g. "2024年3月1日 08:00 UTC（2个月前）");
 * the string as given when it does not parse.
 */
export function describeTime(value: string | undefined, now = Date.now()): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  return l10n.t('{0} UTC ({1})', formatDate(t, false), age(now - t));
}

/** A UTC date and time without the zone: ISO-style in English, Intl's medium date style otherwise. */
export function formatDate(t: number, seconds: boolean): string {
  const language = displayLanguage();
  if (isEnglish(language)) {
    const iso = new Date(t).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
  }
  const time = seconds ? { second: '2-digit' as const } : {};
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(t) +
    ' ' +
    new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', ...time, hourCycle: 'h23', timeZone: 'UTC' }).format(t);
}

/** "3 days ago", "in the future" for skewed clocks. */
export function age(ms: number): string {
  if (ms < 0) return l10n.t('in the future');
  const units: [number, Intl.RelativeTimeFormatUnit][] = [
    [365 * 86400e3, 'year'],
    [30 * 86400e3, 'month'],
    [86400e3, 'day'],
    [3600e3, 'hour'],
    [60e3, 'minute'],
  ];
  for (const [size, unit] of units) {
    const n = Math.floor(ms / size);
    // "3 days ago", "3天前": the display language's own words and plural forms.
    if (n >= 1) return new Intl.RelativeTimeFormat(displayLanguage(), { numeric: 'always' }).format(-n, unit);
  }
  return l10n.t('just now');
}

/** A Markdown tooltip: name, ID, type, phase and message, scope, resources per flavor, creation time. */
export function tooltipMarkdown(pool: Pool, extra: readonly string[] = [], now = Date.now()): string {
  const e = escapeMarkdown;
  const name = displayName(pool);
  const style = phaseStyle(phaseOf(pool));
  const lines: string[] = [];
  lines.push(`**${e(name)}**`, '');
  lines.push(`ID: \`${pool.metadata.name.replace(/`/g, "'")}\``, '');
  const facts: string[] = [];
  const notReported = l10n.t('not reported');
  facts.push(l10n.t('Type: {0}', e(pool.spec?.type ?? notReported)));
  let phase = `$(${style.icon.replace('~spin', '')}) ${e(style.label)}`;
  if (pool.status?.message) phase += ` — ${e(pool.status.message)}`;
  facts.push(l10n.t('Phase: {0}', phase));
  const scope = pool.spec?.scope;
  facts.push(l10n.t('Scope: {0}', scope && scope.length ? e(scope.join(', ')) : notReported));
  const created = describeTime(pool.metadata.creationTimestamp, now);
  facts.push(l10n.t('Created: {0}', created ? e(created) : notReported));
  lines.push(facts.join('  \n'), '');
  const rows = flavorCounts(pool);
  if (rows.length) {
    const head = [l10n.t('Flavor'), l10n.t('Available'), l10n.t('Creating'), l10n.t('Abnormal'), l10n.t('Deleting')];
    lines.push(`| ${head.join(' | ')} |`, '|---|--:|--:|--:|--:|');
    for (const r of rows) {
      const avail = r.count !== undefined ? `${r.available} / ${r.count}` : `${r.available}`;
      lines.push(`| ${e(r.flavor)} | ${avail} | ${r.creating} | ${r.abnormal} | ${r.deleting} |`);
    }
    lines.push('');
  } else {
    lines.push(l10n.t('Resources: {0}', notReported), '');
  }
  for (const x of extra) lines.push(`_${e(x)}_`, '');
  return lines.join('\n').trimEnd();
}
