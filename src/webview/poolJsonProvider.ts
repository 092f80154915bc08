import * as vscode from 'vscode';
import { POOL_JSON_SCHEME } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import type { PoolStore } from '../pools/store';
import { goneJsonText, poolJsonPath, poolNameFromJsonPath, prettyJson } from './json';
import { detailsFor } from './viewModel';

/** The read-only document URI of a pool's JSON: `modelarts-pool:/<name>.json`. */
export function poolJsonUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: POOL_JSON_SCHEME, path: poolJsonPath(name) });
}

/**
 * Serves each pool's item exactly as received, pretty-printed, under the
 * `modelarts-pool` scheme (read-only by nature), and refreshes open documents
 * when the store changes.
 */
export class PoolJsonProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.emitter.event;
  /** Last item served per open document, so a pool that disappears still shows what it was. */
  private readonly last = new Map<string, unknown>();

  constructor(private readonly store: PoolStore) {
    super();
    this._register(
      store.onDidChange(() => {
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme === POOL_JSON_SCHEME) this.emitter.fire(doc.uri);
        }
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== POOL_JSON_SCHEME) return;
        const name = poolNameFromJsonPath(doc.uri.path);
        if (name !== undefined) this.last.delete(name);
      }),
    );
    this._register({ dispose: () => this.last.clear() });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const name = poolNameFromJsonPath(uri.path);
    if (name === undefined) return goneJsonText(vscode.l10n.t('"{0}" is not a pool document.', uri.path));
    const raw = this.store.getRaw(name) ?? this.store.get(name);
    if (raw !== undefined) {
      this.last.set(name, raw);
      return prettyJson(raw);
    }
    const reason = detailsFor(this.store, name, undefined).notice?.text ?? vscode.l10n.t('Pool "{0}" is not in the current pool list.', name);
    return goneJsonText(reason, this.last.get(name));
  }

  /** Opens the pool's JSON in a read-only editor with JSON folding and search. */
  async open(name: string): Promise<vscode.TextEditor> {
    let doc = await vscode.workspace.openTextDocument(poolJsonUri(name));
    if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: true });
  }
}
