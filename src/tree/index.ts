import * as vscode from 'vscode';
import { VIEW_ID } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import type { FilterController } from '../filters/filterController';
import type { PoolStore } from '../pools/store';
import { matchesToReveal, viewTexts } from '../pools/treeRows';
import { errorMessage } from '../common/log';
import type { SourceManager } from '../sources/sourceManager';
import type { TreeNode } from './nodes';
import { PoolTreeProvider } from './poolTreeProvider';

export { registerTreeCommands } from './commands';

/** The "Resource Pools" view; its description and message name the source and the active filter. */
export class PoolTree extends Disposable {
  readonly provider: PoolTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;

  constructor(
    private readonly deps: { store: PoolStore; sources: SourceManager; filters: FilterController; log: vscode.LogOutputChannel },
  ) {
    super();
    const { filters } = deps;
    const provider = (this.provider = this._register(new PoolTreeProvider(deps.store)));
    provider.setFilter((snapshot) => filters.outcomeFor(snapshot));
    this.view = this._register(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
    this._register(
      deps.sources.onDidChangeLoading((loading) => {
        provider.setLoading(loading);
        this.describe();
      }),
    );
    this._register(
      deps.store.onDidChange((snapshot) => {
        this.describe();
        // The first load under a filter (e.g. one restored from the last session) shows its matches too.
        if (snapshot && this.revealPending) {
          this.revealPending = false;
          void this.revealMatches();
        }
      }),
    );
    this._register(
      filters.onDidChange(() => {
        provider.refilter();
        this.describe();
        if (deps.store.snapshot) void this.revealMatches();
        else this.revealPending = true;
      }),
    );
    this.describe();
  }

  /** A filter waits for a load to reveal its matches in. */
  private revealPending = true;

  private describe(): void {
    const source = this.deps.store.snapshot?.source.label ?? this.deps.sources.current?.description.label;
    const texts = viewTexts(source, this.deps.filters.describe(), this.provider.filterOutcome);
    // The description shows only where the view has a header of its own (not when it is alone
    // in its container, as it is by default), so the text also heads the tree as its message,
    // shortened to one line.
    this.view.description = texts.description;
    this.view.message = texts.message;
  }

  /**
   * Brings a small filter result on screen: expands the ancestors of each
   * match below the top level. A larger result stays as it is.
   */
  private async revealMatches(): Promise<void> {
    if (!this.view.visible) return;
    const names = matchesToReveal(this.provider.filterOutcome, (name) => this.provider.current?.byName.get(name));
    for (const name of names) {
      const node = this.provider.findPool(name);
      if (!node) continue;
      try {
        await this.view.reveal(node, { select: false, focus: false, expand: false });
      } catch (error) {
        // A row gone since (a newer filter or load): the next change reveals what it shows.
        this.deps.log.debug(`Reveal ${name}: ${errorMessage(error)}`);
      }
    }
  }
}
