import * as vscode from 'vscode';
import { ContextKeys, StateKeys } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import type { PoolFilter } from '../pools/filter';
import { describeFilter, isFilterActive, normalizeFilter } from '../pools/filter';
import type { FilterOutcome } from '../pools/filterView';
import { filterPools, serverQuery, serverTermsChanged } from '../pools/filterView';
import type { PoolSnapshot, PoolStore, ServerQuery } from '../pools/store';
import { displayName } from '../pools/summary';

export interface FilterChange {
  previous: PoolFilter;
  current: PoolFilter;
  /** The server-side terms (labelSelector, status, parent) changed. */
  serverTermsChanged: boolean;
}

export interface FilterControllerDeps {
  state: vscode.Memento;
  store: PoolStore;
  log: vscode.LogOutputChannel;
}

function sameFilter(a: PoolFilter, b: PoolFilter): boolean {
  return JSON.stringify(normalizeFilter(a)) === JSON.stringify(normalizeFilter(b));
}

/**
 * The tree's filter: one PoolFilter per workspace (workspaceState, so it
 * survives a reload), the `modelarts.filtered` context key, and an event for
 * the tree, the view description and the source manager (which asks a source
 * that filters on the server again when a server-side term changed).
 */
export class FilterController extends Disposable {
  private filter: PoolFilter;
  private readonly emitter = this._register(new vscode.EventEmitter<FilterChange>());
  readonly onDidChange = this.emitter.event;
  /** Display names of pools chosen as parent, for the description when the pool itself is not loaded. */
  private readonly names = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  /** The last outcome, for the same load and filter (the tree and the name box both ask). */
  private lastOutcome: { snapshot: PoolSnapshot; filter: PoolFilter; outcome: FilterOutcome } | undefined;

  constructor(private readonly deps: FilterControllerDeps) {
    super();
    this.filter = normalizeFilter(deps.state.get(StateKeys.filter));
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, isFilterActive(this.filter));
    if (isFilterActive(this.filter)) deps.log.info(`Filter restored: ${this.describe()}.`);
  }

  /** The current filter (a copy). */
  get current(): PoolFilter {
    return { ...this.filter };
  }

  /** The filter as stored in workspace state: what the next session restores. */
  get persisted(): PoolFilter {
    return normalizeFilter(this.deps.state.get(StateKeys.filter));
  }

  get active(): boolean {
    return isFilterActive(this.filter);
  }

  /** What a source that filters on the server asks it for (labelSelector, status, parent). */
  serverQuery(): ServerQuery {
    return serverQuery(this.filter);
  }

  /**
   * The filter applied to a load, with what the tree needs to show it. The
   * terms the load was asked the server with are not applied again here.
   */
  outcomeFor(snapshot: PoolSnapshot): FilterOutcome {
    const last = this.lastOutcome;
    if (last && last.snapshot === snapshot && last.filter === this.filter) return last.outcome;
    const outcome = filterPools(snapshot.pools, this.filter, snapshot.serverQuery !== undefined);
    if (snapshot.serverQuery?.parent !== undefined) outcome.listedUnder = snapshot.serverQuery.parent;
    if (outcome.active) outcome.text = this.describe();
    this.lastOutcome = { snapshot, filter: this.filter, outcome };
    return outcome;
  }

  /** The active filter in words, e.g. `status: Abnormal, Error · label: os.modelarts/sharing=shared`; empty when none. */
  describe(): string {
    return describeFilter(this.filter, (name) => {
      const pool = this.deps.store.get(name);
      return pool ? displayName(pool) : this.names.get(name);
    });
  }

  /** Remembers a pool's display name for the description (e.g. a parent not in a live answer). */
  rememberName(name: string, label: string): void {
    this.names.set(name, label);
  }

  /** Replaces the filter (terms that are invalid are dropped), persists it and applies it. */
  set(filter: PoolFilter): Promise<void> {
    return this.enqueue(() => filter);
  }

  /** Changes some terms; a term set to undefined (or an empty list) is removed. */
  update(terms: Partial<PoolFilter>): Promise<void> {
    return this.enqueue(() => {
      const next: Record<string, unknown> = { ...this.filter };
      for (const [key, value] of Object.entries(terms)) {
        if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
        else next[key] = value;
      }
      return next as PoolFilter;
    });
  }

  clear(): Promise<void> {
    return this.set({});
  }

  /** Changes apply one after another, each on top of the one before. */
  private enqueue(make: () => PoolFilter): Promise<void> {
    const run = this.queue.then(() => this.apply(make()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(filter: PoolFilter): Promise<void> {
    const next = normalizeFilter(filter);
    const previous = this.filter;
    if (sameFilter(previous, next)) return;
    this.filter = next;
    const change: FilterChange = { previous, current: { ...next }, serverTermsChanged: serverTermsChanged(previous, next) };
    this.deps.log.info(isFilterActive(next) ? `Filter: ${this.describe()}.` : 'Filters cleared.');
    await this.deps.state.update(StateKeys.filter, isFilterActive(next) ? next : undefined);
    await vscode.commands.executeCommand('setContext', ContextKeys.filtered, isFilterActive(next));
    this.emitter.fire(change);
  }
}
