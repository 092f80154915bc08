import * as l10n from '@vscode/l10n';
/**
 * Kubernetes-style label selectors: one parser and one evaluator, shared by
 * the local filters (sample and file sources) and the local ModelArts server,
 * so both give the same answers.
 *
 * Syntax (requirements separated by "," are ANDed; whitespace around tokens is
 * ignored; an empty or blank selector matches every pool):
 *
 *   key=value   key==value   key!=value   key   !key
 *   key in (v1,v2)           key notin (v1,v2)
 *
 * Semantics follow Kubernetes: `!=` and `notin` also match when the key is
 * absent; `=`, `==` and `in` need the key to be present; `key` tests presence
 * and `!key` absence. `key in ()` is the set holding only the empty value, as
 * in Kubernetes, and `key=` matches an empty value.
 *
 * Keys: an optional prefix and "/" followed by a name, e.g. `os.modelarts/name`
 * or `os.modelarts.pool/biz`, made of ASCII letters, digits, ".", "-" and "_",
 * with at most one "/" and neither side of it empty. (Kubernetes' further
 * rules on lengths and first/last characters are not enforced.)
 *
 * Values are more lenient than Kubernetes, because real ModelArts labels hold
 * display names: a value is everything up to the next "," (or ")" inside a
 * set), trimmed, so it may contain spaces and non-ASCII characters
 * (`os.modelarts/name=my pool`). It may not contain "(", ")" or "=" (nor ","),
 * which would make the selector ambiguous.
 *
 * Errors say what is wrong and where: `offset` is the 0-based UTF-16 index in
 * the text, and the message names the 1-based column (`offset + 1`).
 *
 * Untrusted text: a selector longer than MAX_LABEL_SELECTOR_LENGTH is refused
 * before it is looked at; parsing is one pass over the text; a value holding
 * an unpaired UTF-16 surrogate (which cannot be sent) is refused; `in` and
 * `notin` sets are de-duplicated with a Set and matched with one.
 */

/** Longest label selector accepted, in UTF-16 code units: sent as a query parameter, it must fit a URL. */
export const MAX_LABEL_SELECTOR_LENGTH = 2048;

export interface SelectorParseOptions {
  /** Longest text accepted; default MAX_LABEL_SELECTOR_LENGTH. */
  maxLength?: number;
}

export type SelectorOperator = 'equals' | 'notEquals' | 'in' | 'notIn' | 'exists' | 'doesNotExist';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** One value for equals/notEquals, one or more for in/notIn, none otherwise. */
  readonly values: readonly string[];
}

/** The requirements of a selector; all must hold. Empty matches everything. */
export type LabelSelector = readonly LabelRequirement[];

export type SelectorParseResult =
  | { ok: true; selector: LabelSelector }
  | { ok: false; message: string; offset: number };

export type Labels = Readonly<Record<string, string | undefined>>;

/** Sets with more values than this are matched through a Set, built once per requirement. */
const SET_THRESHOLD = 8;
const valueSets = new WeakMap<LabelRequirement, ReadonlySet<string>>();

class SelectorError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

function fail(message: string, offset: number): never {
  throw new SelectorError(l10n.t('{0} at column {1}', message, offset + 1), offset);
}

function isSpace(code: number): boolean {
  // space, \t, \n, \v, \f, \r
  return code === 32 || (code >= 9 && code <= 13);
}

/** Characters that end a key or a bare word. */
function isDelimiter(code: number): boolean {
  return (
    isSpace(code) ||
    code === 61 /* = */ ||
    code === 33 /* ! */ ||
    code === 44 /* , */ ||
    code === 40 /* ( */ ||
    code === 41 /* ) */
  );
}

function isKeyChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 46 /* . */ ||
    code === 45 /* - */ ||
    code === 95 /* _ */ ||
    code === 47 /* / */
  );
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The character at `i` (a whole code point), quoted for a message. */
function quoteChar(text: string, i: number): string {
  return JSON.stringify(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

/** Reads and validates a label key starting at `start`; returns its end. */
function readKey(text: string, start: number): number {
  let end = start;
  while (end < text.length && !isDelimiter(text.charCodeAt(end))) end++;
  if (end === start) fail(l10n.t('Expected a label key'), start);
  let slash = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isKeyChar(code)) fail(l10n.t('Invalid character {0} in label key', quoteChar(text, i)), i);
    if (code === 47) {
      if (slash >= 0) fail(l10n.t('Label key has more than one "/"'), i);
      if (i === start) fail(l10n.t('Label key has an empty prefix before "/"'), i);
      slash = i;
    }
  }
  if (slash === end - 1) fail(l10n.t('Label key has an empty name after "/"'), end);
  return end;
}

/**
 * Reads one value from `start` up to the next "," (or ")" inside a set) or
 * the end; returns the index of the character that ended it.
 */
function readValue(text: string, start: number, inSet: boolean): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 44 /* , */) break;
    if (code === 41 /* ) */) {
      if (inSet) break;
      fail(l10n.t('Unexpected ")" in value'), i);
    }
    if (code === 40 /* ( */ || code === 61 /* = */) fail(l10n.t('Unexpected {0} in value', quoteChar(text, i)), i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) fail(l10n.t('Invalid character (an unpaired UTF-16 surrogate) in value'), i);
      i++;
    }
    i++;
  }
  return i;
}

/** Expects "," or the end at `i` (after spaces); returns the index of either. */
function expectSeparator(text: string, i: number): number {
  i = skipSpace(text, i);
  if (i < text.length && text.charCodeAt(i) !== 44) fail(l10n.t('Expected "," or end of selector'), i);
  return i;
}

/** Parses the values of `key in (…)`; `open` is the index of "(". */
function readSet(text: string, open: number): { values: string[]; seen: Set<string> | undefined; end: number } {
  const values: string[] = [];
  // Small sets are checked with includes; past SET_THRESHOLD values a Set takes over.
  let seen: Set<string> | undefined;
  let i = open + 1;
  for (;;) {
    const end = readValue(text, i, true);
    if (end >= text.length) {
      throw new SelectorError(l10n.t('Unclosed "(" opened at column {0}', open + 1), open);
    }
    const value = text.slice(i, end).trim();
    if (seen) {
      // One hash operation per value: add, and keep the value if the Set grew.
      const size = seen.size;
      seen.add(value);
      if (seen.size !== size) values.push(value);
    } else if (!values.includes(value)) {
      values.push(value);
      if (values.length > SET_THRESHOLD) seen = new Set(values);
    }
    if (text.charCodeAt(end) === 41 /* ) */) return { values, seen, end: end + 1 };
    i = end + 1; // after ","
  }
}

/** Parses one requirement at `start`; returns it and the index of "," or the end. */
function readRequirement(text: string, start: number): { requirement: LabelRequirement; end: number } {
  let i = skipSpace(text, start);
  if (i < text.length && text.charCodeAt(i) === 33 /* ! */) {
    const keyStart = skipSpace(text, i + 1);
    const keyEnd = readKey(text, keyStart);
    const requirement = { key: text.slice(keyStart, keyEnd), operator: 'doesNotExist', values: [] } as const;
    return { requirement, end: expectSeparator(text, keyEnd) };
  }
  const keyEnd = readKey(text, i);
  const key = text.slice(i, keyEnd);
  i = skipSpace(text, keyEnd);
  if (i >= text.length || text.charCodeAt(i) === 44 /* , */) {
    return { requirement: { key, operator: 'exists', values: [] }, end: i };
  }
  const code = text.charCodeAt(i);
  if (code === 61 /* = */ || code === 33 /* ! */) {
    let valueStart: number;
    let operator: SelectorOperator;
    if (code === 61) {
      operator = 'equals';
      valueStart = text.charCodeAt(i + 1) === 61 ? i + 2 : i + 1;
    } else {
      if (text.charCodeAt(i + 1) !== 61) fail(l10n.t('Expected "=" after "!"'), i + 1);
      operator = 'notEquals';
      valueStart = i + 2;
    }
    const end = readValue(text, valueStart, false);
    return { requirement: { key, operator, values: [text.slice(valueStart, end).trim()] }, end };
  }
  let wordEnd = i;
  while (wordEnd < text.length && !isDelimiter(text.charCodeAt(wordEnd))) wordEnd++;
  const word = text.slice(i, wordEnd);
  if (word !== 'in' && word !== 'notin') {
    fail(l10n.t('Expected an operator (=, ==, !=, in, notin), "," or end of selector'), i);
  }
  const open = skipSpace(text, wordEnd);
  if (open >= text.length || text.charCodeAt(open) !== 40 /* ( */) fail(l10n.t('Expected "(" after "{0}"', word), open);
  const set = readSet(text, open);
  const requirement: LabelRequirement = { key, operator: word === 'in' ? 'in' : 'notIn', values: set.values };
  // The Set that de-duplicated the values serves the matching too.
  if (set.seen) valueSets.set(requirement, set.seen);
  return { requirement, end: expectSeparator(text, set.end) };
}

/** Parses selector text; never throws. Text longer than the limit is refused unread. */
export function parseSelector(text: string, options: SelectorParseOptions = {}): SelectorParseResult {
  if (typeof text !== 'string') return { ok: false, message: l10n.t('The label selector must be text'), offset: 0 };
  const max = options.maxLength ?? MAX_LABEL_SELECTOR_LENGTH;
  if (text.length > max) {
    return {
      ok: false,
      message: l10n.t('The label selector is too long: {0} characters, at most {1} are accepted (at column {2})', text.length, max, max + 1),
      offset: max,
    };
  }
  const selector: LabelRequirement[] = [];
  if (skipSpace(text, 0) === text.length) return { ok: true, selector };
  try {
    let i = 0;
    for (;;) {
      const { requirement, end } = readRequirement(text, i);
      selector.push(requirement);
      if (end >= text.length) break;
      i = end + 1; // after ","
    }
  } catch (e) {
    if (e instanceof SelectorError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
  return { ok: true, selector };
}

/**
 * The value of `key` in `labels`, or undefined when absent. Only own string
 * properties count, so `constructor` or `__proto__` never match by accident.
 */
function labelValue(labels: Labels, key: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(labels, key)) return undefined;
  const value = labels[key];
  return typeof value === 'string' ? value : undefined;
}

const NO_LABELS: Labels = Object.freeze({});


function inValues(requirement: LabelRequirement, value: string): boolean {
  const values = requirement.values;
  if (values.length <= SET_THRESHOLD) return values.includes(value);
  let set = valueSets.get(requirement);
  if (!set) {
    set = new Set(values);
    valueSets.set(requirement, set);
  }
  return set.has(value);
}

/** True when `labels` satisfy every requirement of `selector`. */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  const own: Labels = typeof labels === 'object' && labels !== null ? labels : NO_LABELS;
  for (let r = 0; r < selector.length; r++) {
    const requirement = selector[r];
    const value = labelValue(own, requirement.key);
    switch (requirement.operator) {
      case 'exists':
        if (value === undefined) return false;
        break;
      case 'doesNotExist':
        if (value !== undefined) return false;
        break;
      case 'equals':
        if (value === undefined || value !== requirement.values[0]) return false;
        break;
      case 'notEquals':
        if (value !== undefined && value === requirement.values[0]) return false;
        break;
      case 'in':
        if (value === undefined || !inValues(requirement, value)) return false;
        break;
      case 'notIn':
        if (value !== undefined && inValues(requirement, value)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Canonical text of a parsed selector: no extra spaces, `==` written `=`,
 * requirements joined by ",", in their original order; parsing it gives the
 * same selector back.
 */
export function formatSelector(selector: LabelSelector): string {
  const parts: string[] = [];
  for (const { key, operator, values } of selector) {
    switch (operator) {
      case 'equals':
        parts.push(`${key}=${values[0] ?? ''}`);
        break;
      case 'notEquals':
        parts.push(`${key}!=${values[0] ?? ''}`);
        break;
      case 'exists':
        parts.push(key);
        break;
      case 'doesNotExist':
        parts.push(`!${key}`);
        break;
      case 'in':
        parts.push(`${key} in (${values.join(',')})`);
        break;
      case 'notIn':
        parts.push(`${key} notin (${values.join(',')})`);
        break;
    }
  }
  return parts.join(',');
}
