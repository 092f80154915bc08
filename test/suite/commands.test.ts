import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ModelArtsPoolsApi } from '../../src/extension';
import type { RawPool } from './helpers';
import { api, closeQuickInputs, collectErrors, displayNameOf, openSamples, poolNameOf, rawSamplePools, requestLog, storeState, waitForQuickInput, waitFor, walkTree } from './helpers';
import { pointAt, resetLive, startServer, useEnvKeys } from './live';

async function run<T = unknown>(command: string, ...args: unknown[]): Promise<{ result: T; errors: string[] }> {
  return collectErrors(() => vscode.commands.executeCommand<T>(command, ...args));
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests run with a workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** A pool with everything under it, from the raw sample. */
function subtree(raw: RawPool[], rootName: string): RawPool[] {
  const out = raw.filter((p) => p.metadata.name === rootName);
  for (let i = 0; i < out.length; i++) {
    out.push(...raw.filter((p) => p.status?.parent === out[i].metadata.name));
  }
  return out;
}

describe('Commands', () => {
  let a: ModelArtsPoolsApi;
  const raw = rawSamplePools();

  before(async () => {
    a = await api();
  });

  afterEach(async () => {
    await closeQuickInputs(a);
  });

  after(async () => {
    await resetLive();
  });

  it('Explore Sample Pools loads the bundled pools', async () => {
    const { errors } = await run('modelarts.openSamplePools');
    assert.deepEqual(errors, []);
    await waitFor('sample pools', () => a.store.snapshot?.source.kind === 'sample', 10000, () => storeState(a));
    assert.equal(a.store.snapshot?.pools.length, raw.length);
  });

  it('Refresh reloads the current source', async () => {
    await openSamples(a);
    const before = a.store.snapshot!;
    // loadedAt counts milliseconds: the reload must start in a later one for the two loads to differ.
    await waitFor('the clock to pass the first load', () => Date.now() > before.loadedAt);
    const { errors } = await run('modelarts.refresh');
    assert.deepEqual(errors, []);
    const after = await waitFor('a new snapshot', () => a.store.snapshot !== before && a.store.snapshot, 10000, () => storeState(a));
    assert.ok(after.loadedAt > before.loadedAt, 'loaded again');
    assert.equal(after.pools.length, raw.length);
  });

  it('Open ListPools JSON File… shows the pools of that file and follows its edits', async () => {
    const uri = workspaceFile('pools.json');
    const first = subtree(raw, raw.find((p) => !p.status?.parent && subtree(raw, p.metadata.name).length >= 3)!.metadata.name);
    fs.writeFileSync(uri.fsPath, JSON.stringify({ kind: 'List', apiVersion: 'v2', items: first }));
    const { errors } = await run('modelarts.openFile', uri);
    assert.deepEqual(errors, []);
    await waitFor('the file source', () => a.store.snapshot?.source.kind === 'file' && a.store.snapshot.pools.length > 0, 10000, () => storeState(a));
    assert.deepEqual(a.store.snapshot!.pools.map((p) => p.metadata.name).sort(), first.map((p) => p.metadata.name).sort());
    const top = (await a.tree.getChildren()) ?? [];
    assert.deepEqual(top.map(poolNameOf), [first[0].metadata.name], 'the file has one root');

    // Saving other content reloads it.
    const second = subtree(raw, raw.find((p) => !p.status?.parent && p.metadata.name !== first[0].metadata.name)!.metadata.name);
    fs.writeFileSync(uri.fsPath, JSON.stringify({ kind: 'List', apiVersion: 'v2', items: second }));
    await waitFor('the edited file', () => a.store.snapshot?.pools.some((p) => p.metadata.name === second[0].metadata.name), 15000, () => storeState(a));
    assert.equal(a.store.snapshot!.pools.length, second.length);
  });

  it('Open ListPools JSON File… on a file that is not JSON shows a clear error row, not a crash', async () => {
    const uri = workspaceFile('broken.json');
    fs.writeFileSync(uri.fsPath, '<html>not json</html>');
    const { errors } = await run('modelarts.openFile', uri);
    assert.deepEqual(errors, [], 'the error is shown in the tree, not as a failed command');
    const snapshot = await waitFor('the error snapshot', () => a.store.snapshot?.source.label === 'broken.json' && a.store.snapshot, 10000, () => storeState(a));
    assert.match(snapshot.error ?? '', /broken\.json/);
    const top = (await a.tree.getChildren()) ?? [];
    const item = await a.tree.getTreeItem(top[0]);
    assert.match(String(item.label), /broken\.json/);
    assert.match(item.contextValue ?? '', /\berror\b/);
    assert.equal(item.command?.command, 'modelarts.refresh', 'the row offers a retry');
  });

  it('Copy Pool Name and Copy Pool ID put the pool on the clipboard', async () => {
    await openSamples(a);
    const rows = await walkTree(a);
    const child = rows.find((r) => r.depth === 1)!;
    const pool = raw.find((p) => p.metadata.name === poolNameOf(child.node))!;
    let r = await run('modelarts.copyPoolName', child.node);
    assert.deepEqual(r.errors, []);
    assert.equal(await vscode.env.clipboard.readText(), displayNameOf(pool));
    r = await run('modelarts.copyPoolId', child.node);
    assert.deepEqual(r.errors, []);
    assert.equal(await vscode.env.clipboard.readText(), pool.metadata.name);
  });

  it('Copy Pool ID with no pool selected says what to do', async () => {
    await openSamples(a);
    const { errors } = await run('modelarts.copyPoolId');
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Select a pool/);
  });

  it('Show Log opens the log without error', async () => {
    const { errors } = await run('modelarts.showLog');
    assert.deepEqual(errors, []);
  });

  it('Configure Credentials… can be cancelled at its first step', async () => {
    const before = a.sources.current;
    const pending = collectErrors(() => vscode.commands.executeCommand('modelarts.configureCredentials'));
    await waitForQuickInput(a, 'Configure ModelArts Credentials (1/4): Region');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const { errors } = await pending;
    assert.deepEqual(errors, []);
    assert.equal(a.sources.current, before, 'cancelling changes nothing');
  });

  it('Connect loads the pools of the local ModelArts server with keys from the environment', async function () {
    // Like the other tests on the local server: measured 19.3 s with both cores busy (over 20 s once), of which
    // the load was 0.6 s and the rest a starved extension host starting the server and writing settings.
    this.timeout(60000);
    const server = await startServer();
    try {
      useEnvKeys();
      await pointAt(server);
      const { errors } = await run('modelarts.connect');
      assert.deepEqual(errors, []);
      const snapshot = await waitFor('live pools', () => a.store.snapshot?.source.kind === 'live' && a.store.snapshot.pools.length > 0 && a.store.snapshot, 15000, () => `${storeState(a)}; server saw ${requestLog(server)}`);
      assert.equal(snapshot.error, undefined);
      // ListPools answers the default workspace ("0"): pools labelled with another workspace are not listed.
      const inWorkspace0 = raw.filter((p) => (p.metadata.labels?.['os.modelarts/workspace.id'] || '0') === '0');
      assert.ok(inWorkspace0.length < raw.length, 'the sample has pools of other workspaces');
      assert.deepEqual(snapshot.pools.map((p) => p.metadata.name).sort(), inWorkspace0.map((p) => p.metadata.name).sort());
      assert.ok(server.count('pools') >= 1, 'ListPools was called');
      for (const req of server.requests) assert.equal(req.method, 'GET', 'read-only');
    } finally {
      await resetLive();
      await openSamples(a);
      await server.close();
    }
  });

  it('Clear Credentials runs without error', async () => {
    const { errors } = await run('modelarts.clearCredentials');
    assert.deepEqual(errors, []);
  });
});
