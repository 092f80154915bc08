import * as vscode from 'vscode';
import { Settings } from '../common/constants';
import { Disposable } from '../common/lifecycle';
import { errorMessage } from '../common/log';
import { onDidChangeSettings, readAutoRefreshSeconds } from '../common/settings';
import type { RefreshDecision } from '../pools/refreshSchedule';
import { autoRefreshSetting, nextRefresh } from '../pools/refreshSchedule';
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
export class AutoRefresh extends Disposable {
  private seconds = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastLoadAt: number | undefined;
  private lastDecision: RefreshDecision = { kind: 'off' };

  constructor(private readonly deps: AutoRefreshDeps) {
    super();
    this.readSetting();
    this._register(
      onDidChangeSettings([Settings.autoRefreshSeconds], () => {
        this.readSetting();
        this.schedule();
      }),
    );
    this._register(deps.view.onDidChangeVisibility(() => this.schedule()));
    this._register(vscode.window.onDidChangeWindowState(() => this.schedule()));
    this._register(
      deps.sources.onDidChangeLoading((loading) => {
        if (!loading) this.lastLoadAt = Date.now();
        this.schedule();
      }),
    );
    this._register({ dispose: () => this.timer !== undefined && clearTimeout(this.timer) });
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
    const { seconds, note } = autoRefreshSetting(readAutoRefreshSeconds());
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
}
