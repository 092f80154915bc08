import * as vscode from 'vscode';
import { reportError } from '../common/commands';
import { Commands, ContextKeys } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import { errorMessage } from '../common/log';
import { safeText, showStatus, showWarning } from '../common/messages';
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

/**
 * How a pool's details open: in the preview panel, which the next pool shown
 * in preview replaces (a single click in the tree, as VS Code does for
 * files), or in a panel of its own that stays (pinned).
 */
export type ShowMode = 'preview' | 'pinned';

/** A second preview of the same pool this soon is the second click of a double click: it pins. */
const DOUBLE_CLICK_MS = 500;

/**
 * The details panels: one per pool, revealed when already open, plus at most
 * one preview panel that shows whichever pool was last shown in preview. The
 * preview's page stays loaded: switching pools sends the new model to it
 * instead of loading a new webview. Every panel follows the store.
 */
export class PoolDetailsManager extends Disposable {
  private readonly panels = new Map<string, DetailsPanel>();
  private preview: DetailsPanel | undefined;
  private lastPreview: { name: string; at: number } | undefined;

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
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.updateContext()));
    this._register({
      dispose: () => {
        for (const panel of [...this.panels.values()]) panel.panel.dispose();
        this.panels.clear();
      },
    });
  }

  /** Opens (or reveals) the details of `name`. */
  show(name: string, mode: ShowMode = 'pinned'): void {
    const now = Date.now();
    const again = mode === 'preview' && this.lastPreview?.name === name && now - this.lastPreview.at < DOUBLE_CLICK_MS;
    this.lastPreview = mode === 'preview' ? { name, at: now } : undefined;
    const existing = this.panels.get(name);
    if (existing) {
      if (mode === 'pinned' || again) this.pin(existing);
      existing.panel.reveal(undefined, mode === 'preview');
      return;
    }
    if (mode === 'preview' && this.preview) {
      const preview = this.preview;
      this.panels.delete(preview.name);
      this.panels.set(name, preview);
      preview.switchTo(name);
      preview.panel.reveal(undefined, true);
      this.log.debug(`Details: preview shows ${name}`);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      name,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: mode === 'preview' },
      { ...webviewOptions(this.extensionUri), enableFindWidget: true },
    );
    this.log.debug(`Details: opened ${name}${mode === 'preview' ? ' in preview' : ''}`);
    const details = this.add(name, panel);
    if (mode === 'preview') this.preview = details;
    this.updateContext();
  }

  /** Keeps a panel open: the next preview opens a panel of its own. */
  pin(panel: DetailsPanel | undefined = this.activePanel()): void {
    if (!panel || panel !== this.preview) return;
    this.preview = undefined;
    this.log.debug(`Details: kept ${panel.name} open`);
    this.updateContext();
  }

  /** Whether the active panel is the preview (for "Keep Open" in its title bar). */
  private updateContext(): void {
    const active = this.activePanel();
    void vscode.commands.executeCommand('setContext', ContextKeys.detailsPreview, active !== undefined && active === this.preview);
  }

  /** Takes over a panel VS Code restored after a reload (it stays open, as it was). */
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

  private activePanel(): DetailsPanel | undefined {
    for (const panel of this.panels.values()) if (panel.panel.active) return panel;
    return undefined;
  }

  /** The pool of the active details panel, if one is active. */
  activePoolName(): string | undefined {
    return this.activePanel()?.name;
  }

  /** Names of the pools with open panels, for tests and diagnostics. */
  openPools(): string[] {
    return [...this.panels.keys()];
  }

  /** The pool shown in the preview panel, if there is one. */
  previewPool(): string | undefined {
    return this.preview?.name;
  }

  private add(name: string, panel: vscode.WebviewPanel): DetailsPanel {
    const details = new DetailsPanel(this, panel, name);
    this.panels.set(name, details);
    panel.onDidChangeViewState(() => this.updateContext());
    panel.onDidDispose(() => {
      if (this.panels.get(details.name) === details) this.panels.delete(details.name);
      if (this.preview === details) this.preview = undefined;
      details.dispose();
      this.updateContext();
    });
    return details;
  }
}

class DetailsPanel extends Disposable {
  private model: DetailsModel | undefined;
  /** The last model sent, as JSON without its build time: a refresh that changes nothing re-renders nothing. */
  private sentKey: string | undefined;
  /**
   * A pool the page was switched to and has not shown yet: the title changes
   * only once it has, so the new title never heads the old pool's data.
   */
  private switching: string | undefined;

  constructor(
    private readonly manager: PoolDetailsManager,
    readonly panel: vscode.WebviewPanel,
    private current: string,
  ) {
    super();
    const webview = panel.webview;
    const media = vscode.Uri.joinPath(manager.extensionUri, 'media');
    webview.html = renderHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
      language: vscode.env.language,
    });
    this._register(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    // The page asks for the model with 'ready' once its script runs.
    this.update(false);
  }

  /** The pool this panel shows. */
  get name(): string {
    return this.current;
  }

  /** Shows another pool in this panel's loaded page (the preview). */
  switchTo(name: string): void {
    this.current = name;
    this.model = undefined;
    this.sentKey = undefined;
    this.switching = name;
    this.update(true, true);
  }

  /** Rebuilds the model from the store and sends it (dropped by VS Code while the page is hidden). */
  update(send = true, switched = false): void {
    const name = this.current;
    try {
      this.model = detailsFor(this.manager.store, name, this.model);
    } catch (error) {
      // The model builder handles any JSON; this is a last resort so the page never stays blank.
      this.manager.log.error(`Details of ${name}: ${errorMessage(error)}`);
      this.model = {
        name,
        state: 'present',
        notice: { tone: 'error', text: vscode.l10n.t('The details of "{0}" could not be prepared: {1}', name, errorMessage(error)) },
        sections: [],
        raw: this.manager.store.getRaw(name),
        builtAt: Date.now(),
      };
    }
    if (this.switching === undefined) this.panel.title = titleFor(this.model);
    if (!send) return;
    const key = modelKey(this.model);
    if (key !== undefined && key === this.sentKey) return;
    this.sentKey = key;
    this.post({ type: 'model', model: this.model, ...(switched ? { switched: true } : {}) });
  }

  private post(message: ToPage): void {
    this.panel.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.manager.log.debug(`Details of ${this.current}: message not delivered: ${errorMessage(error)}`);
    });
  }

  private receive(message: unknown): void {
    const m = parseFromPage(message);
    if (!m) {
      this.manager.log.warn(`Details of ${this.current}: ignored an unexpected message from the page`);
      return;
    }
    void this.handle(m).catch((error: unknown) => reportError(this.manager.log, vscode.l10n.t('Pool details ({0})', m.type), error));
  }

  private async handle(m: FromPage): Promise<void> {
    switch (m.type) {
      case 'ready':
        // The page (re)loaded: it has no data until it gets the model.
        this.sentKey = undefined;
        this.update();
        return;
      case 'rendered':
        // The page shows this pool now: the title may follow.
        if (m.name === this.current) {
          this.switching = undefined;
          if (this.model) this.panel.title = titleFor(this.model);
        }
        return;
      case 'edited':
        // Changing what the page shows (a section folded) keeps it, as editing a preview does.
        this.manager.pin(this);
        return;
      case 'openPool':
        this.manager.show(m.name, this.manager.previewPool() === this.current ? 'preview' : 'pinned');
        return;
      case 'openJson':
        await vscode.commands.executeCommand(Commands.openPoolJson, this.current);
        return;
      case 'copyJson': {
        const raw = this.manager.store.getRaw(this.current) ?? this.model?.raw;
        if (raw === undefined) {
          this.post({ type: 'copied', ok: false });
          void showWarning(safeText(vscode.l10n.t('There is no JSON for "{0}": it is not in the current pool list.'), this.current));
          return;
        }
        await vscode.env.clipboard.writeText(prettyJson(raw));
        this.post({ type: 'copied', ok: true });
        showStatus(safeText(vscode.l10n.t('Copied the JSON of {0}'), this.current), 3000);
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
