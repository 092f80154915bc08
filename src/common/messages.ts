import * as vscode from 'vscode';
import type { SafeText } from './untrusted';

export type { SafeText } from './untrusted';
export { safeText } from './untrusted';

/**
 * The one place the extension shows notifications, status bar messages and
 * progress titles. Each takes SafeText, made by safeText(l10n.t(template), ...args):
 * VS Code renders `[label](command:…)` links and `$(icon)` codicons in these
 * strings, so a pool name, a server message or a file name only ever reaches
 * them made inert. ESLint forbids the vscode.window calls anywhere else
 * (eslint.config.mjs). The action titles are the extension's own words.
 */

export function showInfo<T extends string>(message: SafeText, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(message, ...items);
}

export function showWarning<T extends string>(message: SafeText, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(message, ...items);
}

export function showError<T extends string>(message: SafeText, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(message, ...items);
}

/** A message in the status bar for `ms` milliseconds. */
export function showStatus(message: SafeText, ms: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(message, ms);
}

/** Runs `task` with a progress indicator titled `title`. */
export function withProgress<R>(
  location: vscode.ProgressLocation,
  title: SafeText,
  task: () => Thenable<R>,
): Thenable<R> {
  return vscode.window.withProgress({ location, title }, task);
}
