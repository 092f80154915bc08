import type * as vscode from 'vscode';

/**
 * Shows a QuickPick until the user accepts or leaves it. On Enter, `accept`
 * turns its state into a result; undefined keeps it open (e.g. invalid text).
 * Resolves to that result, or undefined when it was hidden; disposes it.
 */
export function runQuickPick<I extends vscode.QuickPickItem, R>(
  qp: vscode.QuickPick<I>,
  accept: () => R | undefined,
): Promise<R | undefined> {
  return new Promise((resolve) => {
    let accepted = false;
    qp.onDidAccept(() => {
      const result = accept();
      if (result === undefined) return;
      accepted = true;
      resolve(result);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!accepted) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
