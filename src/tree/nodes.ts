import * as vscode from 'vscode';
import { Commands, ItemTokens } from '../common/constants';
import type { ParseProblem } from '../modelarts/parse';
import type { PoolNode } from '../pools/hierarchy';
import { describeTopReason } from '../pools/hierarchy';
import { describePool, displayName, phaseOf, phaseStyle, tooltipMarkdown } from '../pools/summary';

/** What every row of the pools tree is. */
export interface TreeNode {
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[];
  /** Fills in what is costly to compute (the tooltip) when the row is hovered. */
  resolveTreeItem?(item: vscode.TreeItem): vscode.TreeItem;
}

/** Decides which children of a pool are shown and which are there only for context. */
export interface Visibility {
  isShown(name: string): boolean;
  isContextOnly(name: string): boolean;
  /**
   * The pool whose children were asked of the server (live "Show Only This
   * Pool's Children"): its children are at the top on purpose, not orphans.
   */
  readonly listedUnder?: string;
}

export const SHOW_ALL: Visibility = { isShown: () => true, isContextOnly: () => false };

/** A resource pool. */
export class PoolTreeNode implements TreeNode {
  readonly id: string;
  private current: PoolNode;

  constructor(
    node: PoolNode,
    readonly parent: PoolTreeNode | undefined,
    private readonly nodeFor: (node: PoolNode, parent: PoolTreeNode | undefined) => PoolTreeNode,
    private readonly visibility: () => Visibility,
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

  /** Why this pool is at the top, unless it is there because its parent's children were asked for. */
  private topReason(): PoolNode['topReason'] {
    const reason = this.current.topReason;
    const under = this.visibility().listedUnder;
    if (reason && under !== undefined && reason.kind === 'missingParent' && reason.parent === under) return undefined;
    return reason;
  }

  /** The pool's name (its ID), for commands that take a node or a name. */
  get poolName(): string {
    return this.node.name;
  }

  private visibleChildren(): PoolNode[] {
    const v = this.visibility();
    return this.node.children.filter((c) => v.isShown(c.name));
  }

  getChildren(): TreeNode[] {
    return this.visibleChildren().map((c) => this.nodeFor(c, this));
  }

  getTreeItem(): vscode.TreeItem {
    const pool = this.node.pool;
    const hasChildren = this.visibleChildren().length > 0;
    const item = new vscode.TreeItem(
      displayName(pool),
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const style = phaseStyle(phaseOf(pool));
    const contextOnly = this.visibility().isContextOnly(this.node.name);
    const topReason = this.topReason();
    let description = describePool(pool);
    if (topReason) description = description ? `${description} · not under its parent` : 'not under its parent';
    if (contextOnly) description = description ? `${description} · (context)` : '(context)';
    item.description = description;
    item.iconPath = new vscode.ThemeIcon(style.icon, style.color ? new vscode.ThemeColor(style.color) : undefined);
    const tokens: string[] = [ItemTokens.pool];
    if (hasChildren) tokens.push(ItemTokens.hasChildren);
    if (contextOnly) tokens.push(ItemTokens.context);
    if (topReason) tokens.push(ItemTokens.orphan);
    item.contextValue = tokens.join(' ');
    item.accessibilityInformation = { label: `${displayName(pool)}, ${style.label}${description ? `, ${description}` : ''}` };
    item.command = { command: Commands.showPoolDetails, title: 'Show Pool Details', arguments: [this.node.name] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    const extra: string[] = [];
    const topReason = this.topReason();
    if (topReason) extra.push(`Shown at the top level: ${describeTopReason(topReason)}`);
    if (this.visibility().isContextOnly(this.node.name)) extra.push('Shown for context: it does not match the filter, a pool under it does.');
    const md = new vscode.MarkdownString(tooltipMarkdown(this.node.pool, extra), true);
    md.supportHtml = false;
    md.isTrusted = false;
    item.tooltip = md;
    return item;
  }
}

/** A line of text in the tree: an error, a warning, information or progress. */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly options: {
      kind: 'error' | 'warning' | 'info' | 'loading';
      description?: string;
      tooltip?: string;
      command?: vscode.Command;
      contextTokens?: string[];
      children?: TreeNode[];
      parent?: TreeNode;
    },
  ) {}

  get parent(): TreeNode | undefined {
    return this.options.parent;
  }

  getChildren(): TreeNode[] {
    return this.options.children ?? [];
  }

  getTreeItem(): vscode.TreeItem {
    const o = this.options;
    const item = new vscode.TreeItem(
      this.label,
      o.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = o.description;
    item.tooltip = o.tooltip ?? this.label;
    item.command = o.command;
    const icons = {
      error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
      warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
      info: new vscode.ThemeIcon('info'),
      loading: new vscode.ThemeIcon('loading~spin'),
    };
    item.iconPath = icons[o.kind];
    item.contextValue = [o.kind === 'error' ? ItemTokens.error : 'message', ...(o.contextTokens ?? [])].join(' ');
    return item;
  }
}

/** "N problems in the data", expanding to one row per problem. */
export function problemsNode(problems: readonly ParseProblem[]): MessageNode {
  const skipped = problems.filter((p) => p.severity === 'skipped').length;
  const dropped = problems.length - skipped;
  const parts: string[] = [];
  if (skipped) parts.push(`${skipped} pool${skipped === 1 ? '' : 's'} skipped`);
  if (dropped) parts.push(`${dropped} field${dropped === 1 ? '' : 's'} left out`);
  const children: TreeNode[] = [];
  const node = new MessageNode('problems', `Problems in the data: ${parts.join(', ')}`, {
    kind: 'warning',
    tooltip: 'Some of the data did not match the ListPools format. Everything else is shown. See the ModelArts log for details.',
    children,
  });
  const SHOWN = 200;
  problems.slice(0, SHOWN).forEach((p, i) => {
    children.push(
      new MessageNode(`problems:${i}`, p.message.startsWith('item ') ? p.message : `${p.path}: ${p.message}`, {
        kind: p.severity === 'skipped' ? 'warning' : 'info',
        tooltip: `${p.path}: ${p.message}`,
        parent: node,
      }),
    );
  });
  if (problems.length > SHOWN) {
    children.push(
      new MessageNode('problems:more', `…and ${problems.length - SHOWN} more (see the ModelArts log)`, {
        kind: 'info',
        command: { command: Commands.showLog, title: 'Show Log' },
        parent: node,
      }),
    );
  }
  return node;
}
