import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { CommandRegistrar } from './common/commands';
import { setDisplayLanguage } from './common/displayLanguage';
import { TEST_API_ENV } from './common/constants';
import { createLog, registerLogCommand } from './common/log';
import { shownQuickInputs } from './common/quickPick';
import { FilterController, registerFilterCommands } from './filters';
import { LiveAccount, liveSourceFactory, registerLiveCommands } from './live';
import { PoolStore } from './pools/store';
import { AutoRefresh } from './refresh/autoRefresh';
import { FailureWatch } from './refresh/failureNotifier';
import { SourceManager, localSourceFactories, registerSourceCommands } from './sources';
import type { TreeNode } from './tree/nodes';
import type { PoolTreeProvider } from './tree/poolTreeProvider';
import { PoolTree, registerTreeCommands } from './tree';
import { PoolDetails } from './webview';

/** The internals activate() hands to the extension-host tests (only when they run). */
export interface ModelArtsPoolsApi {
  store: PoolStore;
  sources: SourceManager;
  tree: PoolTreeProvider;
  view: vscode.TreeView<TreeNode>;
  filters: FilterController;
  autoRefresh: AutoRefresh;
  failures: FailureWatch;
  /** The QuickPicks and InputBoxes of the extension on screen now, oldest first (a copy). */
  quickInputs: () => readonly vscode.QuickInput[];
}

/** Wires the features together, in one pass; each gets what it needs and owns what it makes. */
export function activate(context: vscode.ExtensionContext): ModelArtsPoolsApi | undefined {
  // The plain modules translate with @vscode/l10n: hand them the bundle VS Code chose for the display language.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  setDisplayLanguage(vscode.env.language);
  const own = <T extends vscode.Disposable>(item: T): T => {
    context.subscriptions.push(item);
    return item;
  };
  const log = own(createLog());
  const commands = own(new CommandRegistrar(log, context.extension.packageJSON));
  const store = new PoolStore();
  const filters = own(new FilterController({ state: context.workspaceState, store, log }));
  const account = own(new LiveAccount(context.secrets, log));
  const sources = own(
    new SourceManager({
      store,
      log,
      state: context.workspaceState,
      factories: { ...localSourceFactories, live: liveSourceFactory(account, log) },
      serverQuery: filters.serverQuery(),
    }),
  );
  own(filters.onDidChange(() => sources.setServerQuery(filters.serverQuery())));
  const tree = own(new PoolTree({ store, sources, filters, log }));
  own(new PoolDetails({ commands, extensionUri: context.extensionUri, store, log }));
  const autoRefresh = own(new AutoRefresh({ sources, view: tree.view, log }));
  const failures = own(new FailureWatch({ store, view: tree.view, log }));

  registerLogCommand(commands, log);
  registerSourceCommands({ commands, sources });
  registerTreeCommands({ commands, store, view: tree.view });
  registerFilterCommands({ commands, store, sources, filters, tree });
  registerLiveCommands({ commands, account, sources, log });

  log.info(`ModelArts Resource Pools ${context.extension.packageJSON.version as string} activated.`);
  void sources.restore();
  if (process.env[TEST_API_ENV] !== '1') return undefined;
  return { store, sources, tree: tree.provider, view: tree.view, filters, autoRefresh, failures, quickInputs: shownQuickInputs };
}

export function deactivate(): void {}
