import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, extension, manifest } from './helpers';

describe('Activation', () => {
  it('activates and returns the API the tests use', async () => {
    const a = await api();
    assert.ok(extension().isActive, 'the extension is active');
    assert.equal(typeof a.tree.getChildren, 'function');
    assert.equal(typeof a.tree.getTreeItem, 'function');
    assert.equal(typeof a.store.onDidChange, 'function');
  });

  it('registers every command package.json contributes', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('registers every command that menus and the welcome view refer to', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const m = manifest().contributes;
    const referenced = new Set<string>();
    for (const entries of Object.values(m.menus ?? {})) for (const e of entries) referenced.add(e.command);
    for (const w of m.viewsWelcome ?? []) for (const match of w.contents.matchAll(/\(command:([\w.]+)/g)) referenced.add(match[1]);
    assert.ok(referenced.size > 0);
    const missing = [...referenced].filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `referenced but not registered: ${missing.join(', ')}`);
  });
});
