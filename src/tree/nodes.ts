import * as vscode from 'vscode';
import type { CommandId } from '../common/constants';
import { Commands, ItemTokens } from '../common/constants';
import type { PoolVisibility } from '../pools/filterView';
import type { PoolNode } from '../pools/hierarchy';
import type { MessageRow, MessageTone, RowAction } from '../pools/treeRows';
import { poolRowView, shownChildren } from '../pools/treeRows';
import { tooltipMarkdown } from '../pools/summary';

/** What every row of the pools tree is. */
export interface TreeNode {
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[];
  /** Fills in what is costly to compute (the tooltip) when the row is hovered. */
  resolveTreeItem?(item: vscode.TreeItem): vscode.TreeItem;
}

/** A resource pool. */
export class PoolTreeNode implements TreeNode {
  readonly id: string;
  private current: PoolNode;

  constructor(
    node: PoolNode,
    readonly parent: PoolTreeNode | undefined,
    private readonly nodeFor: (node: PoolNode, parent: PoolTreeNode | undefined) => PoolTreeNode,
    private readonly visibility: () => PoolVisibility,
  ) {
    this.id = `pool:${node.name}`;
    this.current = node;
  }

  /** The pool and its place in the grouping (of the newest load). */
  get node(): PoolNode {
    return this.current;
  }

  /**
   * Points this row at the same pool in a newer load whose tree has the same
   * shape, so the row object (and VS Code's state for it) stays the same.
   */
  rebind(node: PoolNode): void {
    if (node.name !== this.current.name) throw new Error(`Cannot rebind row of "${this.current.name}" to "${node.name}".`);
    this.current = node;
  }

  /** The pool's name (its ID), for commands that take a node or a name. */
  get poolName(): string {
    return this.node.name;
  }

  getChildren(): TreeNode[] {
    return shownChildren(this.node, this.visibility()).map((c) => this.nodeFor(c, this));
  }

  getTreeItem(): vscode.TreeItem {
    const view = poolRowView(this.node, this.visibility());
    const item = new vscode.TreeItem(
      view.label,
      view.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = view.description;
    item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
    item.contextValue = view.tokens.join(' ');
    item.accessibilityInformation = { label: view.accessibilityLabel };
    // A click shows the pool in the preview panel; a double click keeps it open.
    item.command = { command: Commands.showPoolDetails, title: vscode.l10n.t('Show Pool Details'), arguments: [this.node.name, { preview: true }] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    const view = poolRowView(this.node, this.visibility());
    const md = new vscode.MarkdownString(tooltipMarkdown(this.node.pool, view.tooltipExtra), true);
    md.supportHtml = false;
    md.isTrusted = false;
    item.tooltip = md;
    return item;
  }
}

const ACTIONS: Record<RowAction, { command: CommandId; title: () => string }> = {
  retry: { command: Commands.refresh, title: () => vscode.l10n.t('Retry') },
  configureCredentials: { command: Commands.configureCredentials, title: () => vscode.l10n.t('Configure Credentials…') },
  clearFilters: { command: Commands.clearFilters, title: () => vscode.l10n.t('Clear Filters') },
  showLog: { command: Commands.showLog, title: () => vscode.l10n.t('Show Log') },
};

const ICONS: Record<MessageTone, () => vscode.ThemeIcon> = {
  error: () => new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: () => new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: () => new vscode.ThemeIcon('info'),
  loading: () => new vscode.ThemeIcon('loading~spin'),
};

/** A line of text in the tree: an error, a warning, information or progress. */
export class MessageNode implements TreeNode {
  readonly id: string;
  private readonly children: MessageNode[];

  constructor(
    private readonly row: MessageRow,
    readonly parent?: MessageNode,
  ) {
    this.id = row.id;
    this.children = (row.children ?? []).map((c) => new MessageNode(c, this));
  }

  getChildren(): TreeNode[] {
    return this.children;
  }

  getTreeItem(): vscode.TreeItem {
    const row = this.row;
    const item = new vscode.TreeItem(
      row.label,
      this.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = row.description;
    item.tooltip = row.tooltip ?? row.label;
    if (row.action) {
      const action = ACTIONS[row.action];
      item.command = { command: action.command, title: action.title() };
    }
    item.iconPath = ICONS[row.tone]();
    item.contextValue = [row.tone === 'error' ? ItemTokens.error : 'message', ...row.tokens].join(' ');
    return item;
  }
}
