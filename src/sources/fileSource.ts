import * as vscode from 'vscode';
import { parsePoolListText } from '../modelarts/parse';
import type { PoolSnapshot, SourceDescription } from '../pools/store';
import { errorMessage } from '../common/log';
import type { PoolSource } from './source';
import { errorSnapshot, snapshotFrom } from './source';

/**
 * A saved ListPools response (or a bare array of pools) in a file. Follows
 * edits: saved changes through a file watcher, unsaved ones in an open editor.
 */
export class FileSource implements PoolSource {
  readonly spec: { kind: 'file'; uri: string };
  readonly description: SourceDescription;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly uri: vscode.Uri) {
    this.spec = { kind: 'file', uri: uri.toString() };
    const name = uri.path.split('/').pop() || uri.toString();
    this.description = { kind: 'file', label: name, detail: uri.scheme === 'file' ? uri.fsPath : uri.toString() };
    const dir = vscode.Uri.joinPath(uri, '..');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, name));
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.fireSoon()),
      watcher.onDidCreate(() => this.fireSoon()),
      watcher.onDidDelete(() => this.fireSoon()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.spec.uri && e.contentChanges.length > 0) this.fireSoon();
      }),
    );
  }

  /** Coalesces bursts of edits into one reload. */
  private fireSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, 250);
  }

  async load(): Promise<PoolSnapshot> {
    const source = `The file ${this.description.label}`;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.spec.uri);
    let text: string;
    if (open && open.isDirty) {
      text = open.getText();
    } else {
      try {
        text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(this.uri));
      } catch (error) {
        const reason = error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? 'does not exist' : `could not be read (${errorMessage(error)})`;
        return errorSnapshot(this.description, `${source} ${reason}: ${this.description.detail}.`);
      }
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return snapshotFrom(this.description, parsePoolListText(text, source));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
