import type * as vscode from 'vscode';
import type { IDisposable } from '../common/lifecycle';
import type { ParseResult } from '../modelarts/parse';
import type { LoadErrorKind, PoolSnapshot, ServerQuery, SourceDescription } from '../pools/store';

/** What the user chose to look at; persisted per workspace. */
export type SourceSpec = { kind: 'sample' } | { kind: 'file'; uri: string } | { kind: 'live' };

/**
 * What a source can do. Features ask these, never the source's kind: a
 * capability a source lacks means the feature offers nothing for it.
 */
export interface SourceCapabilities {
  /** Applies the label selector and the API status on the server (ListPools' labelSelector, status). */
  readonly serverFilter: boolean;
  /** Lists a pool's children on the server (ListPools' parent). */
  readonly serverChildren: boolean;
  /** Lists a pool's nodes. */
  readonly nodes: boolean;
  /** Lists the jobs (workloads) on a pool. */
  readonly jobs: boolean;
  /** Reports usage and monitoring metrics. */
  readonly metrics: boolean;
  /** Lists events. */
  readonly events: boolean;
  /** Holds pools of several regions or accounts at once. */
  readonly regions: boolean;
}

/** A source that has the pools and nothing more. */
export const POOLS_ONLY: SourceCapabilities = {
  serverFilter: false,
  serverChildren: false,
  nodes: false,
  jobs: false,
  metrics: false,
  events: false,
  regions: false,
};

/** What a source says when its content changed. */
export interface SourceChange {
  /**
   * Another account or place: what is shown must go before the reload, so
   * nothing of the old one stays on screen. Otherwise the view updates in place.
   */
  readonly clear: boolean;
  /** Why, for the log, e.g. "The file pools.json changed". */
  readonly reason: string;
}

/** One load: cancelled through `signal` when a newer one starts. */
export interface LoadRequest {
  readonly signal: AbortSignal;
  /** The filter's server-side terms; used only by sources with `serverFilter` or `serverChildren`. */
  readonly query: ServerQuery;
}

/** A place pools come from. */
export interface PoolSource extends IDisposable {
  readonly spec: SourceSpec;
  readonly description: SourceDescription;
  readonly capabilities: SourceCapabilities;
  /** Loads the pools; resolves to a snapshot that may carry an error, rejects only when aborted. */
  load(request: LoadRequest): Promise<PoolSnapshot>;
  /** Fires when the source's content changed and it must be loaded again. */
  readonly onDidChange?: vscode.Event<SourceChange>;
}

/** The part of `query` a source with these capabilities sends to the server. */
export function queryFor(capabilities: SourceCapabilities, query: ServerQuery): ServerQuery | undefined {
  if (!capabilities.serverFilter && !capabilities.serverChildren) return undefined;
  const sent: ServerQuery = {};
  if (capabilities.serverFilter) {
    if (query.labelSelector !== undefined) sent.labelSelector = query.labelSelector;
    if (query.status !== undefined) sent.status = query.status;
  }
  if (capabilities.serverChildren && query.parent !== undefined) sent.parent = query.parent;
  return sent;
}

/** Whether a source with these capabilities must ask the server again when its query goes from `a` to `b`. */
export function queryChanged(capabilities: SourceCapabilities, a: ServerQuery, b: ServerQuery): boolean {
  return JSON.stringify(queryFor(capabilities, a) ?? null) !== JSON.stringify(queryFor(capabilities, b) ?? null);
}

/** A snapshot from a parse result: the pools, or the error that explains why there are none. */
export function snapshotFrom(description: SourceDescription, result: ParseResult, extra: Pick<PoolSnapshot, 'serverQuery'> = {}): PoolSnapshot {
  if (!result.ok) return errorSnapshot(description, result.error);
  return { source: description, pools: result.pools, raw: result.raw, problems: result.problems, loadedAt: Date.now(), ...extra };
}

/** A load that has no pools, and why. */
export function errorSnapshot(description: SourceDescription, error: string, kind: LoadErrorKind = 'load'): PoolSnapshot {
  return {
    source: description,
    pools: [],
    raw: new Map(),
    problems: [],
    error,
    ...(kind !== 'load' ? { errorKind: kind } : {}),
    loadedAt: Date.now(),
  };
}

/** Restores a persisted spec, or undefined when it is not one. */
export function parseSourceSpec(value: unknown): SourceSpec | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case 'sample':
    case 'live':
      return { kind: v.kind };
    case 'file':
      return typeof v.uri === 'string' && v.uri !== '' ? { kind: 'file', uri: v.uri } : undefined;
    default:
      return undefined;
  }
}
