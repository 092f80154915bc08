/**
 * Untrusted text (pool names, server messages, header values, file contents)
 * made inert for the places VS Code renders a little markup in plain strings:
 * notification messages, quick pick items, progress titles and messages,
 * status bar items. Plain: no vscode import, tested in plain Node.
 *
 * What VS Code parses there (1.100 and 1.139, `vs/base/common/linkedText.ts`
 * and `vs/base/browser/ui/iconLabel/iconLabels.ts`):
 *
 * - links: `parseLinkedText` turns `[label](target)` into a link when target
 *   starts with `https://`, `http://`, `command:` or `file:`, with the pattern
 *   `/\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)(?: (["'])(.+?)(\3))?\)/gi`.
 *   It needs an ASCII "[" and "]": both are replaced by the full-width
 *   look-alikes "［" (U+FF3B) and "］" (U+FF3D), so no link can form.
 *   (It honours no backslash escape, so escaping would not help.)
 * - codicons: `renderLabelWithIcons` turns `$(name)` into an icon, with the
 *   pattern `/(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g`. It needs "$"
 *   right before "(": every "$(" of the result is written "＄(" (U+FF04).
 *   (A backslash before "$(" is honoured there but not everywhere, so a
 *   look-alike is used instead.)
 * - "<" and ">" become "‹" and "›" (U+2039, U+203A), so nothing rendered as
 *   Markdown elsewhere can read an autolink (`<https://…>`) or HTML either.
 *
 * Also: control characters, line breaks and other whitespace collapse to
 * one space (a notification shows one line; a log-forging newline goes);
 * bidirectional overrides and the BOM are dropped (they can make text read
 * differently from what it is); an unpaired surrogate becomes U+FFFD; the
 * result is trimmed and cut to `maxLength` with "…". Every replacement is
 * one UTF-16 unit for one, so cutting can never form a pattern.
 *
 * Linear, and stops reading once the result is full, so any input is cheap.
 * Redact secrets before (see `redact` in src/modelarts/errors.ts): this only
 * neutralises.
 */

/** Default longest result, "…" included. */
export const UNTRUSTED_TEXT_MAX = 200;

const FULLWIDTH_LEFT_BRACKET = '\uff3b';
const FULLWIDTH_RIGHT_BRACKET = '\uff3d';
const FULLWIDTH_DOLLAR = '\uff04';
const SINGLE_LEFT_ANGLE = '\u2039';
const SINGLE_RIGHT_ANGLE = '\u203a';

/** Characters shown as one space: C0 and C1 controls, DEL, and every kind of blank or line break. */
function isBlank(code: number): boolean {
  return (
    code <= 32 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Invisible formatting characters that are dropped: bidirectional marks, embeddings, overrides, isolates, the BOM. */
function isDropped(code: number): boolean {
  return (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}

/**
 * An untrusted value as text that VS Code shows literally in a notification,
 * quick pick, progress or status bar item: no link, no codicon, one line, at
 * most `maxLength` characters (default UNTRUSTED_TEXT_MAX) with "…" when cut.
 * Strings are used as they are; numbers, booleans and bigints as their
 * String(); anything else gives "".
 */
export function untrustedText(value: unknown, maxLength: number = UNTRUSTED_TEXT_MAX): string {
  const text = toText(value);
  const max = Number.isFinite(maxLength) ? Math.max(1, Math.floor(maxLength)) : UNTRUSTED_TEXT_MAX;
  const parts: string[] = [];
  let length = 0;
  let pendingSpace = false;
  // A "$" is held back until the next visible character says which one to write.
  let pendingDollar = false;
  let full = false;
  const emit = (ch: string): boolean => {
    if (pendingSpace) {
      parts.push(' ');
      length++;
      pendingSpace = false;
    }
    parts.push(ch);
    length += ch.length;
    return length > max;
  };
  for (let i = 0; i < text.length && !full; i++) {
    const code = text.charCodeAt(i);
    let ch: string;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        ch = text[i] + text[i + 1];
        i++;
      } else {
        ch = '\ufffd';
      }
    } else if (isBlank(code)) {
      if (pendingDollar) {
        full = emit('$');
        pendingDollar = false;
      }
      pendingSpace = length > 0;
      continue;
    } else if (isDropped(code)) {
      continue;
    } else {
      switch (code) {
        case 91 /* [ */:
          ch = FULLWIDTH_LEFT_BRACKET;
          break;
        case 93 /* ] */:
          ch = FULLWIDTH_RIGHT_BRACKET;
          break;
        case 60 /* < */:
          ch = SINGLE_LEFT_ANGLE;
          break;
        case 62 /* > */:
          ch = SINGLE_RIGHT_ANGLE;
          break;
        default:
          ch = text[i];
      }
    }
    if (pendingDollar) {
      // "$(" never survives: that "$" becomes a look-alike.
      full = emit(ch === '(' ? FULLWIDTH_DOLLAR : '$');
      pendingDollar = false;
      if (full) break;
    }
    if (ch === '$') {
      pendingDollar = true;
      continue;
    }
    full = emit(ch);
  }
  if (pendingDollar && !full) full = emit('$');
  const out = parts.join('');
  if (!full) return out;
  // Cut to max - 1 units plus "…", never between the halves of a surrogate pair.
  let end = max - 1;
  const last = out.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return out.slice(0, end).trimEnd() + '\u2026';
}

declare const SAFE_TEXT: unique symbol;

/**
 * Text fit for a notification, quick pick, progress title or status bar
 * item: a template written in the code, whose untrusted parts went through
 * untrustedText. Only safeText() makes one, so a function that takes
 * SafeText cannot be handed a raw server message or pool name by mistake.
 */
export type SafeText = string & { readonly [SAFE_TEXT]: true };

/** Longest text one argument of safeText() contributes ("…" included). */
export const SAFE_TEXT_ARG_MAX = 500;

/**
 * A trusted template with its `{0}`, `{1}`, … placeholders filled by the
 * arguments made inert (untrustedText, at most SAFE_TEXT_ARG_MAX characters
 * each). The template syntax is that of `vscode.l10n.t(template, ...args)`,
 * so the templates can be localised later as they are; a placeholder with
 * no argument stays as written. The template must be a literal: ESLint
 * refuses anything else as the first argument (eslint.config.mjs).
 */
export function safeText(template: string, ...args: unknown[]): SafeText {
  if (args.length === 0) return template as SafeText;
  const inert = args.map((a) => untrustedText(a, SAFE_TEXT_ARG_MAX));
  return template.replace(/\{(\d+)\}/g, (whole: string, index: string, offset: number) => {
    const i = Number(index);
    if (i >= inert.length) return whole;
    // An argument ending in "$" right before a "(" of the template would make "$(": not that either.
    const value = inert[i];
    return value.endsWith('$') && template.charCodeAt(offset + whole.length) === 40 /* ( */ ? `${value.slice(0, -1)}${FULLWIDTH_DOLLAR}` : value;
  }) as SafeText;
}
