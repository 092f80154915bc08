import * as vscode from 'vscode';
import { reportError } from '../common/commands';
import { Commands } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import { errorMessage } from '../common/log';
import type { PoolStore } from '../pools/store';
import { createNonce, renderHtml } from './html';
import { prettyJson } from './json';
import type { FromPage, ToPage } from './protocol';
import { DETAILS_VIEW_TYPE, parseFromPage, poolNameFromState } from './protocol';
import type { DetailsModel } from './viewModel';
import { detailsFor, titleFor } from './viewModel';

/** Webview options of every details panel: scripts on, resources from media/ only. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** One panel per pool, revealed when already open; all of them follow the store. */
export class PoolDetailsManager extends Disposable {
  private readonly panels = new Map<string, DetailsPanel>();

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly store: PoolStore,
    readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(
      store.onDidChange(() => {
        for (const panel of this.panels.values()) panel.update();
      }),
    );
    this._register({
      dispose: () => {
        for (const panel of [...this.panels.values()]) panel.panel.dispose();
        this.panels.clear();
      },
    });
  }

  /** Opens (or reveals) the details of `name`. */
  show(name: string): void {
    const existing = this.panels.get(name);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      name,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(this.extensionUri), enableFindWidget: true },
    );
    this.log.debug(`Details: opened ${name}`);
    this.add(name, panel);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const name = poolNameFromState(state);
    if (name === undefined || this.panels.has(name)) {
      // Nothing to show (the page never received a pool), or a duplicate.
      this.log.debug('Details: dropped a restored panel without a pool name');
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.log.debug(`Details: restored ${name}`);
    this.add(name, panel);
  }

  /** The pool of the active details panel, if one is active. */
  activePoolName(): string | undefined {
    for (const [name, panel] of this.panels) if (panel.panel.active) return name;
    return undefined;
  }

  /** Names of the pools with open panels, for tests and diagnostics. */
  openPools(): string[] {
    return [...this.panels.keys()];
  }

  private add(name: string, panel: vscode.WebviewPanel): void {
    const details = new DetailsPanel(this, panel, name);
    this.panels.set(name, details);
    panel.onDidDispose(() => {
      if (this.panels.get(name) === details) this.panels.delete(name);
      details.dispose();
    });
  }

}

class DetailsPanel extends Disposable {
  private model: DetailsModel | undefined;
  /** The last model sent, as JSON without its build time: a refresh that changes nothing re-renders nothing. */
  private sentKey: string | undefined;

  constructor(
    private readonly manager: PoolDetailsManager,
    readonly panel: vscode.WebviewPanel,
    private readonly name: string,
  ) {
    super();
    const webview = panel.webview;
    const media = vscode.Uri.joinPath(manager.extensionUri, 'media');
    webview.html = renderHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
    });
    this._register(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    // The page asks for the model with 'ready' once its script runs.
    this.update(false);
  }

  /** Rebuilds the model from the store and sends it (dropped by VS Code while the page is hidden). */
  update(send = true): void {
    try {
      this.model = detailsFor(this.manager.store, this.name, this.model);
    } catch (error) {
      // The model builder handles any JSON; this is a last resort so the page never stays blank.
      this.manager.log.error(`Details of ${this.name}: ${errorMessage(error)}`);
      this.model = {
        name: this.name,
        state: 'present',
        notice: { tone: 'error', text: `The details of "${this.name}" could not be prepared: ${errorMessage(error)}` },
        sections: [],
        raw: this.manager.store.getRaw(this.name),
        builtAt: Date.now(),
      };
    }
    this.panel.title = titleFor(this.model);
    if (!send) return;
    const key = modelKey(this.model);
    if (key !== undefined && key === this.sentKey) return;
    this.sentKey = key;
    this.post({ type: 'model', model: this.model });
  }

  private post(message: ToPage): void {
    this.panel.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.manager.log.debug(`Details of ${this.name}: message not delivered: ${errorMessage(error)}`);
    });
  }

  private receive(message: unknown): void {
    const m = parseFromPage(message);
    if (!m) {
      this.manager.log.warn(`Details of ${this.name}: ignored an unexpected message from the page`);
      return;
    }
    void this.handle(m).catch((error: unknown) => reportError(this.manager.log, `Pool details (${m.type})`, error));
  }

  private async handle(m: FromPage): Promise<void> {
    switch (m.type) {
      case 'ready':
        // The page (re)loaded: it has no data until it gets the model.
        this.sentKey = undefined;
        this.update();
        return;
      case 'openPool':
        this.manager.show(m.name);
        return;
      case 'openJson':
        await vscode.commands.executeCommand(Commands.openPoolJson, this.name);
        return;
      case 'copyJson': {
        const raw = this.manager.store.getRaw(this.name) ?? this.model?.raw;
        if (raw === undefined) {
          this.post({ type: 'copied', ok: false });
          void vscode.window.showWarningMessage(`There is no JSON for "${this.name}": it is not in the current pool list.`);
          return;
        }
        await vscode.env.clipboard.writeText(prettyJson(raw));
        this.post({ type: 'copied', ok: true });
        vscode.window.setStatusBarMessage(`Copied the JSON of ${this.name}`, 3000);
        return;
      }
    }
  }
}

/** A model's content as JSON, without its build time; undefined if it cannot be serialized. */
function modelKey(model: DetailsModel): string | undefined {
  try {
    return JSON.stringify({ ...model, builtAt: 0 });
  } catch {
    return undefined;
  }
}
