import * as vscode from 'vscode';
import { Commands, ItemTokens } from '../common/constants';
import type { PoolHierarchy, PoolNode } from '../pools/hierarchy';
import { buildHierarchy } from '../pools/hierarchy';
import type { PoolSnapshot, PoolStore } from '../pools/store';
import type { TreeNode, Visibility } from './nodes';
import { MessageNode, PoolTreeNode, SHOW_ALL, problemsNode } from './nodes';

/**
 * The "Resource Pools" tree: pools grouped by root and parent, a row for a
 * source that failed, a row for problems in the data, and a spinner while
 * the first load runs. Nodes are kept per pool name so ids stay stable.
 */
export class PoolTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private hierarchy: PoolHierarchy | undefined;
  private snapshot: PoolSnapshot | undefined;
  private nodes = new Map<string, PoolTreeNode>();
  private visibility: Visibility = SHOW_ALL;
  private loading = false;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(store: PoolStore) {
    this.subscriptions.push(store.onDidChange((s) => this.setSnapshot(s)));
    this.setSnapshot(store.snapshot);
  }

  /** The current grouping, for commands and tests. */
  get current(): PoolHierarchy | undefined {
    return this.hierarchy;
  }

  setLoading(loading: boolean): void {
    this.loading = loading;
    if (!this.snapshot) this.changed.fire(undefined);
  }

  /** Shows only some pools (filters); the rest of the tree is kept. */
  setVisibility(visibility: Visibility): void {
    this.visibility = visibility;
    this.changed.fire(undefined);
  }

  private setSnapshot(snapshot: PoolSnapshot | undefined): void {
    this.snapshot = snapshot;
    this.hierarchy = snapshot ? buildHierarchy(snapshot.pools) : undefined;
    this.nodes = new Map();
    this.changed.fire(undefined);
  }

  /** The tree node of a pool, made once per snapshot. */
  nodeFor = (node: PoolNode, parent: PoolTreeNode | undefined): PoolTreeNode => {
    let n = this.nodes.get(node.name);
    if (!n) {
      n = new PoolTreeNode(node, parent, this.nodeFor, () => this.visibility);
      this.nodes.set(node.name, n);
    }
    return n;
  };

  /** The tree node of a pool by name, with its ancestors made (for reveal). */
  findPool(name: string): PoolTreeNode | undefined {
    const node = this.hierarchy?.byName.get(name);
    if (!node) return undefined;
    const chain: PoolNode[] = [];
    for (let n: PoolNode | undefined = node; n; n = n.parent) chain.push(n);
    let parent: PoolTreeNode | undefined;
    for (const n of chain.reverse()) parent = this.nodeFor(n, parent);
    return parent;
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element.getTreeItem();
  }

  resolveTreeItem(item: vscode.TreeItem, element: TreeNode): vscode.TreeItem {
    return element.resolveTreeItem ? element.resolveTreeItem(item) : item;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return element.parent;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (element) return element.getChildren();
    const snapshot = this.snapshot;
    if (!snapshot) {
      return this.loading ? [new MessageNode('loading', 'Loading pools…', { kind: 'loading' })] : [];
    }
    const rows: TreeNode[] = [];
    if (snapshot.error) {
      rows.push(
        new MessageNode('error', snapshot.error, {
          kind: 'error',
          description: 'Retry',
          tooltip: `${snapshot.error}\n\nClick to retry.`,
          command: { command: Commands.refresh, title: 'Retry' },
          contextTokens: [ItemTokens.retry],
        }),
      );
    }
    if (snapshot.problems.length) rows.push(problemsNode(snapshot.problems));
    const roots = (this.hierarchy?.roots ?? []).filter((r) => this.visibility.isShown(r.name));
    for (const root of roots) rows.push(this.nodeFor(root, undefined));
    if (!snapshot.error && snapshot.pools.length === 0) {
      rows.push(new MessageNode('empty', `No pools in ${snapshot.source.label}.`, { kind: 'info' }));
    }
    return rows;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
