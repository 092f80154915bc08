import * as vscode from 'vscode';
import { reportError } from '../common/commands';
import { CONFIG_SECTION, Commands, Settings } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import type { SafeText } from '../common/messages';
import { safeText, showStatus, showWarning } from '../common/messages';
import { untrustedText } from '../common/untrusted';
import { readNotifyOnFailure, updateUserSetting } from '../common/settings';
import type { Pool } from '../modelarts/types';
import type { WatchedLoad } from '../pools/failureNews';
import { failingBadge, failureMessage, failureNews, loadKey } from '../pools/failureNews';
import type { PoolSnapshot, PoolStore } from '../pools/store';
import { displayName, phaseOf, phaseStyle } from '../pools/summary';

export interface FailureWatchDeps {
  store: PoolStore;
  view: Pick<vscode.TreeView<unknown>, 'badge'>;
  log: vscode.LogOutputChannel;
}

/**
 * Watches each load: the view badge counts the pools in a failing phase,
 * and a refresh that finds pools newly failing (failureNews: never the first
 * load of a source, a switch of source or server filter, or a recovery from
 * an error) names them in a notification with "Show Details", unless
 * `modelarts.notifyOnFailure` is off.
 */
export class FailureWatch extends Disposable {
  private previous: WatchedLoad | undefined;
  private readonly notified = this._register(new vscode.EventEmitter<Pool[]>());
  /** Fires with the pools named in each notification (also when notifications are off: then nothing is shown). */
  readonly onDidFindFailures = this.notified.event;

  constructor(private readonly deps: FailureWatchDeps) {
    super();
    this._register(deps.store.onDidChange((s) => this.take(s)));
    this.take(deps.store.snapshot);
  }

  private take(snapshot: PoolSnapshot | undefined): void {
    if (!snapshot) {
      this.previous = undefined;
      this.deps.view.badge = undefined;
      return;
    }
    const next: WatchedLoad = { snapshot, key: loadKey(snapshot) };
    const news = failureNews(this.previous, next);
    this.previous = next;
    this.deps.view.badge = failingBadge(snapshot.pools);
    if (news.length === 0) return;
    const message = failureMessage(news);
    this.deps.log.warn(`${message} (${news.map((p) => `${p.metadata.name}: ${phaseOf(p) ?? ''}`).join(', ')})`);
    this.notified.fire(news);
    if (!readNotifyOnFailure()) return;
    void this.notify(message, news).catch((error: unknown) => reportError(this.deps.log, vscode.l10n.t('Pool failure notification'), error));
  }

  private async notify(message: SafeText, failed: readonly Pool[]): Promise<void> {
    const showDetails = vscode.l10n.t('Show Details');
    const dontShowAgain = vscode.l10n.t("Don't Show Again");
    const choice = await showWarning(message, showDetails, dontShowAgain);
    if (choice === showDetails) {
      const name = failed.length === 1 ? failed[0].metadata.name : await choosePool(failed);
      if (name) await vscode.commands.executeCommand(Commands.showPoolDetails, name);
    } else if (choice === dontShowAgain) {
      await updateUserSetting(Settings.notifyOnFailure, false);
      this.deps.log.info(`Failure notifications turned off (${CONFIG_SECTION}.${Settings.notifyOnFailure}: false).`);
      showStatus(safeText(vscode.l10n.t('ModelArts: failure notifications off (setting modelarts.notifyOnFailure)')), 5000);
    }
  }
}

async function choosePool(failed: readonly Pool[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    failed.map((p) => ({
      label: untrustedText(displayName(p)),
      description: untrustedText(`${phaseStyle(phaseOf(p)).label} · ${p.metadata.name}`),
      name: p.metadata.name,
    })),
    { title: vscode.l10n.t('Show Details of a Failing Pool'), placeHolder: vscode.l10n.t('Choose a pool') },
  );
  return picked?.name;
}
