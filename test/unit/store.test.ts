import * as assert from 'node:assert/strict';
import { PoolStore, type PoolSnapshot } from '../../src/pools/store';
import { pool } from './helpers';

function snapshot(names: string[]): PoolSnapshot {
  const pools = names.map((n) => pool(n));
  return { source: { kind: 'sample', label: 'test' }, pools, raw: new Map(pools.map((p) => [p.metadata.name, p])), problems: [], loadedAt: 0 };
}

describe('pool store listeners', () => {
  it('runs every listener even when one throws, and reports the error to the handler', () => {
    const errors: unknown[] = [];
    const store = new PoolStore((e) => errors.push(e));
    const seen: string[] = [];
    store.onDidChange(() => seen.push('first'));
    store.onDidChange(() => {
      throw new Error('listener two failed');
    });
    store.onDidChange((s) => seen.push(`third saw ${s?.pools.length}`));
    store.set(snapshot(['a', 'b']));
    assert.deepEqual(seen, ['first', 'third saw 2']);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /listener two failed/);
    assert.ok(store.get('a'), 'the new snapshot is in place');
  });

  it('reports the rejection of an async listener instead of leaving it unhandled', async () => {
    let report!: (e: unknown) => void;
    const reported = new Promise<unknown>((resolve) => (report = resolve));
    const store = new PoolStore((e) => report(e));
    let after = false;
    store.onDidChange(async () => {
      await Promise.resolve();
      throw new Error('async listener failed');
    });
    store.onDidChange(() => (after = true));
    store.set(snapshot(['a']));
    assert.equal(after, true);
    assert.match(String(await reported), /async listener failed/);
  });

  it('survives a failing error handler; the handler can be replaced', () => {
    const store = new PoolStore(() => {
      throw new Error('handler failed too');
    });
    const seen: number[] = [];
    store.onDidChange(() => {
      throw new Error('x');
    });
    store.onDidChange(() => seen.push(1));
    store.set(undefined);
    assert.deepEqual(seen, [1]);
    const errors: unknown[] = [];
    store.setErrorHandler((e) => errors.push(e));
    store.set(snapshot(['b']));
    assert.equal(errors.length, 1);
    assert.deepEqual(seen, [1, 1]);
  });

  it('reports to console.error by default, never to the caller', () => {
    const original = console.error;
    const logged: unknown[][] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const store = new PoolStore();
      store.onDidChange(() => {
        throw new Error('default handler');
      });
      assert.doesNotThrow(() => store.set(snapshot(['c'])));
    } finally {
      console.error = original;
    }
    assert.equal(logged.length, 1);
    assert.match(String(logged[0][1]), /default handler/);
  });
});
