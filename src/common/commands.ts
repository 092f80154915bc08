import * as vscode from 'vscode';
import type { CommandId } from './constants';
import { Commands } from './constants';
import type { IDisposable } from './lifecycle';
import { Disposable } from './lifecycle';
import { errorMessage } from './log';
import type { SafeText } from './messages';
import { safeText, showError } from './messages';

/**
 * An expected failure, in words meant for the user (a pool that is gone, an
 * invalid argument, a source that cannot be read): shown as it is, with
 * optional actions. The message is SafeText: a pool name or server text in
 * it went through safeText().
 */
export class UserFacingError extends Error {
  constructor(
    message: SafeText,
    readonly actions: readonly { title: string; command: CommandId; args?: unknown[] }[] = [],
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/**
 * Reports a failure of `where` (a command's title, or a feature's name):
 * a UserFacingError as it is, anything else as unexpected, in a short
 * message naming `where`, with the stack in the log.
 */
export function reportError(log: vscode.LogOutputChannel, where: string, error: unknown): void {
  const expected = error instanceof UserFacingError;
  let message: SafeText;
  if (expected) {
    message = error.message as SafeText;
    log.error(`${where}: ${message}`);
  } else {
    message = safeText(vscode.l10n.t('{0} failed unexpectedly: {1}'), where, errorMessage(error));
    log.error(`${where} failed unexpectedly: ${error instanceof Error && error.stack ? error.stack : errorMessage(error)}`);
  }
  const actions = expected ? error.actions : [];
  const showLog = vscode.l10n.t('Show Log');
  const titles = [...actions.map((a) => a.title), showLog];
  void showError(message, ...titles).then((choice) => {
    if (choice === showLog) return vscode.commands.executeCommand(Commands.showLog);
    const action = actions.find((a) => a.title === choice);
    return action ? vscode.commands.executeCommand(action.command, ...(action.args ?? [])) : undefined;
  });
}

/** The "Category: Title" of each contributed command, from the manifest. */
function commandTitles(packageJSON: unknown): Map<string, string> {
  const titles = new Map<string, string>();
  const commands = (packageJSON as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  if (!Array.isArray(commands)) return titles;
  for (const c of commands as { command?: unknown; title?: unknown; category?: unknown }[]) {
    if (typeof c.command !== 'string' || typeof c.title !== 'string') continue;
    titles.set(c.command, typeof c.category === 'string' ? `${c.category}: ${c.title}` : c.title);
  }
  return titles;
}

/**
 * The one way commands are registered: each handler runs behind the error
 * handler above, so nothing a command throws becomes an unhandled rejection.
 */
export class CommandRegistrar extends Disposable {
  private readonly titles: Map<string, string>;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    packageJSON: unknown,
  ) {
    super();
    this.titles = commandTitles(packageJSON);
  }

  /** The command's title as the palette shows it, e.g. "ModelArts: Refresh". */
  titleOf(id: CommandId): string {
    return this.titles.get(id) ?? id;
  }

  register(id: CommandId, handler: (...args: unknown[]) => unknown): IDisposable {
    return this._register(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          reportError(this.log, this.titleOf(id), error);
          return undefined;
        }
      }),
    );
  }
}
