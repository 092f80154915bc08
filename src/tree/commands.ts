import * as vscode from 'vscode';
import { poolNameArg } from '../common/commandArgs';
import type { CommandRegistrar } from '../common/commands';
import { UserFacingError } from '../common/commands';
import { Commands } from '../common/constants';
import { safeText, showStatus } from '../common/messages';
import type { PoolStore } from '../pools/store';
import { displayName } from '../pools/summary';
import type { TreeNode } from './nodes';

/** A pool name from a command argument: a tree node, a name, or the tree's selection. */
export function poolNameFrom(arg: unknown, view?: vscode.TreeView<TreeNode>): string | undefined {
  const given = poolNameArg(arg);
  if (given !== undefined) return given;
  for (const node of view?.selection ?? []) {
    const selected = poolNameArg(node);
    if (selected !== undefined) return selected;
  }
  return undefined;
}

/** Copy Pool Name and Copy Pool ID, from a row's context menu or the palette (the selection). */
export function registerTreeCommands(deps: { commands: CommandRegistrar; store: PoolStore; view: vscode.TreeView<TreeNode> }): void {
  const { commands, store, view } = deps;
  const copy = async (arg: unknown, what: 'name' | 'id'): Promise<void> => {
    const name = poolNameFrom(arg, view);
    const pool = name ? store.get(name) : undefined;
    if (!pool) {
      throw new UserFacingError(
        name ? safeText(vscode.l10n.t('The pool "{0}" is no longer in the list.'), name) : safeText(vscode.l10n.t('Select a pool in the Resource Pools view first.')),
      );
    }
    const text = what === 'name' ? displayName(pool) : pool.metadata.name;
    await vscode.env.clipboard.writeText(text);
    showStatus(what === 'name' ? safeText(vscode.l10n.t('Copied pool name: {0}'), text) : safeText(vscode.l10n.t('Copied pool ID: {0}'), text), 3000);
  };
  commands.register(Commands.copyPoolName, (arg) => copy(arg, 'name'));
  commands.register(Commands.copyPoolId, (arg) => copy(arg, 'id'));
}
