import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelArtsPoolsApi } from '../../src/extension';
import type { RunningModelArtsServer } from '../server/server';
import { api, openSamples, rawSamplePools, requestLog, storeState, waitFor } from './helpers';
import { pointAt, resetLive, startServer, useEnvKeys } from './live';

const names = (a: ModelArtsPoolsApi) => (a.store.snapshot?.pools ?? []).map((p) => p.metadata.name).sort();

describe('Configuration changes', () => {
  let a: ModelArtsPoolsApi;
  let first: RunningModelArtsServer;
  let second: RunningModelArtsServer;
  const raw = rawSamplePools().filter((p) => (p.metadata.labels?.['os.modelarts/workspace.id'] || '0') === '0');
  // The second server holds only the first three pools of the first.
  const fewer = raw.slice(0, 3);

  before(async () => {
    a = await api();
    first = await startServer();
    second = await startServer({ kind: 'List', apiVersion: 'v2', items: fewer });
    useEnvKeys();
    await pointAt(first);
    await vscode.commands.executeCommand('modelarts.connect');
    await waitFor('the first server\'s pools', () => a.store.snapshot?.source.kind === 'live' && a.store.snapshot.pools.length === raw.length, 15000, () => `${storeState(a)}; first server saw ${requestLog(first)}`);
  });

  after(async () => {
    await resetLive();
    await openSamples(a);
    await first?.close();
    await second?.close();
  });

  it('modelarts.endpoint: pointing at another server shows that server\'s pools', async () => {
    const before = second.count('pools');
    await pointAt(second);
    await waitFor('the second server\'s pools', () => names(a).join() === fewer.map((p) => p.metadata.name).sort().join(), 15000, () => `${storeState(a)}; second server saw ${requestLog(second)}`);
    assert.ok(second.count('pools') > before, 'the second server was asked');
    assert.equal(a.store.snapshot?.error, undefined);
  });

  it('modelarts.requestTimeoutSeconds: a slower answer than the setting becomes a clear timeout error', async () => {
    await pointAt(first);
    await waitFor('the first server\'s pools again', () => a.store.snapshot?.pools.length === raw.length, 15000, () => `${storeState(a)}; first server saw ${requestLog(first)}`);
    await vscode.workspace.getConfiguration('modelarts').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Workspace);
    first.setMisbehaviour({ delayMs: 4000, target: 'pools' });
    try {
      const started = Date.now();
      await vscode.commands.executeCommand('modelarts.refresh');
      const snapshot = await waitFor('the timeout error', () => (a.store.snapshot?.error ? a.store.snapshot : undefined), 30000, () => `${storeState(a)}; first server saw ${requestLog(first)}`);
      assert.match(snapshot.error ?? '', /within 1 s/);
      assert.match(snapshot.error ?? '', /modelarts\.requestTimeoutSeconds/);
      assert.ok(Date.now() - started < 20000, 'gave up long before the server would have answered many times over');
    } finally {
      first.setMisbehaviour(undefined);
    }
  });
});
