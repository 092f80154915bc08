import * as vscode from 'vscode';
import { ContextKeys, StateKeys, VIEW_ID } from '../common/constants';
import { errorMessage } from '../common/log';
import { LatestRequest } from '../modelarts/client';
import type { PoolSnapshot, PoolStore } from '../pools/store';
import type { PoolSource, SourceSpec } from './source';
import { errorSnapshot, parseSourceSpec } from './source';

/** Makes a source from a spec; the live source is added by the live-data feature. */
export type SourceFactory = (spec: SourceSpec) => PoolSource | undefined;

/**
 * Owns the current source: loads it into the store (newest load wins, older
 * ones are aborted), shows progress in the view, remembers the choice per
 * workspace and reloads when the source says its content changed.
 */
export class SourceManager implements vscode.Disposable {
  private source: PoolSource | undefined;
  private sourceListener: vscode.Disposable | undefined;
  /** The load in flight: a newer one aborts it, and its result is then dropped. */
  private readonly latest = new LatestRequest();
  private readonly loadingChanged = new vscode.EventEmitter<boolean>();
  /** Fires true when a load starts and false when the newest one ends. */
  readonly onDidChangeLoading = this.loadingChanged.event;
  private loadingNow = false;

  constructor(
    private readonly store: PoolStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
    private readonly factories: SourceFactory[],
  ) {}

  get current(): PoolSource | undefined {
    return this.source;
  }

  get loading(): boolean {
    return this.loadingNow;
  }

  /** Adds a way to make sources (e.g. the live API) after construction. */
  addFactory(factory: SourceFactory): void {
    this.factories.push(factory);
  }

  /** Restores the source chosen in an earlier session, if any. */
  async restore(): Promise<void> {
    const spec = parseSourceSpec(this.state.get(StateKeys.source));
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
    this.sourceListener = source.onDidChange?.(() => {
      this.log.info(`${source.description.label} changed; reloading.`);
      void this.refresh();
    });
    this.latest.cancel();
    this.store.set(undefined);
    await this.state.update(StateKeys.source, spec);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasSource, true);
    await vscode.commands.executeCommand('setContext', ContextKeys.live, spec.kind === 'live');
    this.log.info(`Source: ${source.description.label}${source.description.detail ? ` (${source.description.detail})` : ''}.`);
    await this.refresh();
  }

  /** Forgets the source (e.g. credentials were cleared while live). */
  async reset(): Promise<void> {
    this.latest.cancel();
    this.setLoading(false);
    this.sourceListener?.dispose();
    this.source?.dispose();
    this.source = undefined;
    this.store.set(undefined);
    await this.state.update(StateKeys.source, undefined);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasSource, false);
    await vscode.commands.executeCommand('setContext', ContextKeys.live, false);
  }

  /** Reloads the current source. Resolves to its snapshot, or undefined when a newer load superseded it. */
  async refresh(): Promise<PoolSnapshot | undefined> {
    const source = this.source;
    if (!source) return undefined;
    this.setLoading(true);
    const started = Date.now();
    try {
      const result = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
        this.latest.run(async (signal) => {
          try {
            return await source.load(signal);
          } catch (error) {
            if (signal.aborted) throw error;
            return errorSnapshot(source.description, errorMessage(error));
          }
        }),
      );
      if (result.status === 'superseded' || source !== this.source) return undefined;
      this.report(result.value, Date.now() - started);
      this.store.set(result.value);
      return result.value;
    } finally {
      if (!this.latest.busy) this.setLoading(false);
    }
  }

  private report(snapshot: PoolSnapshot, ms: number): void {
    const label = snapshot.source.label;
    if (snapshot.error) {
      this.log.error(`${label}: ${snapshot.error}`);
      return;
    }
    this.log.info(`${label}: loaded ${snapshot.pools.length} pool${snapshot.pools.length === 1 ? '' : 's'} in ${ms} ms.`);
    for (const p of snapshot.problems) {
      if (p.severity === 'skipped') this.log.warn(`${label}: ${p.message}.`);
      else this.log.warn(`${label}: ${p.path}: ${p.message}; the field is left out.`);
    }
  }

  private setLoading(loading: boolean): void {
    if (this.loadingNow === loading) return;
    this.loadingNow = loading;
    this.loadingChanged.fire(loading);
  }

  private create(spec: SourceSpec): PoolSource | undefined {
    for (const factory of this.factories) {
      const source = factory(spec);
      if (source) return source;
    }
    return undefined;
  }

  dispose(): void {
    this.latest.cancel();
    this.sourceListener?.dispose();
    this.source?.dispose();
    this.loadingChanged.dispose();
  }
}
