import * as vscode from 'vscode';
import { registerCredentialCommands } from './commands/credentialCommands';
import { registerFilterCommands } from './commands/filterCommands';
import { registerPoolCommands } from './commands/poolCommands';
import { readLiveSettings } from './common/config';
import { createLog } from './common/log';
import type { FilterController } from './filters/filterController';
import { registerFilters } from './filters/filterController';
import { CredentialStore } from './live/credentialStore';
import { LiveSource } from './live/liveSource';
import { PoolStore } from './pools/store';
import type { AutoRefresh } from './refresh/autoRefresh';
import { registerAutoRefresh } from './refresh/autoRefresh';
import type { FailureWatch } from './refresh/failureNotifier';
import { registerFailureWatch } from './refresh/failureNotifier';
import { FileSource } from './sources/fileSource';
import { SampleSource } from './sources/sampleSource';
import type { SourceSpec } from './sources/source';
import { SourceManager } from './sources/sourceManager';
import type { TreeNode } from './tree/nodes';
import type { PoolTreeProvider } from './tree/poolTreeProvider';
import { registerPoolTree } from './tree/registerTree';
import { registerPoolDetails } from './webview';

/** What activate() returns: used by the extension-host tests. */
export interface ModelArtsPoolsApi {
  store: PoolStore;
  sources: SourceManager;
  tree: PoolTreeProvider;
  view: vscode.TreeView<TreeNode>;
  filters: FilterController;
  autoRefresh: AutoRefresh;
  failures: FailureWatch;
}

function localSources(spec: SourceSpec) {
  if (spec.kind === 'sample') return new SampleSource();
  if (spec.kind === 'file') return new FileSource(vscode.Uri.parse(spec.uri, true));
  return undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ModelArtsPoolsApi> {
  const log = createLog();
  context.subscriptions.push(log);
  const store = new PoolStore();
  const sources = new SourceManager(store, log, context.workspaceState, [localSources]);
  context.subscriptions.push(sources);

  const filters = registerFilters(context, { store, sources, log });
  const credentials = new CredentialStore(context.secrets);
  sources.addFactory((spec) =>
    spec.kind === 'live' ? new LiveSource({ credentials, log, settings: readLiveSettings, query: () => filters.serverQuery() }) : undefined,
  );

  const tree = registerPoolTree(context, { store, sources, filters });
  registerPoolCommands(context, { store, sources, log, view: tree.view });
  registerCredentialCommands(context, { credentials, sources, log });
  registerPoolDetails(context, { store, log });
  registerFilterCommands(context, { store, sources, log, filters, tree });
  const autoRefresh = registerAutoRefresh(context, { sources, view: tree.view, log });
  const failures = registerFailureWatch(context, { store, view: tree.view, log, serverQuery: () => filters.serverQuery() });

  log.info(`ModelArts Resource Pools ${context.extension.packageJSON.version as string} activated.`);
  void sources.restore();
  return { store, sources, tree: tree.provider, view: tree.view, filters, autoRefresh, failures };
}

export function deactivate(): void {}
