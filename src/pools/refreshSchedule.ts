/**
 * When the next automatic refresh runs, in plain code, and how the
 * auto-refresh setting is read.
 */

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
