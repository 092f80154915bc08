import * as vscode from 'vscode';
import { ContextKeys, StateKeys } from '../common/constants';
import { LatestRequest } from '../common/latestRequest';
import { Disposable } from '../common/lifecycle';
import { errorMessage } from '../common/log';
import type { SafeText } from '../common/messages';
import { safeText, withProgress } from '../common/messages';
import type { PoolSnapshot, PoolStore, ServerQuery } from '../pools/store';
import type { PoolSource, SourceChange, SourceSpec } from './source';
import { errorSnapshot, parseSourceSpec, queryChanged } from './source';

/** A reload shorter than this shows no progress at all (no flicker). */
const PROGRESS_DELAY_MS = 300;

/** Shows `title` in the status bar while `work` runs, once it has run for `ms`. */
function showProgressAfter(ms: number, title: SafeText, work: Promise<unknown>): void {
  let done = false;
  const end = (): void => {
    done = true;
  };
  const settled = work.then(end, end);
  const timer = setTimeout(() => {
    if (!done) void withProgress(vscode.ProgressLocation.Window, title, () => settled);
  }, ms);
  void settled.then(() => clearTimeout(timer));
}

/** How each kind of source is made; a kind without a factory cannot be used. */
export type SourceFactories = { [K in SourceSpec['kind']]?: (spec: Extract<SourceSpec, { kind: K }>) => PoolSource };

export interface SourceManagerDeps {
  store: PoolStore;
  log: vscode.LogOutputChannel;
  state: vscode.Memento;
  factories: SourceFactories;
  /** The filter's server-side terms at start; later ones come through setServerQuery(). */
  serverQuery: ServerQuery;
}

/**
 * Owns the current source and is the only thing that loads it: into the
 * store, newest load winning (older ones are aborted), with progress in the
 * view. Reloads when the user refreshes, when the source says its content
 * changed (clearing the view first when it says so: another account or
 * place), and when the filter's server-side terms change for a source that
 * applies them. Remembers the choice of source per workspace.
 */
export class SourceManager extends Disposable {
  private source: PoolSource | undefined;
  private sourceListener: vscode.Disposable | undefined;
  /** The load in flight: a newer one aborts it, and its result is then dropped. */
  private readonly latest = new LatestRequest();
  private readonly loadingChanged = this._register(new vscode.EventEmitter<boolean>());
  /** Fires true when a load starts and false when the newest one ends. */
  readonly onDidChangeLoading = this.loadingChanged.event;
  private loadingNow = false;
  private query: ServerQuery;

  constructor(private readonly deps: SourceManagerDeps) {
    super();
    this.query = { ...deps.serverQuery };
    this._register({
      dispose: () => {
        this.latest.cancel();
        this.sourceListener?.dispose();
        this.source?.dispose();
      },
    });
  }

  get current(): PoolSource | undefined {
    return this.source;
  }

  get loading(): boolean {
    return this.loadingNow;
  }

  /** Restores the source chosen in an earlier session, if any. */
  async restore(): Promise<void> {
    const spec = parseSourceSpec(this.deps.state.get(StateKeys.source));
    if (spec) await this.use(spec);
    else await vscode.commands.executeCommand('setContext', ContextKeys.hasSource, false);
  }

  /** Switches to a source and loads it; the store is cleared first so nothing of the old source shows. */
  async use(spec: SourceSpec): Promise<void> {
    const source = this.create(spec);
    if (!source) throw new Error(`No source can be made for ${JSON.stringify(spec)}.`);
    this.sourceListener?.dispose();
    this.source?.dispose();
    this.source = source;
    this.sourceListener = source.onDidChange?.((change) => this.sourceChanged(source, change));
    this.latest.cancel();
    // Loading first, so the cleared view shows "Loading pools…" from its first frame, never a blank.
    this.setLoading(true);
    this.deps.store.set(undefined);
    await this.deps.state.update(StateKeys.source, spec);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasSource, true);
    const d = source.description;
    this.deps.log.info(`Source: ${d.label}${d.detail ? ` (${d.detail})` : ''}.`);
    await this.refresh();
  }

  private sourceChanged(source: PoolSource, change: SourceChange): void {
    if (source !== this.source) return;
    this.deps.log.info(`${change.reason}: ${change.clear ? 'clearing the pools and reloading' : 'reloading'}.`);
    if (change.clear) {
      this.latest.cancel();
      this.setLoading(true);
      this.deps.store.set(undefined);
    }
    void this.refresh();
  }

  /**
   * The filter's server-side terms changed: a source that applies them is
   * asked again; any other source is not reloaded.
   */
  setServerQuery(query: ServerQuery): void {
    const before = this.query;
    this.query = { ...query };
    const source = this.source;
    if (!source || !queryChanged(source.capabilities, before, this.query)) return;
    this.deps.log.info('The server-side filter changed: reloading from the server.');
    void this.refresh();
  }

  /** Reloads the current source. Resolves to its snapshot, or undefined when a newer load superseded it. */
  async refresh(): Promise<PoolSnapshot | undefined> {
    const source = this.source;
    if (!source) return undefined;
    this.setLoading(true);
    const started = Date.now();
    const query = { ...this.query };
    try {
      const run = this.latest.run(async (signal) => {
        try {
          return await source.load({ signal, query });
        } catch (error) {
          if (signal.aborted) throw error;
          return errorSnapshot(source.description, errorMessage(error));
        }
      });
      // A first load shows "Loading pools…" in the tree. A reload keeps the rows and the
      // view's badge: its progress goes to the status bar, and only if it takes a while.
      if (this.deps.store.snapshot) showProgressAfter(PROGRESS_DELAY_MS, safeText(vscode.l10n.t('Refreshing ModelArts pools…')), run);
      const result = await run;
      if (result.status === 'superseded' || source !== this.source) return undefined;
      this.report(result.value, Date.now() - started);
      this.deps.store.set(result.value);
      return result.value;
    } finally {
      if (!this.latest.busy) this.setLoading(false);
    }
  }

  private report(snapshot: PoolSnapshot, ms: number): void {
    const { log } = this.deps;
    const label = snapshot.source.label;
    if (snapshot.error) {
      log.error(`${label}: ${snapshot.error}`);
      return;
    }
    log.info(`${label}: loaded ${snapshot.pools.length} pool${snapshot.pools.length === 1 ? '' : 's'} in ${ms} ms.`);
    for (const p of snapshot.problems) {
      if (p.severity === 'skipped') log.warn(`${label}: ${p.message}.`);
      else log.warn(`${label}: ${p.path}: ${p.message}; the field is left out.`);
    }
  }

  private setLoading(loading: boolean): void {
    if (this.loadingNow === loading) return;
    this.loadingNow = loading;
    this.loadingChanged.fire(loading);
  }

  private create(spec: SourceSpec): PoolSource | undefined {
    const factory = this.deps.factories[spec.kind] as ((s: SourceSpec) => PoolSource) | undefined;
    return factory?.(spec);
  }
}
