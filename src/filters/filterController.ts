import * as vscode from 'vscode';
import { ContextKeys, StateKeys } from '../common/constants';
import type { ListPoolsQuery } from '../modelarts/types';
import type { PoolFilter } from '../pools/filter';
import { describeFilter, isFilterActive, normalizeFilter } from '../pools/filter';
import type { FilterOutcome } from '../pools/filterView';
import { filterPools, serverQuery, serverTermsChanged } from '../pools/filterView';
import type { PoolSnapshot, PoolStore } from '../pools/store';
import { displayName } from '../pools/summary';
import type { SourceManager } from '../sources/sourceManager';

export interface FilterChange {
  previous: PoolFilter;
  current: PoolFilter;
  /** The server-side terms (labelSelector, status, parent) changed. */
  serverTermsChanged: boolean;
}

export interface FilterControllerDeps {
  state: vscode.Memento;
  store: PoolStore;
  sources: SourceManager;
  log: vscode.LogOutputChannel;
}

function sameFilter(a: PoolFilter, b: PoolFilter): boolean {
  return JSON.stringify(normalizeFilter(a)) === JSON.stringify(normalizeFilter(b));
}

/**
 * The tree's filter: one PoolFilter per workspace (workspaceState, so it
 * survives a reload), the `modelarts.filtered` context key, and an event for
 * the tree, the view description and the live source. On a live source a
 * change of a server-side term reloads from the server; every other change
 * is applied locally without a reload.
 */
export class FilterController implements vscode.Disposable {
  private filter: PoolFilter;
  private readonly emitter = new vscode.EventEmitter<FilterChange>();
  readonly onDidChange = this.emitter.event;
  /** Display names of pools chosen as parent, for the description when the pool itself is not loaded. */
  private readonly names = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: FilterControllerDeps) {
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

  /** What a live source asks the server for (labelSelector, status, parent); workspaceId comes from the settings. */
  serverQuery(): Omit<ListPoolsQuery, 'workspaceId'> {
    return serverQuery(this.filter);
  }

  /** The filter applied to a load, with what the tree needs to show it. */
  outcomeFor(snapshot: PoolSnapshot): FilterOutcome {
    const live = snapshot.source.kind === 'live';
    const outcome = filterPools(snapshot.pools, this.filter, live);
    if (live && this.filter.parent !== undefined) outcome.listedUnder = this.filter.parent;
    if (outcome.active) outcome.text = this.describe();
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
    if (change.serverTermsChanged && this.deps.sources.current?.spec.kind === 'live') {
      this.deps.log.info('The server-side filter changed: reloading from ModelArts.');
      void this.deps.sources.refresh();
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Creates the filter controller of the workspace. */
export function registerFilters(
  context: vscode.ExtensionContext,
  deps: Omit<FilterControllerDeps, 'state'>,
): FilterController {
  const filters = new FilterController({ ...deps, state: context.workspaceState });
  context.subscriptions.push(filters);
  return filters;
}
