import * as vscode from 'vscode';
import type { CommandRegistrar } from './commands';
import { Commands } from './constants';

/** The extension's one output channel, "ModelArts", with log levels. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('ModelArts', { log: true });
}

/** A message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** "ModelArts: Show Log". */
export function registerLogCommand(commands: CommandRegistrar, log: vscode.LogOutputChannel): void {
  commands.register(Commands.showLog, () => log.show(true));
}
