import type { ListPoolsQuery, Pool } from '../modelarts/types';
import type { ParseProblem } from '../modelarts/parse';

/** The server-side terms of a ListPools request (workspaceId comes from the settings). */
export type ServerQuery = Omit<ListPoolsQuery, 'workspaceId'>;

/**
 * Why a source could not be loaded, which decides the ways out the view offers:
 * `auth` (the keys were refused) and `credentials` (none found) can be mended by
 * configuring credentials, `config` by the settings; `load` is anything else
 * (network, server, an unreadable file) and is retried.
 */
export type LoadErrorKind = 'auth' | 'credentials' | 'config' | 'load';

export type SourceKind = 'sample' | 'file' | 'live';

/** What the pools in a snapshot come from, for display. */
export interface SourceDescription {
  kind: SourceKind;
  /** Short label, e.g. "Sample pools", a file name, or "cn-north-4 · 0123…". */
  label: string;
  /** Longer detail, e.g. the file path or endpoint. */
  detail?: string;
}

/** One load of a source: the pools, or an error that says why there are none. */
export interface PoolSnapshot {
  source: SourceDescription;
  /** Validated pools, in the order received. Names are unique. */
  pools: readonly Pool[];
  /** Each pool's item exactly as received, by `metadata.name`. */
  raw: ReadonlyMap<string, unknown>;
  /** Items skipped or fields dropped while parsing. */
  problems: readonly ParseProblem[];
  /** Set when the source could not be loaded at all. */
  error?: string;
  /** What kind of failure `error` is; `load` when absent. */
  errorKind?: LoadErrorKind;
  /**
   * The server-side terms this load was asked with, when the source applies
   * them on the server (they are then not applied a second time here).
   */
  serverQuery?: ServerQuery;
  /** Epoch milliseconds of the load. */
  loadedAt: number;
}

export interface Disposable {
  dispose(): void;
}

type Listener = (snapshot: PoolSnapshot | undefined) => void;

/** Receives what a listener threw (or the rejection of the promise it returned). */
export type ListenerErrorHandler = (error: unknown) => void;

function defaultErrorHandler(error: unknown): void {
  console.error('A pool store listener failed:', error);
}

/**
 * Holds the current snapshot and tells listeners when it changes. Plain
 * (no vscode import) so that the tree, the webview and the tests share it.
 *
 * Listeners are isolated: each one runs even when an earlier one throws, and
 * what a listener throws, or the rejection of a promise it returns, goes to
 * the error handler (by default console.error), never up to the caller of
 * `set` and never as an unhandled rejection.
 */
export class PoolStore {
  private current: PoolSnapshot | undefined;
  private byName = new Map<string, Pool>();
  private readonly listeners = new Set<Listener>();
  private onListenerError: ListenerErrorHandler;

  constructor(onListenerError: ListenerErrorHandler = defaultErrorHandler) {
    this.onListenerError = onListenerError;
  }

  /** Replaces the handler that receives listener failures. */
  setErrorHandler(handler: ListenerErrorHandler): void {
    this.onListenerError = handler;
  }

  private report(error: unknown): void {
    try {
      this.onListenerError(error);
    } catch {
      // A failing handler must not stop the other listeners either.
    }
  }

  get snapshot(): PoolSnapshot | undefined {
    return this.current;
  }

  get(name: string): Pool | undefined {
    return this.byName.get(name);
  }

  getRaw(name: string): unknown {
    return this.current?.raw.get(name);
  }

  set(snapshot: PoolSnapshot | undefined): void {
    this.current = snapshot;
    this.byName = new Map((snapshot?.pools ?? []).map((p) => [p.metadata.name, p]));
    for (const listener of [...this.listeners]) {
      try {
        const result: unknown = listener(snapshot);
        if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
          (result as PromiseLike<unknown>).then(undefined, (error: unknown) => this.report(error));
        }
      } catch (error) {
        this.report(error);
      }
    }
  }

  onDidChange(listener: Listener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
