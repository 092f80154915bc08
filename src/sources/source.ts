import type * as vscode from 'vscode';
import type { ParseResult } from '../modelarts/parse';
import type { PoolSnapshot, SourceDescription } from '../pools/store';

/** What the user chose to look at; persisted per workspace. */
export type SourceSpec = { kind: 'sample' } | { kind: 'file'; uri: string } | { kind: 'live' };

/** A place pools come from. */
export interface PoolSource extends vscode.Disposable {
  readonly spec: SourceSpec;
  readonly description: SourceDescription;
  /** Loads the pools; resolves to a snapshot that may carry an error, rejects only when aborted. */
  load(signal: AbortSignal): Promise<PoolSnapshot>;
  /** Fires when the source's content changed and should be reloaded (e.g. the file was edited). */
  readonly onDidChange?: vscode.Event<void>;
}

/** A snapshot from a parse result: the pools, or the error that explains why there are none. */
export function snapshotFrom(description: SourceDescription, result: ParseResult, loadedAt = Date.now()): PoolSnapshot {
  if (!result.ok) return errorSnapshot(description, result.error, loadedAt);
  return { source: description, pools: result.pools, raw: result.raw, problems: result.problems, loadedAt };
}

export function errorSnapshot(
  description: SourceDescription,
  error: string,
  loadedAt = Date.now(),
  errorAction?: PoolSnapshot['errorAction'],
): PoolSnapshot {
  return { source: description, pools: [], raw: new Map(), problems: [], error, ...(errorAction ? { errorAction } : {}), loadedAt };
}

/** Restores a persisted spec, or undefined when it is not one. */
export function parseSourceSpec(value: unknown): SourceSpec | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.kind === 'sample' || v.kind === 'live') return { kind: v.kind };
  if (v.kind === 'file' && typeof v.uri === 'string' && v.uri !== '') return { kind: 'file', uri: v.uri };
  return undefined;
}
