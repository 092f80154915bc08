import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { FilterOutcome, PoolVisibility } from '../pools/filterView';
import { SHOW_EVERY_POOL, visibilityOf } from '../pools/filterView';
import type { PoolHierarchy, PoolNode } from '../pools/hierarchy';
import { buildHierarchy } from '../pools/hierarchy';
import type { PoolSnapshot, PoolStore } from '../pools/store';
import type { TreePlan, TreeState } from '../pools/treePlan';
import { planTreeUpdate } from '../pools/treePlan';
import { topRows } from '../pools/treeRows';
import type { TreeNode } from './nodes';
import { MessageNode, PoolTreeNode } from './nodes';

/** One frame at 60 Hz: the tree is re-rendered at most this often while the filter changes. */
const FRAME_MS = 16;

/** How the tree applies the filter to a load; undefined shows every pool. */
export type TreeFilter = (snapshot: PoolSnapshot) => FilterOutcome | undefined;

/**
 * The "Resource Pools" tree: pools grouped by root and parent, a row for a
 * source that failed, a row for problems in the data, a row when the filter
 * hides every pool, and a spinner while the first load runs.
 *
 * Nodes are kept per pool name so ids stay stable. A refresh whose pools form
 * the same tree (same set, order, parents, names and filtered rows) updates
 * the rows in place and fires change events only for the pools that changed;
 * anything else rebuilds the tree (ids keep expansion and selection).
 */
export class PoolTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private hierarchy: PoolHierarchy | undefined;
  private state: TreeState | undefined;
  private nodes = new Map<string, PoolTreeNode>();
  private visibility: PoolVisibility = SHOW_EVERY_POOL;
  private filter: TreeFilter | undefined;
  private loading = false;
  private plan: TreePlan | undefined;
  /** When the whole tree was last re-rendered, and the re-render waiting for the next frame. */
  private lastFire = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(store: PoolStore) {
    super();
    this._register(store.onDidChange((s) => this.setSnapshot(s)));
    this._register({ dispose: () => this.cancelPending() });
    this.setSnapshot(store.snapshot);
  }

  /** The current grouping, for commands and tests. */
  get current(): PoolHierarchy | undefined {
    return this.hierarchy;
  }

  /** The filter as applied to the current load, if any. */
  get filterOutcome(): FilterOutcome | undefined {
    return this.state?.filter;
  }

  /** How the last load was taken (in place or rebuilt), for tests and the log. */
  get lastPlan(): TreePlan | undefined {
    return this.plan;
  }

  setLoading(loading: boolean): void {
    if (this.loading === loading) return;
    this.loading = loading;
    if (!this.state) this.fireAll();
  }

  /** Sets how pools are filtered and applies it now. */
  setFilter(filter: TreeFilter | undefined): void {
    this.filter = filter;
    this.refilter();
  }

  /** Applies the filter again (it changed): the rows change, the loaded pools do not. */
  refilter(): void {
    if (this.state) {
      this.state = { snapshot: this.state.snapshot, filter: this.filter?.(this.state.snapshot) };
      this.visibility = visibilityOf(this.state.filter);
    }
    this.fireSoon();
  }

  /** Re-renders the whole tree now; a change waiting for the next frame is part of this one. */
  private fireAll(): void {
    this.cancelPending();
    this.lastFire = Date.now();
    this.changed.fire(undefined);
  }

  /**
   * Re-renders the whole tree at most once per frame: at once when the last
   * change is a frame old, else at the end of that frame, together with any
   * other change made meanwhile (typing into the name filter).
   */
  private fireSoon(): void {
    if (this.pending) return;
    const wait = this.lastFire + FRAME_MS - Date.now();
    if (wait <= 0) {
      this.fireAll();
      return;
    }
    this.pending = setTimeout(() => this.fireAll(), wait);
  }

  private cancelPending(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }

  private setSnapshot(snapshot: PoolSnapshot | undefined): void {
    if (!snapshot) {
      this.state = undefined;
      this.hierarchy = undefined;
      this.visibility = SHOW_EVERY_POOL;
      this.nodes = new Map();
      this.plan = undefined;
      this.fireAll();
      return;
    }
    const next: TreeState = { snapshot, filter: this.filter?.(snapshot) };
    const plan = planTreeUpdate(this.state, next);
    this.plan = plan;
    this.state = next;
    this.hierarchy = buildHierarchy(snapshot.pools);
    this.visibility = visibilityOf(next.filter);
    if (plan.kind === 'rebuild') {
      this.nodes = new Map();
      this.fireAll();
      return;
    }
    // Same shape: keep every row object, point it at the new data, re-render the changed ones.
    const byName = this.hierarchy.byName;
    for (const [name, row] of this.nodes) {
      const node = byName.get(name);
      if (node) row.rebind(node);
      else this.nodes.delete(name);
    }
    const rows = plan.changed.map((name) => this.nodes.get(name)).filter((n): n is PoolTreeNode => n !== undefined);
    if (rows.length > 0) this.changed.fire(rows);
  }

  /** The tree node of a pool, made once per shape of the tree. */
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
    return topRows({
      snapshot: this.state?.snapshot,
      loading: this.loading,
      filter: this.state?.filter,
      roots: this.hierarchy?.roots ?? [],
      visibility: this.visibility,
    }).map((row) => (row.type === 'pool' ? this.nodeFor(row.node, undefined) : new MessageNode(row)));
  }
}
