import * as vscode from 'vscode';
import { CONFIG_SECTION, Settings } from '../common/constants';
import { errorMessage } from '../common/log';
import type { RefreshDecision } from '../pools/refreshPlan';
import { autoRefreshSetting, nextRefresh } from '../pools/refreshPlan';
import type { SourceManager } from '../sources/sourceManager';

export interface AutoRefreshDeps {
  sources: SourceManager;
  view: Pick<vscode.TreeView<unknown>, 'visible' | 'onDidChangeVisibility'>;
  log: vscode.LogOutputChannel;
}

/**
 * Reloads the current source every `modelarts.autoRefreshSeconds` (0 = off,
 * at least 10), counting from the end of the last load. Paused while the
 * view is hidden or the window unfocused; on return, refreshes at once if a
 * refresh came due meanwhile. The decisions are nextRefresh's (plain, tested).
 */
export class AutoRefresh implements vscode.Disposable {
  private seconds = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastLoadAt: number | undefined;
  private lastDecision: RefreshDecision = { kind: 'off' };
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: AutoRefreshDeps) {
    this.readSetting();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`${CONFIG_SECTION}.${Settings.autoRefreshSeconds}`)) return;
        this.readSetting();
        this.schedule();
      }),
      deps.view.onDidChangeVisibility(() => this.schedule()),
      vscode.window.onDidChangeWindowState(() => this.schedule()),
      deps.sources.onDidChangeLoading((loading) => {
        if (!loading) this.lastLoadAt = Date.now();
        this.schedule();
      }),
    );
    this.schedule();
  }

  /** The interval in effect, in seconds (0 = off). */
  get intervalSeconds(): number {
    return this.seconds;
  }

  /** What the scheduler decided last, for tests and the log. */
  get decision(): RefreshDecision {
    return this.lastDecision;
  }

  private readSetting(): void {
    const raw = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>(Settings.autoRefreshSeconds);
    const { seconds, note } = autoRefreshSetting(raw);
    if (note) this.deps.log.warn(note);
    if (seconds !== this.seconds) {
      this.deps.log.info(
        seconds > 0
          ? `Auto-refresh every ${seconds} s (paused while the view is hidden or the window is not focused).`
          : 'Auto-refresh is off.',
      );
    }
    this.seconds = seconds;
  }

  /** Decides again: refresh now, set a timer, or wait for an event. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const decision = nextRefresh({
      seconds: this.seconds,
      hasSource: this.deps.sources.current !== undefined,
      visible: this.deps.view.visible,
      focused: vscode.window.state.focused,
      loading: this.deps.sources.loading,
      lastLoadAt: this.lastLoadAt,
      now: Date.now(),
    });
    this.lastDecision = decision;
    if (decision.kind === 'wait') {
      this.timer = setTimeout(() => this.schedule(), decision.ms);
    } else if (decision.kind === 'now') {
      this.deps.log.debug('Auto-refresh: reloading.');
      this.deps.sources.refresh().then(
        () => undefined,
        (error: unknown) => this.deps.log.error(`Auto-refresh: ${errorMessage(error)}`),
      );
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }
}

export function registerAutoRefresh(context: vscode.ExtensionContext, deps: AutoRefreshDeps): AutoRefresh {
  const auto = new AutoRefresh(deps);
  context.subscriptions.push(auto);
  return auto;
}
