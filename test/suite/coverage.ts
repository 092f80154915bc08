/**
 * Which contributed commands the suites ran: executeCommand calls made from
 * test code (not the extension's own) are recorded, and a last suite checks
 * that every command package.json contributes was run by some test, so each
 * new command arrives with its extension-host test.
 */
import * as assert from 'node:assert/strict';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const executed = new Set<string>();
let installed = false;

/** Starts recording (the suites share the extension's `vscode` API object). */
export function recordCommands(): void {
  if (installed) return;
  installed = true;
  const commands = vscode.commands as { executeCommand: (id: string, ...args: unknown[]) => Thenable<unknown> };
  const original = commands.executeCommand.bind(vscode.commands);
  commands.executeCommand = (id: string, ...args: unknown[]) => {
    const stack = new Error().stack ?? '';
    // The first frame below this wrapper tells who called.
    const caller = stack.split('\n').slice(2).find((l) => !l.includes('coverage.js')) ?? '';
    if (/[\\/]out[\\/]test[\\/]/.test(caller)) executed.add(id);
    return original(id, ...args);
  };
}

export function executedCommands(): ReadonlySet<string> {
  return executed;
}

/** Appends the check as the last suite of the run. */
export function addCoverageSuite(root: Mocha.Suite): void {
  const suite = Mocha.Suite.create(root, 'Command coverage');
  suite.addTest(
    new Mocha.Test('every command package.json contributes was run by a test', () => {
      const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'modelarts-pools');
      assert.ok(ext, 'the extension under test is loaded');
      const contributed = ((ext.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []).map((c) => c.command);
      const missing = contributed.filter((c) => !executed.has(c));
      assert.deepEqual(missing, [], `no extension-host test runs: ${missing.join(', ')}`);
    }),
  );
}
