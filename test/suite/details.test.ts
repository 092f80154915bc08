import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelArtsPoolsApi } from '../../src/extension';
import { api, collectErrors, displayNameOf, openSamples, rawSamplePools, waitFor, walkTree, poolNameOf } from './helpers';

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

/** The editor tabs open now, for failure messages. */
function tabTitles(): string {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `"${t.label}"${t.isActive ? ' (active)' : ''}`);
  return tabs.length > 0 ? tabs.join(', ') : 'no tab';
}

describe('Pool details commands', () => {
  let a: ModelArtsPoolsApi;
  const raw = rawSamplePools();

  before(async () => {
    a = await api();
    await openSamples(a);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Pool Details opens a details panel titled with the pool, for a tree row', async () => {
    const rows = await walkTree(a);
    const row = rows.find((r) => r.depth === 1)!;
    const pool = raw.find((p) => p.metadata.name === poolNameOf(row.node))!;
    const { errors } = await collectErrors(() => vscode.commands.executeCommand('modelarts.showPoolDetails', row.node));
    assert.deepEqual(errors, []);
    const tab = await waitFor('a details panel', () => webviewTabs().find((t) => t.label.includes(displayNameOf(pool))), 10000, tabTitles);
    assert.ok(tab.isActive, 'the panel is in front');
  });

  it('Show Pool Details for a pool that is not listed opens a panel that says it is gone', async () => {
    const { errors } = await collectErrors(() => vscode.commands.executeCommand('modelarts.showPoolDetails', 'pool-does-not-exist'));
    assert.deepEqual(errors, []);
    await waitFor('a panel marked gone', () => webviewTabs().find((t) => t.label === 'pool-does-not-exist (gone)'), 10000, tabTitles);
  });

  it('Open Pool JSON shows the pool exactly as received, read-only', async () => {
    const pool = raw[raw.length - 1];
    const { errors } = await collectErrors(() => vscode.commands.executeCommand('modelarts.openPoolJson', pool.metadata.name));
    assert.deepEqual(errors, []);
    const editor = await waitFor(
      'the JSON document',
      () => (vscode.window.activeTextEditor?.document.uri.scheme === 'modelarts-pool' ? vscode.window.activeTextEditor : undefined),
      10000,
      () => `active editor ${vscode.window.activeTextEditor?.document.uri.toString() ?? 'none'}; tabs ${tabTitles()}`,
    );
    assert.deepEqual(JSON.parse(editor.document.getText()), pool);
    assert.equal(editor.document.languageId, 'json');
  });

  it('Open Pool JSON for a pool that is not listed gives a clear error', async () => {
    const { errors } = await collectErrors(() => vscode.commands.executeCommand('modelarts.openPoolJson', 'pool-does-not-exist'));
    assert.equal(errors.length, 1);
    assert.match(errors[0], /pool-does-not-exist/);
  });
});
