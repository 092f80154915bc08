/**
 * The display language (vscode.env.language, e.g. `en`, `zh-cn`), set once
 * by activate() so that plain modules format dates, numbers and durations
 * with Intl the way the user reads them. Plain module: no vscode import.
 */

let language = 'en';

/** Sets the display language; an empty or malformed tag keeps English. */
export function setDisplayLanguage(tag: string | undefined): void {
  language = tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) ? tag : 'en';
}

/** The display language as a BCP 47 tag Intl accepts. */
export function displayLanguage(): string {
  return language;
}

/** Whether the display language is English (the extension's own wording and its ISO-style dates). */
export function isEnglish(tag = language): boolean {
  return /^en(-|$)/i.test(tag);
}
