import type { Pool } from '../modelarts/types';
import { diffPools, isFailing, newlyFailing } from './diff';
import type { FilterOutcome } from './filterView';
import { poolCount, sameVisibility, visibilityOf } from './filterView';
import type { PoolSnapshot } from './store';
import { FAILING_PHASES, displayName, phaseOf, phaseStyle } from './summary';

/**
 * The decisions of live refresh, in plain code: how the tree takes a new load
 * (in place or rebuilt), when a refresh is news worth a notification, what
 * the badge says, and when the next automatic refresh runs.
 */

/** Identifies a source across loads: same key, same place. */
export function sourceKey(snapshot: PoolSnapshot): string {
  const s = snapshot.source;
  return `${s.kind}\u0000${s.label}\u0000${s.detail ?? ''}`;
}

/** What the tree shows for one load. */
export interface TreeState {
  snapshot: PoolSnapshot;
  filter?: FilterOutcome;
}

export type TreePlan =
  /** Same rows in the same places: re-render only these pools (names), which may be none. */
  | { kind: 'update'; changed: string[] }
  /** Rows came, went or moved: render the whole tree again (ids keep expansion and selection). */
  | { kind: 'rebuild'; reason: string };

function problemsKey(snapshot: PoolSnapshot): string {
  return snapshot.problems.map((p) => `${p.severity}\u0000${p.path}\u0000${p.message}`).join('\u0001');
}

function errorKey(snapshot: PoolSnapshot): string {
  return `${snapshot.error ?? ''}\u0000${snapshot.errorAction?.command ?? ''}\u0000${snapshot.errorAction?.title ?? ''}`;
}

/**
 * How to take `next` after `prev`: in place when the source, the error and
 * problem rows, the set of pools, their order and parents, their display
 * names (siblings are sorted by them) and the filtered rows are all the same;
 * then only the pools whose data changed and that are shown need re-render.
 */
export function planTreeUpdate(prev: TreeState | undefined, next: TreeState): TreePlan {
  if (!prev) return { kind: 'rebuild', reason: 'first load' };
  const a = prev.snapshot;
  const b = next.snapshot;
  if (sourceKey(a) !== sourceKey(b)) return { kind: 'rebuild', reason: 'another source' };
  if (errorKey(a) !== errorKey(b)) return { kind: 'rebuild', reason: 'error changed' };
  if (problemsKey(a) !== problemsKey(b)) return { kind: 'rebuild', reason: 'problems changed' };
  const diff = diffPools(a.pools, b.pools);
  if (diff.structureChanged) return { kind: 'rebuild', reason: 'pools added, removed, reordered or moved' };
  if (!sameVisibility(prev.filter, next.filter)) return { kind: 'rebuild', reason: 'filtered rows changed' };
  if (diff.changed.length === 0) return { kind: 'update', changed: [] };
  const before = new Map(a.pools.map((p) => [p.metadata.name, p]));
  const after = new Map(b.pools.map((p) => [p.metadata.name, p]));
  for (const name of diff.changed) {
    const old = before.get(name);
    const now = after.get(name);
    if (old && now && displayName(old) !== displayName(now)) return { kind: 'rebuild', reason: 'a pool was renamed' };
  }
  const visible = visibilityOf(next.filter);
  return { kind: 'update', changed: diff.changed.filter((name) => visible.isShown(name)) };
}

/** One load as the failure watch sees it: the snapshot and what was asked for. */
export interface WatchedLoad {
  snapshot: PoolSnapshot;
  /** Source plus server query: loads with different keys are not compared. */
  key: string;
}

/**
 * Pools that newly failed between two loads worth comparing: the same source
 * asked the same thing, neither load failed as a whole. The first load of a
 * source, a switch of source or server filter, and a recovery from an error
 * are never news.
 */
export function failureNews(prev: WatchedLoad | undefined, next: WatchedLoad): Pool[] {
  if (!prev || prev.key !== next.key) return [];
  if (prev.snapshot.error !== undefined || next.snapshot.error !== undefined) return [];
  return newlyFailing(prev.snapshot.pools, next.snapshot.pools);
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function phaseLabel(pool: Pool): string {
  return phaseStyle(phaseOf(pool)).label;
}

/** The notification text naming newly failing pools (at most `max` by name). */
export function failureMessage(failed: readonly Pool[], max = 3): string {
  if (failed.length === 1) {
    const p = failed[0];
    return `Pool "${shorten(displayName(p))}" is now ${phaseLabel(p)}.`;
  }
  const named = failed.slice(0, max).map((p) => `"${shorten(displayName(p))}" (${phaseLabel(p)})`);
  const more = failed.length - named.length;
  return `${failed.length} pools are now failing: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`;
}

/** The view badge: pools in a failing phase, or undefined (no badge) when none. */
export function failingBadge(all: readonly Pool[]): { value: number; tooltip: string } | undefined {
  const byPhase = new Map<string, number>();
  let n = 0;
  for (const pool of all) {
    if (!isFailing(pool)) continue;
    n++;
    const phase = phaseOf(pool) ?? '';
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + 1);
  }
  if (n === 0) return undefined;
  const parts = FAILING_PHASES.filter((p) => byPhase.has(p)).map((p) => `${byPhase.get(p)} ${phaseStyle(p).label}`);
  return { value: n, tooltip: `${poolCount(n)} failing: ${parts.join(', ')}` };
}

export const MIN_AUTO_REFRESH_SECONDS = 10;
/** A day: longer intervals would overflow timers and are surely a typo. */
export const MAX_AUTO_REFRESH_SECONDS = 86_400;

/** The auto-refresh interval from the setting: 0 (off), else 10 s to a day; `note` says what was adjusted. */
export function autoRefreshSetting(value: unknown): { seconds: number; note?: string } {
  if (value === undefined || value === null || value === 0) return { seconds: 0 };
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { seconds: 0, note: `modelarts.autoRefreshSeconds is ${JSON.stringify(value)}, not a number of seconds: auto-refresh is off.` };
  }
  if (value < 0) return { seconds: 0, note: `modelarts.autoRefreshSeconds is ${value}: auto-refresh is off (0 turns it off).` };
  if (value < MIN_AUTO_REFRESH_SECONDS) {
    return {
      seconds: MIN_AUTO_REFRESH_SECONDS,
      note: `modelarts.autoRefreshSeconds is ${value}: using the minimum, ${MIN_AUTO_REFRESH_SECONDS} seconds.`,
    };
  }
  if (value > MAX_AUTO_REFRESH_SECONDS) {
    return {
      seconds: MAX_AUTO_REFRESH_SECONDS,
      note: `modelarts.autoRefreshSeconds is ${value}: using the maximum, ${MAX_AUTO_REFRESH_SECONDS} seconds (a day).`,
    };
  }
  return { seconds: Math.round(value) };
}

export interface RefreshClock {
  /** Interval in seconds; 0 = off. */
  seconds: number;
  hasSource: boolean;
  /** The view is visible. */
  visible: boolean;
  /** The window has focus. */
  focused: boolean;
  /** A load is running now. */
  loading: boolean;
  /** When the last load ended (epoch ms); undefined if none has. */
  lastLoadAt: number | undefined;
  now: number;
}

export type RefreshDecision =
  | { kind: 'off' }
  /** Hidden or unfocused: no timer; decide again when that changes. */
  | { kind: 'paused' }
  /** A load is running: decide again when it ends. */
  | { kind: 'loading' }
  | { kind: 'now' }
  | { kind: 'wait'; ms: number };

/** Timers may fire a little early by the wall clock: this close counts as due. */
const SLACK_MS = 100;

/**
 * When the next automatic refresh runs. Counting from the end of the last
 * load (manual ones included), so a slow load never piles up refreshes;
 * paused while the view is hidden or the window unfocused, and due at once
 * on return if the interval passed meanwhile.
 */
export function nextRefresh(c: RefreshClock): RefreshDecision {
  if (c.seconds <= 0 || !c.hasSource) return { kind: 'off' };
  if (c.loading) return { kind: 'loading' };
  if (!c.visible || !c.focused) return { kind: 'paused' };
  if (c.lastLoadAt === undefined) return { kind: 'now' };
  const remaining = c.lastLoadAt + c.seconds * 1000 - c.now;
  return remaining <= SLACK_MS ? { kind: 'now' } : { kind: 'wait', ms: remaining };
}
