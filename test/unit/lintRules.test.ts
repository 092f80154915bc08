import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The project's own ESLint rules that keep untrusted text out of
 * notifications: vscode.window.show*Message, setStatusBarMessage and
 * withProgress only in src/common/messages.ts, and safeText() only with a
 * literal template.
 */

const root = path.resolve(__dirname, '..', '..', '..');

async function problems(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${m.line}: ${m.message}`);
}

const CODE = `import * as vscode from 'vscode';
import { safeText } from './untrusted';
export function probe(x: string): void {
  void vscode.window.showErrorMessage(x);
  void vscode.window.showWarningMessage(x);
  void vscode.window.showInformationMessage(x);
  vscode.window.setStatusBarMessage(x, 1);
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: x }, async () => undefined);
  safeText(x);
  safeText(\`pool \${x}\`);
  safeText('Pool "{0}" is gone.', x);
  safeText(\`Pool "{0}" is gone.\`, x);
  safeText(vscode.l10n.t(x), x);
  safeText(vscode.l10n.t('Pool "{0}" is gone.'), x);
}
`;

describe('lint rules for notification text', function () {
  this.timeout(60000);
  it('refuses the vscode.window message calls outside messages.ts, and a template that is not a translated literal', async () => {
    const found = await problems('src/common/probe.ts', CODE);
    assert.deepEqual(
      found.map((p) => Number(p.split(':')[0])),
      [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
      found.join('\n'),
    );
  });

  it('allows the calls in src/common/messages.ts itself', async () => {
    const found = await problems('src/common/messages.ts', CODE);
    assert.deepEqual(found, []);
  });
});
