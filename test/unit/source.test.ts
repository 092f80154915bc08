import * as assert from 'node:assert/strict';
import { POOLS_ONLY, parseSourceSpec, queryChanged, queryFor } from '../../src/sources/source';

const LIVE = { ...POOLS_ONLY, serverFilter: true, serverChildren: true };
const CHILDREN_ONLY = { ...POOLS_ONLY, serverChildren: true };

describe('source capabilities', () => {
  it('sends the server only the terms the source applies there', () => {
    const query = { labelSelector: 'a=b', status: 'failed' as const, parent: 'p' };
    assert.equal(queryFor(POOLS_ONLY, query), undefined);
    assert.deepEqual(queryFor(LIVE, query), query);
    assert.deepEqual(queryFor(CHILDREN_ONLY, query), { parent: 'p' });
  });

  it('asks the server again only when what it is sent changes', () => {
    assert.equal(queryChanged(POOLS_ONLY, {}, { labelSelector: 'a=b' }), false);
    assert.equal(queryChanged(LIVE, {}, { labelSelector: 'a=b' }), true);
    assert.equal(queryChanged(LIVE, { status: 'failed' }, { status: 'failed' }), false);
    assert.equal(queryChanged(CHILDREN_ONLY, {}, { labelSelector: 'a=b' }), false);
    assert.equal(queryChanged(CHILDREN_ONLY, {}, { parent: 'p' }), true);
  });

  it('reads back only specs it knows', () => {
    assert.deepEqual(parseSourceSpec({ kind: 'sample' }), { kind: 'sample' });
    assert.deepEqual(parseSourceSpec({ kind: 'live', extra: 1 }), { kind: 'live' });
    assert.deepEqual(parseSourceSpec({ kind: 'file', uri: 'file:///a.json' }), { kind: 'file', uri: 'file:///a.json' });
    for (const bad of [undefined, null, 'sample', { kind: 'file' }, { kind: 'file', uri: '' }, { kind: '__proto__' }, { kind: 'other' }]) {
      assert.equal(parseSourceSpec(bad), undefined, JSON.stringify(bad));
    }
  });
});
