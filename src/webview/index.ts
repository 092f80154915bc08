import * as vscode from 'vscode';
import type { CommandRegistrar } from '../common/commands';
import { UserFacingError } from '../common/commands';
import { Disposable } from '../common/lifecycle';
import { Commands, POOL_JSON_SCHEME } from '../common/constants';
import { safeText, showInfo } from '../common/messages';
import { untrustedText } from '../common/untrusted';
import type { PoolStore } from '../pools/store';
import { describePool, displayName } from '../pools/summary';
import { poolNameArg } from '../common/commandArgs';
import { PoolDetailsManager } from './detailsPanel';
import { PoolJsonProvider } from './poolJsonProvider';
import { DETAILS_VIEW_TYPE } from './protocol';

export { DETAILS_VIEW_TYPE } from './protocol';

export interface PoolDetailsDeps {
  commands: CommandRegistrar;
  extensionUri: vscode.Uri;
  store: PoolStore;
  log: vscode.LogOutputChannel;
}

/**
 * The pool details webview and the read-only pool JSON documents: the
 * commands modelarts.showPoolDetails and modelarts.openPoolJson (argument: a
 * pool name, a tree node with `poolName`, or none to pick one), the
 * `modelarts-pool` content provider, and the panel serializer that restores
 * open panels after a reload.
 */
export class PoolDetails extends Disposable {
  readonly manager: PoolDetailsManager;

  constructor(deps: PoolDetailsDeps) {
    super();
    const { commands, store, log } = deps;
    const manager = (this.manager = this._register(new PoolDetailsManager(deps.extensionUri, store, log)));
    const json = this._register(new PoolJsonProvider(store));
    this._register(vscode.workspace.registerTextDocumentContentProvider(POOL_JSON_SCHEME, json));
    this._register(
      vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => manager.restore(panel, state),
      }),
    );

    commands.register(Commands.showPoolDetails, async (arg: unknown, options: unknown) => {
      const name = poolNameArg(arg) ?? (await pickPool(store, vscode.l10n.t('Show details of which pool?')));
      if (name !== undefined) manager.show(name, isPreview(options) ? 'preview' : 'pinned');
    });

    commands.register(Commands.keepDetailsOpen, () => manager.pin());

    commands.register(Commands.openPoolJson, async (arg: unknown) => {
      const name = poolNameArg(arg) ?? manager.activePoolName() ?? (await pickPool(store, vscode.l10n.t('Open the JSON of which pool?')));
      if (name === undefined) return;
      if (store.getRaw(name) === undefined && store.get(name) === undefined) {
        throw new UserFacingError(safeText(vscode.l10n.t('The pool "{0}" is not in the current pool list, so there is no JSON to open.'), name));
      }
      await json.open(name);
    });
  }
}

/** The second argument of Show Pool Details from a tree row, `{ preview: true }`, opens it in preview. */
function isPreview(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { preview?: unknown }).preview === true;
}

/** A QuickPick of the listed pools; undefined when cancelled or there are none. */
async function pickPool(store: PoolStore, placeHolder: string): Promise<string | undefined> {
  const pools = store.snapshot?.pools ?? [];
  if (pools.length === 0) {
    const open = vscode.l10n.t('Open Sample Pools');
    const choice = await showInfo(
      store.snapshot?.error !== undefined
        ? safeText(vscode.l10n.t('No pools to show: the pool list could not be loaded.'))
        : safeText(vscode.l10n.t('No pools are loaded yet. Open the sample pools, a ListPools JSON file, or connect to ModelArts.')),
      open,
    );
    if (choice === open) await vscode.commands.executeCommand(Commands.openSamplePools);
    return undefined;
  }
  const items = pools.map((pool) => {
    const label = displayName(pool);
    return {
      label: untrustedText(label),
      description: label === pool.metadata.name ? undefined : untrustedText(pool.metadata.name),
      detail: untrustedText(describePool(pool)) || undefined,
      name: pool.metadata.name,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.name;
}
