import * as vscode from 'vscode';
import { VIEW_ID } from '../common/constants';
import type { PoolStore } from '../pools/store';
import type { SourceManager } from '../sources/sourceManager';
import type { TreeNode } from './nodes';
import { PoolTreeProvider } from './poolTreeProvider';

export interface PoolTree {
  provider: PoolTreeProvider;
  view: vscode.TreeView<TreeNode>;
}

/** Creates the "Resource Pools" view; its description names the source. */
export function registerPoolTree(
  context: vscode.ExtensionContext,
  deps: { store: PoolStore; sources: SourceManager },
): PoolTree {
  const provider = new PoolTreeProvider(deps.store);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const describe = (): void => {
    view.description = deps.sources.current?.description.label;
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
  describe();
  return { provider, view };
}
