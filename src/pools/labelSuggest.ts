import type { Pool } from '../modelarts/types';
import type { LabelSelector } from './selector';
import { MAX_LABEL_SELECTOR_LENGTH, matchesSelector, parseSelector } from './selector';

/**
 * Suggestions for the "Filter by Label…" input: the label keys and values
 * present in the data, completing the requirement being typed (the text
 * after the last top-level ","), each checked with the shared parser and
 * counted against the pools. Plain so it is tested in plain Node.
 */

/** Number of pools carrying each key, and each value of it. */
export interface LabelKeyStats {
  key: string;
  pools: number;
  values: { value: string; pools: number }[];
}

/** Key characters the selector accepts; a key with others cannot be written in a selector. */
const KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/;

/** Values that read back the same from selector text (no delimiters, no outer spaces). */
function writableValue(value: string): boolean {
  return value === value.trim() && !/[,()=]/.test(value);
}

/** The label keys and values of the pools, most common first (then by name). */
export function labelStats(pools: readonly Pool[]): LabelKeyStats[] {
  const keys = new Map<string, { pools: number; values: Map<string, number> }>();
  for (const pool of pools) {
    const labels: unknown = pool.metadata?.labels;
    if (typeof labels !== 'object' || labels === null) continue;
    for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
      if (typeof value !== 'string' || !KEY.test(key)) continue;
      let entry = keys.get(key);
      if (!entry) {
        entry = { pools: 0, values: new Map() };
        keys.set(key, entry);
      }
      entry.pools++;
      if (writableValue(value)) entry.values.set(value, (entry.values.get(value) ?? 0) + 1);
    }
  }
  const byCount = <T extends { pools: number }>(name: (t: T) => string) => (a: T, b: T) =>
    b.pools - a.pools || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
  return [...keys.entries()]
    .map(([key, e]) => ({
      key,
      pools: e.pools,
      values: [...e.values.entries()].map(([value, n]) => ({ value, pools: n })).sort(byCount((v) => v.value)),
    }))
    .sort(byCount((k) => k.key));
}

/** Index just after the last "," outside parentheses, or 0. */
export function lastRequirementStart(text: string): number {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */ && depth > 0) depth--;
    else if (c === 44 /* , */ && depth === 0) start = i + 1;
  }
  return start;
}

export interface LabelSuggestion {
  /** The whole selector text with this suggestion in place of the requirement being typed. */
  selector: string;
  /** The requirement suggested, e.g. `os.modelarts/sharing=shared`. */
  requirement: string;
  /** Pools the whole selector matches. */
  matches: number;
}

export interface LabelInputState {
  /** The typed text parses. */
  ok: boolean;
  /** What is wrong and where (the parser's message, naming the column). */
  error?: { message: string; offset: number };
  /** Pools the typed selector matches, when it parses. */
  matches?: number;
  suggestions: LabelSuggestion[];
}

function countMatches(pools: readonly Pool[], selector: LabelSelector): number {
  let n = 0;
  for (const pool of pools) if (matchesSelector(selector, pool.metadata?.labels)) n++;
  return n;
}

/** Case-insensitive substring test; `needle` is already lower-cased (once per input, not per candidate). */
function includesFold(haystack: string, needle: string): boolean {
  return needle === '' || haystack.toLowerCase().includes(needle);
}

/** A requirement that could complete the one being typed. */
interface Candidate {
  text: string;
  key: string;
  op: '=' | '==' | '!=' | '!';
  value?: string;
}

/** The requirements that could complete `segment` (the text after the last ","). */
function candidates(stats: readonly LabelKeyStats[], segment: string, limit: number): Candidate[] {
  const text = segment.trimStart();
  const negated = text.startsWith('!') && !text.startsWith('!=');
  const body = negated ? text.slice(1).trimStart() : text;
  const keyMatch = /^[^\s=!(),]*/.exec(body);
  const keyPart = keyMatch ? keyMatch[0] : '';
  const keyNeedle = keyPart.toLowerCase();
  const rest = body.slice(keyPart.length).trimStart();
  const out: Candidate[] = [];
  if (negated) {
    if (rest !== '') return out;
    for (const k of stats) if (includesFold(k.key, keyNeedle)) out.push({ text: `!${k.key}`, key: k.key, op: '!' });
    return out;
  }
  if (rest === '') {
    // Still typing a key (or a value that mentions it): key=value pairs, most common first.
    const pairs: { c: Candidate; pools: number }[] = [];
    for (const k of stats) {
      const keyHit = includesFold(k.key, keyNeedle);
      // Values are most common first: beyond the first `limit` hits of a key none can make the list.
      let taken = 0;
      for (const v of k.values) {
        if (taken >= limit) break;
        if (keyHit || includesFold(v.value, keyNeedle)) {
          pairs.push({ c: { text: `${k.key}=${v.value}`, key: k.key, op: '=', value: v.value }, pools: v.pools });
          taken++;
        }
      }
    }
    pairs.sort((a, b) => b.pools - a.pools);
    for (const p of pairs) out.push(p.c);
    return out;
  }
  const op = /^(==|!=|=)/.exec(rest)?.[0] as Candidate['op'] | undefined;
  if (op === undefined) return out; // "in (…)", "notin (…)": free text
  const valuePart = rest.slice(op.length).trim().toLowerCase();
  const key = stats.find((k) => k.key === keyPart);
  if (!key) return out;
  for (const v of key.values) {
    if (includesFold(v.value, valuePart)) out.push({ text: `${key.key}${op}${v.value}`, key: key.key, op, value: v.value });
  }
  return out;
}

/**
 * The state of the label input for `text`: whether it parses (else the
 * parser's message and offset), how many pools it matches, and up to
 * `limit` suggestions completing the requirement being typed, each a whole
 * selector that parses, with the pools it matches. The pools matching the
 * requirements before the one being typed are found once; each suggestion's
 * count then follows from their label counts, so typing stays fast on large
 * lists. `stats` are labelStats(pools), passed in to compute them once.
 * Text longer than MAX_LABEL_SELECTOR_LENGTH gets the parser's "too long"
 * error and no suggestions.
 */
export function labelInput(pools: readonly Pool[], text: string, limit = 30, stats = labelStats(pools)): LabelInputState {
  const parsed = parseSelector(text);
  // Text over the limit is refused by the parser; nothing else looks at it.
  if (!parsed.ok && text.length > MAX_LABEL_SELECTOR_LENGTH) {
    return { ok: false, error: { message: parsed.message, offset: parsed.offset }, suggestions: [] };
  }
  const state: LabelInputState = parsed.ok
    ? { ok: true, matches: countMatches(pools, parsed.selector), suggestions: [] }
    : { ok: false, error: { message: parsed.message, offset: parsed.offset }, suggestions: [] };

  let start = lastRequirementStart(text);
  while (start < text.length && /\s/.test(text[start])) start++; // keep the spaces typed after ","
  const prefix = text.slice(0, start);
  const before = parseSelector(prefix.replace(/,\s*$/, ''));
  if (!before.ok) return state;
  const subset = before.selector.length > 0 ? pools.filter((p) => matchesSelector(before.selector, p.metadata?.labels)) : pools;
  const subsetStats = subset === pools ? stats : labelStats(subset);
  const counts = new Map(subsetStats.map((k) => [k.key, { pools: k.pools, values: new Map(k.values.map((v) => [v.value, v.pools])) }]));
  const count = (c: Candidate): number => {
    const k = counts.get(c.key);
    const withValue = c.value !== undefined ? (k?.values.get(c.value) ?? 0) : 0;
    if (c.op === '!') return subset.length - (k?.pools ?? 0);
    if (c.op === '!=') return subset.length - withValue; // also matches pools without the key
    return withValue;
  };
  const seen = new Set<string>();
  // A few spare candidates: the typed text itself and repeats are skipped.
  for (const c of candidates(subset.length > 0 ? subsetStats : stats, text.slice(start), limit + 2)) {
    if (state.suggestions.length >= limit) break;
    const selector = `${prefix}${c.text}`;
    if (selector === text || seen.has(selector)) continue;
    if (!parseSelector(selector).ok) continue;
    seen.add(selector);
    state.suggestions.push({ selector, requirement: c.text, matches: count(c) });
  }
  return state;
}

/** The text with a marker where the parser stopped, for showing an error in place; `show` renders each side (e.g. made inert). */
export function markOffset(text: string, offset: number, show: (part: string) => string = (part) => part): string {
  const at = Math.max(0, Math.min(offset, text.length));
  return `${show(text.slice(0, at))}▸${show(text.slice(at))}`;
}
