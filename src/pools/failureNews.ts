import * as l10n from '@vscode/l10n';
import type { SafeText } from '../common/untrusted';
import { safeText, untrustedText } from '../common/untrusted';
import type { Pool } from '../modelarts/types';
import { isFailing, newlyFailing } from './diff';
import { poolCount } from './filterView';
import type { PoolSnapshot } from './store';
import { FAILING_PHASES, displayName, listSeparator, phaseOf, phaseStyle } from './summary';
import { sourceKey } from './treePlan';

/**
 * The failure watch's decisions, in plain code: when a refresh is news worth
 * a notification, what the notification says, and what the badge says.
 */

/**
 * What makes two loads comparable: the same source asked the same thing. The
 * server query is the one the load itself was asked with, not the filter's
 * current one (which may have changed since).
 */
export function loadKey(snapshot: PoolSnapshot): string {
  return `${sourceKey(snapshot)}\u0000${snapshot.serverQuery !== undefined ? JSON.stringify(snapshot.serverQuery) : ''}`;
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

function phaseLabel(pool: Pool): string {
  return phaseStyle(phaseOf(pool)).label;
}

/** Longest pool name in the notification. */
const NAME_SHOWN_MAX = 60;

/** The notification text naming newly failing pools (at most `max` by name), the names made inert. */
export function failureMessage(failed: readonly Pool[], max = 3): SafeText {
  if (failed.length === 1) {
    const p = failed[0];
    return safeText(l10n.t('Pool "{0}" is now {1}.'), untrustedText(displayName(p), NAME_SHOWN_MAX), phaseLabel(p));
  }
  const named = failed
    .slice(0, max)
    .map((p) => l10n.t('"{0}" ({1})', untrustedText(displayName(p), NAME_SHOWN_MAX), untrustedText(phaseLabel(p))))
    .join(listSeparator());
  const more = failed.length - Math.min(failed.length, max);
  return more > 0
    ? safeText(l10n.t('{0} pools are now failing: {1} and {2} more.'), failed.length, named, more)
    : safeText(l10n.t('{0} pools are now failing: {1}.'), failed.length, named);
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
  const parts = FAILING_PHASES.filter((p) => byPhase.has(p)).map((p) => l10n.t('{0} {1}', byPhase.get(p) ?? 0, phaseStyle(p).label));
  return { value: n, tooltip: l10n.t('{0} failing: {1}', poolCount(n), parts.join(listSeparator())) };
}
