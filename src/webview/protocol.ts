import type { DetailsModel } from './viewModel';

/**
 * Messages between the extension and the details page. Plain module, shared
 * (as types) with media/src/details.ts.
 */

/** The webview panel type; the lead's package.json has `onWebviewPanel:<this>`. */
export const DETAILS_VIEW_TYPE = 'modelarts.poolDetails';

/** Extension → page. */
export type ToPage =
  | { type: 'model'; model: DetailsModel }
  /** Result of a "Copy JSON" request. */
  | { type: 'copied'; ok: boolean };

/** Page → extension. */
export type FromPage =
  /** The page script is loaded and wants the current model. */
  | { type: 'ready' }
  /** Open the details of another pool (parent/root links). */
  | { type: 'openPool'; name: string }
  /** Copy the pool's JSON, exactly as received and pretty-printed, to the clipboard. */
  | { type: 'copyJson' }
  /** Open the pool's JSON in a read-only editor. */
  | { type: 'openJson' };

/** What the page keeps with vscode.setState; the serializer reads `poolName` after a reload. */
export interface PageState {
  poolName?: string;
  /** IDs of collapsed sections. */
  collapsed?: string[];
  /** JSON paths of collapsed objects/arrays in the JSON tree. */
  jsonCollapsed?: string[];
  scrollY?: number;
}

/** Validates a message from the page; anything else is ignored. */
export function parseFromPage(message: unknown): FromPage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'copyJson':
    case 'openJson':
      return { type: m.type };
    case 'openPool':
      return typeof m.name === 'string' && m.name !== '' && m.name.length <= 1024 ? { type: 'openPool', name: m.name } : undefined;
    default:
      return undefined;
  }
}

/** The pool name from a restored page state, if valid. */
export function poolNameFromState(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const name = (state as PageState).poolName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
