import * as vscode from 'vscode';
import type { CommandRegistrar } from '../common/commands';
import { Commands } from '../common/constants';
import { safeText, showInfo } from '../common/messages';
import type { SourceManager } from './sourceManager';

/** Refresh, Explore Sample Pools and Open ListPools JSON File…. */
export function registerSourceCommands(deps: { commands: CommandRegistrar; sources: SourceManager }): void {
  const { commands, sources } = deps;

  commands.register(Commands.refresh, async () => {
    if (!sources.current) {
      void showInfo(safeText(vscode.l10n.t('Choose what to show first: the sample pools, a ListPools JSON file or your ModelArts account.')));
      return;
    }
    await sources.refresh();
  });

  commands.register(Commands.openSamplePools, () => sources.use({ kind: 'sample' }));

  commands.register(Commands.openFile, async (arg: unknown) => {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Open ListPools JSON File'),
        openLabel: vscode.l10n.t('Show Pools'),
        canSelectMany: false,
        filters: { [vscode.l10n.t('ListPools JSON')]: ['json'], [vscode.l10n.t('All files')]: ['*'] },
      });
      uri = picked?.[0];
    }
    if (!uri) return;
    await sources.use({ kind: 'file', uri: uri.toString() });
  });
}
