import * as vscode from 'vscode';
import { VIEW_ID } from '../common/constants';
import type { FilterController } from '../filters/filterController';
import type { PoolStore } from '../pools/store';
import type { SourceManager } from '../sources/sourceManager';
import type { TreeNode } from './nodes';
import { PoolTreeProvider } from './poolTreeProvider';

export interface PoolTree {
  provider: PoolTreeProvider;
  view: vscode.TreeView<TreeNode>;
}

/** The view's description: the source, then the active filter, e.g. `Sample pools · status: Error`. */
export function viewDescription(sourceLabel: string | undefined, filterText: string): string | undefined {
  const parts = [sourceLabel, filterText].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Creates the "Resource Pools" view; its description names the source and the active filter. */
export function registerPoolTree(
  context: vscode.ExtensionContext,
  deps: { store: PoolStore; sources: SourceManager; filters?: FilterController },
): PoolTree {
  const { filters } = deps;
  const provider = new PoolTreeProvider(deps.store);
  if (filters) provider.setFilter((snapshot) => filters.outcomeFor(snapshot));
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const describe = (): void => {
    const source = deps.store.snapshot?.source.label ?? deps.sources.current?.description.label;
    const text = viewDescription(source, filters?.describe() ?? '');
    // The description shows only where the view has a header of its own (not when it is alone
    // in its container, as it is by default), so the same text also heads the tree as its message.
    view.description = text;
    view.message = text;
  };
  context.subscriptions.push(
    provider,
    view,
    deps.sources.onDidChangeLoading((loading) => {
      provider.setLoading(loading);
      describe();
    }),
    deps.store.onDidChange(() => describe()),
  );
  if (filters) {
    context.subscriptions.push(
      filters.onDidChange(() => {
        provider.refilter();
        describe();
      }),
    );
  }
  describe();
  return { provider, view };
}
