import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { errorMessage } from '../common/log';
import { parsePoolListText } from '../modelarts/parse';
import type { PoolSnapshot, SourceDescription } from '../pools/store';
import type { PoolSource, SourceCapabilities, SourceChange } from './source';
import { POOLS_ONLY, errorSnapshot, snapshotFrom } from './source';

/** How long a burst of edits is gathered into one reload. */
const SETTLE_MS = 250;

/**
 * A saved ListPools response (or a bare array of pools) in a file. Follows
 * edits: saved changes through a file watcher, unsaved ones in an open editor.
 */
export class FileSource extends Disposable implements PoolSource {
  readonly spec: { kind: 'file'; uri: string };
  readonly description: SourceDescription;
  readonly capabilities: SourceCapabilities = POOLS_ONLY;
  private readonly changed = this._register(new vscode.EventEmitter<SourceChange>());
  readonly onDidChange = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly uri: vscode.Uri) {
    super();
    this.spec = { kind: 'file', uri: uri.toString() };
    const name = uri.path.split('/').pop() || uri.toString();
    this.description = { kind: 'file', label: name, detail: uri.scheme === 'file' ? uri.fsPath : uri.toString() };
    // Watch the folder and pick this file out by URI: a file name is no glob
    // (names with [ ] { } * ? would otherwise match other files or none).
    const watcher = this._register(
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), '*')),
    );
    const onFile = (changed: vscode.Uri): void => {
      if (changed.toString() === this.spec.uri) this.fireSoon();
    };
    this._register(watcher.onDidChange(onFile));
    this._register(watcher.onDidCreate(onFile));
    this._register(watcher.onDidDelete(onFile));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.spec.uri && e.contentChanges.length > 0) this.fireSoon();
      }),
    );
    this._register({ dispose: () => this.timer !== undefined && clearTimeout(this.timer) });
  }

  /** Coalesces bursts of edits into one reload. */
  private fireSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire({ clear: false, reason: `${this.description.label} changed` });
    }, SETTLE_MS);
  }

  async load(): Promise<PoolSnapshot> {
    const source = vscode.l10n.t('The file {0}', this.description.label);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.spec.uri);
    let text: string;
    if (open && open.isDirty) {
      text = open.getText();
    } else {
      try {
        text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(this.uri));
      } catch (error) {
        const { label, detail } = this.description;
        return errorSnapshot(
          this.description,
          error instanceof vscode.FileSystemError && error.code === 'FileNotFound'
            ? vscode.l10n.t('The file {0} does not exist: {1}.', label, detail ?? '')
            : vscode.l10n.t('The file {0} could not be read ({1}): {2}.', label, errorMessage(error), detail ?? ''),
        );
      }
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return snapshotFrom(this.description, parsePoolListText(text, source));
  }
}
