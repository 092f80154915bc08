import type { ResourceState } from '../modelarts/types';

/**
 * Messages between the extension and the details page, and the constants
 * both sides use. Plain module, shared with media/src/details.ts.
 */

/** The webview panel type; package.json has `onWebviewPanel:<this>`. */
export const DETAILS_VIEW_TYPE = 'modelarts.poolDetails';

/** Text shown for an absent field in English (the page shows PageStrings.notReported). */
export const NOT_REPORTED = 'not reported';

/**
 * The page's own words, in the display language, handed over in the HTML
 * (data-strings on #app) so the page never fetches them. `{0}`, `{1}` are
 * filled in by the page. The model's texts arrive translated already.
 */
export interface PageStrings {
  /** The page's title and its text while the script loads (written into the HTML). */
  pageTitle: string;
  loading: string;
  notReported: string;
  empty: string;
  /** Caption of a code block without one. */
  text: string;
  /** "{caption} (1 line)" / "{caption} ({n} lines)". */
  oneLine: string;
  lines: string;
  openDetailsOf: string;
  notInList: string;
  notInCurrentList: string;
  noNodes: string;
  /** "{count} {state}" in a bar's description. */
  segment: string;
  /** Node states as the bars describe them. */
  available: string;
  creating: string;
  abnormal: string;
  deleting: string;
  oneNode: string;
  nodes: string;
  tooLarge: string;
  oneItem: string;
  items: string;
  oneKey: string;
  keys: string;
  copyJson: string;
  openInEditor: string;
  noJson: string;
  id: string;
  unexpectedShape: string;
  renderFailed: string;
  copied: string;
  nothingToCopy: string;
}

/** The icons the page can draw (small SVG versions of these codicons). */
export const DETAILS_ICONS = ['pass', 'error', 'warning', 'loading~spin', 'clock', 'circle-slash', 'question'] as const;
export type DetailsIcon = (typeof DETAILS_ICONS)[number];

// ---- the details model: what the page shows ----------------------------------------

/** One displayed value. The page renders each kind with textContent only. */
export type Value =
  | { kind: 'text'; text: string; mono?: boolean; testId?: string }
  /** A field the data does not contain: shown as "not reported". */
  | { kind: 'missing'; testId?: string }
  /** A field that is present but empty (empty string, list or map). */
  | { kind: 'empty'; text?: string; testId?: string }
  | { kind: 'number'; value: number; testId?: string }
  /** Multi-line text, shown preformatted (e.g. a decoded script). */
  | { kind: 'code'; text: string; caption?: string }
  /** A state with an icon and colour. `icon` is a codicon id, `color` a ThemeColor id. */
  | { kind: 'badge'; text: string; icon: DetailsIcon; color?: string; testId?: string }
  /** A link that opens another pool's details; `present` says whether it is in the current list. */
  | { kind: 'pool'; name: string; label: string; present: boolean; testId?: string }
  | { kind: 'list'; items: Value[]; layout: 'inline' | 'lines' };

export interface FieldRow {
  label: string;
  value: Value;
}

export interface Column {
  label: string;
  numeric?: boolean;
}

export interface BarSegment {
  state: ResourceState;
  count: number;
  /** ThemeColor id. */
  color: string;
}

export interface Bar {
  label: string;
  total: number;
  segments: BarSegment[];
}

export type Block =
  | { kind: 'fields'; title?: string; rows: FieldRow[] }
  /** `rowHeaders`: the first cell of each row labels it (transposed tables). */
  | { kind: 'table'; title?: string; columns: Column[]; rows: Value[][]; rowHeaders?: boolean; testId?: string }
  | { kind: 'bars'; title?: string; legend: { state: ResourceState; label: string; color: string }[]; bars: Bar[] }
  /** A sentence, e.g. "Node counts not reported". */
  | { kind: 'note'; text: string; tone?: 'info' | 'warning' | 'error'; items?: string[] };

export type SectionId = 'problems' | 'spec' | 'status' | 'labels' | 'annotations' | 'json';

export interface Section {
  id: SectionId;
  title: string;
  blocks: Block[];
}

export interface Header {
  /** Display name: the `os.modelarts/name` label, else the pool ID. */
  title: string;
  id: string;
  phase: Extract<Value, { kind: 'badge' }>;
  rows: FieldRow[];
}

export interface Notice {
  tone: 'info' | 'warning' | 'error';
  text: string;
}

export interface DetailsModel {
  /** metadata.name of the pool this page is about. */
  name: string;
  /** 'present': fresh data; 'gone': the pool is not in the current list (the rest is the last data, if any). */
  state: 'present' | 'gone';
  notice?: Notice;
  header?: Header;
  sections: Section[];
  /** The pool item exactly as received, for the JSON section; undefined when never received. */
  raw?: unknown;
  /** Epoch ms when this model was built. */
  builtAt: number;
}

// ---- messages -------------------------------------------------------------------------

/** Extension → page. */
export type ToPage =
  /** The model to show; `switched`: of another pool than before (the preview panel moved on). */
  | { type: 'model'; model: DetailsModel; switched?: boolean }
  /** Result of a "Copy JSON" request. */
  | { type: 'copied'; ok: boolean };

/** Page → extension. */
export type FromPage =
  /** The page script is loaded and wants the current model. */
  | { type: 'ready' }
  /** The page shows the model of this pool now. */
  | { type: 'rendered'; name: string }
  /** The user changed what the page shows (folded a section or a JSON node). */
  | { type: 'edited' }
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
    case 'edited':
    case 'copyJson':
    case 'openJson':
      return { type: m.type };
    case 'rendered':
    case 'openPool':
      return typeof m.name === 'string' && m.name !== '' && m.name.length <= 1024 ? { type: m.type, name: m.name } : undefined;
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
