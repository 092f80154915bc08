import type * as vscode from 'vscode';

/** The quick inputs the extension shows now, oldest first. */
const onScreen = new Set<vscode.QuickInput>();

/**
 * The QuickPicks and InputBoxes the extension shows now (shown through
 * showTracked and not hidden since), oldest first: a copy, for the host tests
 * to wait on before they press keys in one.
 */
export function shownQuickInputs(): readonly vscode.QuickInput[] {
  return [...onScreen];
}

/**
 * Shows a quick input and lists it in shownQuickInputs() until it hides.
 * Call it before adding a hide listener that disposes the input: an input
 * disposed while its hide event is delivered tells no later listener. The
 * events come later, from the window, so listeners added after this call
 * miss none.
 */
export function showTracked(input: vscode.QuickInput): void {
  onScreen.add(input);
  const sub = input.onDidHide(() => {
    onScreen.delete(input);
    sub.dispose();
  });
  input.show();
}

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
    showTracked(qp);
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
  });
}
