import * as vscode from 'vscode';
import type { CommandId } from './constants';
import { Commands } from './constants';
import { errorMessage } from './log';

/** An error whose message is meant for the user as it is, with optional actions. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly actions: readonly { title: string; command: CommandId; args?: unknown[] }[] = [],
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/**
 * Registers a command behind the one error handler: anything it throws is
 * logged and shown once, with a way to the log, never as an unhandled rejection.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  id: CommandId,
  handler: (...args: unknown[]) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        reportError(log, id, error);
        return undefined;
      }
    }),
  );
}

export function reportError(log: vscode.LogOutputChannel, where: string, error: unknown): void {
  const message = errorMessage(error);
  log.error(`${where}: ${message}`);
  const actions = error instanceof UserFacingError ? error.actions : [];
  const titles = [...actions.map((a) => a.title), 'Show Log'];
  void vscode.window.showErrorMessage(message, ...titles).then((choice) => {
    if (choice === 'Show Log') return vscode.commands.executeCommand(Commands.showLog);
    const action = actions.find((a) => a.title === choice);
    return action ? vscode.commands.executeCommand(action.command, ...(action.args ?? [])) : undefined;
  });
}
