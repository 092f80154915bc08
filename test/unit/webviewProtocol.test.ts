import * as assert from 'node:assert/strict';
import { poolNameArg } from '../../src/common/commandArgs';
import { goneJsonText, poolJsonPath, poolNameFromJsonPath, prettyJson } from '../../src/webview/json';
import { DETAILS_VIEW_TYPE, parseFromPage, poolNameFromState } from '../../src/webview/protocol';
import { fixture } from './webviewTestUtil';

describe('details page messages', () => {
  it('accepts the page messages and nothing else', () => {
    assert.deepEqual(parseFromPage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromPage({ type: 'edited', x: 1 }), { type: 'edited' });
    assert.deepEqual(parseFromPage({ type: 'rendered', name: 'pool-1' }), { type: 'rendered', name: 'pool-1' });
    assert.equal(parseFromPage({ type: 'rendered' }), undefined);
    assert.equal(parseFromPage({ type: 'rendered', name: 'x'.repeat(1025) }), undefined);
    assert.deepEqual(parseFromPage({ type: 'copyJson', extra: 1 }), { type: 'copyJson' });
    assert.deepEqual(parseFromPage({ type: 'openJson' }), { type: 'openJson' });
    assert.deepEqual(parseFromPage({ type: 'openPool', name: 'pool-1' }), { type: 'openPool', name: 'pool-1' });
    for (const bad of [
      undefined,
      null,
      'ready',
      [],
      {},
      { type: 'model' },
      { type: 'openPool' },
      { type: 'openPool', name: '' },
      { type: 'openPool', name: 7 },
      { type: 'openPool', name: 'x'.repeat(1025) },
      { type: 'runCommand', command: 'workbench.action.reloadWindow' },
    ]) {
      assert.equal(parseFromPage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('reads the pool name back from a restored page state', () => {
    assert.equal(poolNameFromState({ poolName: 'p', collapsed: ['spec'] }), 'p');
    for (const bad of [undefined, null, 'p', {}, { poolName: '' }, { poolName: 3 }]) {
      assert.equal(poolNameFromState(bad), undefined);
    }
  });

  it('has a stable panel view type (package.json activates on it)', () => {
    assert.equal(DETAILS_VIEW_TYPE, 'modelarts.poolDetails');
  });
});

describe('details command arguments', () => {
  it('takes a name, a tree node with poolName, or a pool; anything else means "ask"', () => {
    assert.equal(poolNameArg('pool-1'), 'pool-1');
    assert.equal(poolNameArg({ poolName: 'pool-2', label: 'x' }), 'pool-2');
    assert.equal(poolNameArg({ metadata: { name: 'pool-3' } }), 'pool-3');
    for (const none of [undefined, null, '', '  ', 5, {}, { poolName: 5 }, { metadata: null }, { metadata: { name: '' } }, []]) {
      assert.equal(poolNameArg(none), undefined, JSON.stringify(none));
    }
  });
});

describe('pool JSON documents', () => {
  it('pretty-prints the item exactly as received, key order and wrong types included', () => {
    const raw = fixture('details-wrong-types-pool.json');
    const text = prettyJson(raw);
    assert.deepEqual(JSON.parse(text), raw);
    assert.equal(text, JSON.stringify(raw, null, 2));
    assert.ok(text.startsWith('{\n  "kind": 7,\n  "metadata": {'));
  });

  it('never throws, even for values that did not come from JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const text = prettyJson(cyclic);
    assert.match((JSON.parse(text) as { error: string }).error, /^This pool cannot be shown as JSON: /);
    assert.equal(prettyJson(undefined), 'null');
  });

  it('maps pool names to document paths and back, whatever the name holds', () => {
    for (const name of ['pool-1', 'a/b', 'x.json', '<img src=x>', 'name with spaces', '%2F']) {
      assert.equal(poolNameFromJsonPath(poolJsonPath(name)), name);
    }
    assert.equal(poolJsonPath('pool-1'), '/pool-1.json');
    for (const bad of ['', '/', '/.json', 'pool.json', '/pool.txt']) assert.equal(poolNameFromJsonPath(bad), undefined);
  });

  it('keeps a gone pool valid JSON, with the reason first and the last item received', () => {
    const text = goneJsonText('Pool "p" is gone.', { metadata: { name: 'p' } });
    assert.deepEqual(JSON.parse(text), { error: 'Pool "p" is gone.', lastReceived: { metadata: { name: 'p' } } });
    assert.deepEqual(JSON.parse(goneJsonText('no')), { error: 'no' });
  });
});
