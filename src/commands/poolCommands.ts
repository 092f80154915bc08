import * as vscode from 'vscode';
import { poolNameArg } from '../common/commandArgs';
import { registerCommand } from '../common/commands';
import { Commands } from '../common/constants';
import type { PoolStore } from '../pools/store';
import { displayName } from '../pools/summary';
import type { SourceManager } from '../sources/sourceManager';
import type { TreeNode } from '../tree/nodes';

export interface CommandDeps {
  store: PoolStore;
  sources: SourceManager;
  log: vscode.LogOutputChannel;
  view: vscode.TreeView<TreeNode>;
}

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

/** Refresh, sources and clipboard commands. */
export function registerPoolCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const { store, sources, log } = deps;
  const register = (id: Parameters<typeof registerCommand>[2], handler: (...args: unknown[]) => unknown): void =>
    registerCommand(context, log, id, handler);

  register(Commands.refresh, async () => {
    if (!sources.current) {
      void vscode.window.showInformationMessage('Choose what to show first: the sample pools, a ListPools JSON file or your ModelArts account.');
      return;
    }
    await sources.refresh();
  });

  register(Commands.openSamplePools, () => sources.use({ kind: 'sample' }));

  register(Commands.openFile, async (arg: unknown) => {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Open ListPools JSON File',
        openLabel: 'Show Pools',
        canSelectMany: false,
        filters: { 'ListPools JSON': ['json'], 'All files': ['*'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return;
    await sources.use({ kind: 'file', uri: uri.toString() });
  });

  const copy = async (arg: unknown, what: 'name' | 'id'): Promise<void> => {
    const name = poolNameFrom(arg, deps.view);
    const pool = name ? store.get(name) : undefined;
    if (!pool) {
      throw new Error(name ? `The pool "${name}" is no longer in the list.` : 'Select a pool in the Resource Pools view first.');
    }
    const text = what === 'name' ? displayName(pool) : pool.metadata.name;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${what === 'name' ? 'pool name' : 'pool ID'}: ${text}`, 3000);
  };
  register(Commands.copyPoolName, (arg) => copy(arg, 'name'));
  register(Commands.copyPoolId, (arg) => copy(arg, 'id'));

  register(Commands.showLog, () => log.show(true));
}
