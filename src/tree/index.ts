import * as vscode from 'vscode';
import { VIEW_ID } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import type { FilterController } from '../filters/filterController';
import type { PoolStore } from '../pools/store';
import type { SourceManager } from '../sources/sourceManager';
import type { TreeNode } from './nodes';
import { PoolTreeProvider } from './poolTreeProvider';

export { registerTreeCommands } from './commands';

/** The view's description: the source, then the active filter, e.g. `Sample pools · status: Error`. */
export function viewDescription(sourceLabel: string | undefined, filterText: string): string | undefined {
  const parts = [sourceLabel, filterText].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** The "Resource Pools" view; its description and message name the source and the active filter. */
export class PoolTree extends Disposable {
  readonly provider: PoolTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;

  constructor(private readonly deps: { store: PoolStore; sources: SourceManager; filters: FilterController }) {
    super();
    const { filters } = deps;
    const provider = (this.provider = this._register(new PoolTreeProvider(deps.store)));
    provider.setFilter((snapshot) => filters.outcomeFor(snapshot));
    this.view = this._register(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
    this._register(
      deps.sources.onDidChangeLoading((loading) => {
        provider.setLoading(loading);
        this.describe();
      }),
    );
    this._register(deps.store.onDidChange(() => this.describe()));
    this._register(
      filters.onDidChange(() => {
        provider.refilter();
        this.describe();
      }),
    );
    this.describe();
  }

  private describe(): void {
    const source = this.deps.store.snapshot?.source.label ?? this.deps.sources.current?.description.label;
    const text = viewDescription(source, this.deps.filters.describe());
    // The description shows only where the view has a header of its own (not when it is alone
    // in its container, as it is by default), so the same text also heads the tree as its message.
    this.view.description = text;
    this.view.message = text;
  }
}
