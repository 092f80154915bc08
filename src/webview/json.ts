/**
 * Text of the read-only pool JSON documents. Plain module: no vscode import.
 */
import * as l10n from '@vscode/l10n';

/** The value pretty-printed with two spaces, exactly as received; a message when it cannot be. */
export function prettyJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, null, 2);
    return text === undefined ? 'null' : text;
  } catch (error) {
    // Only reachable for values that did not come from JSON (cycles, BigInt).
    return JSON.stringify({ error: l10n.t('This pool cannot be shown as JSON: {0}', error instanceof Error ? error.message : String(error)) }, null, 2);
  }
}

/** The document path for a pool: `/<name>.json`, so the tab reads `<name>.json`. */
export function poolJsonPath(name: string): string {
  return `/${name}.json`;
}

/** The pool name from a document path made by poolJsonPath, if it is one. */
export function poolNameFromJsonPath(path: string): string | undefined {
  if (!path.startsWith('/') || !path.endsWith('.json') || path.length <= '/.json'.length) return undefined;
  return path.slice(1, -'.json'.length);
}

/**
 * Text for a pool that is not in the current list: still valid JSON, with the
 * reason first and the last item received (if any) under `lastReceived`.
 */
export function goneJsonText(reason: string, lastReceived?: unknown): string {
  return prettyJson(lastReceived === undefined ? { error: reason } : { error: reason, lastReceived });
}
