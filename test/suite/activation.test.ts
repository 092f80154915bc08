import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

  it('sees the manifest with its %key% texts resolved from package.nls.json (titles in messages come from it)', async () => {
    await api();
    const nls = JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const raw = JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string; title: string }[] };
    };
    const expected = Object.fromEntries(raw.contributes.commands.map((c) => [c.command, nls[c.title.replace(/^%|%$/g, '')] ?? c.title]));
    const seen = Object.fromEntries(manifest().contributes.commands.map((c) => [c.command, c.title]));
    assert.deepEqual(seen, expected);
    assert.equal(seen['modelarts.refresh'], 'Refresh');
  });
});
