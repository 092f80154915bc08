/**
 * Which settings a settings file (JSONC: comments and trailing commas
 * allowed) names as keys, read without a JSON parser: in one pass, strings
 * read as strings and comments skipped, so a key in a comment or a value
 * does not count. Plain: no vscode import, tested in plain Node.
 */

/** Largest settings file read; a larger one is not searched. */
export const MAX_SETTINGS_TEXT = 1024 * 1024;

/** The members of `keys` that appear as a key (a string followed by ":") in `text`, in the order of `keys`. */
export function keysInSettingsText(text: string, keys: readonly string[]): string[] {
  if (text.length > MAX_SETTINGS_TEXT) return [];
  const wanted = new Set(keys);
  const found = new Set<string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 34 /* " */) {
      // A string: find its end, honouring backslash escapes.
      let j = i + 1;
      let escaped = false;
      let plain = true;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (escaped) {
          escaped = false;
        } else if (d === 92 /* \ */) {
          escaped = true;
          plain = false;
        } else if (d === 34) {
          break;
        }
      }
      const raw = text.slice(i + 1, j);
      i = j + 1;
      let value = raw;
      if (!plain) {
        try {
          value = JSON.parse(`"${raw}"`) as string;
        } catch {
          continue;
        }
      }
      if (!wanted.has(value)) continue;
      // A key when the next thing after blanks and comments is ":".
      let k = i;
      for (;;) {
        while (k < n && /\s/.test(text[k])) k++;
        if (text.startsWith('//', k)) {
          const end = text.indexOf('\n', k + 2);
          k = end < 0 ? n : end + 1;
        } else if (text.startsWith('/*', k)) {
          const end = text.indexOf('*/', k + 2);
          k = end < 0 ? n : end + 2;
        } else {
          break;
        }
      }
      if (text.charCodeAt(k) === 58 /* : */) found.add(value);
    } else {
      i++;
    }
  }
  return keys.filter((k) => found.has(k));
}
