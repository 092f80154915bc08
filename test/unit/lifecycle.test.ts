import * as assert from 'node:assert/strict';
import { Disposable, disposeAll, toDisposable } from '../../src/common/lifecycle';

class Owner extends Disposable {
  own(fn: () => void): void {
    this._register(toDisposable(fn));
  }
}

describe('lifecycle', () => {
  it('disposes what an object registered, newest first, once', () => {
    const order: string[] = [];
    const owner = new Owner();
    owner.own(() => order.push('first'));
    owner.own(() => order.push('second'));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(order, ['second', 'first']);
  });

  it('disposes at once what is registered after dispose', () => {
    const owner = new Owner();
    owner.dispose();
    let disposed = false;
    owner.own(() => (disposed = true));
    assert.equal(disposed, true);
  });

  it('keeps disposing when one throws, then rethrows the first error', () => {
    const order: string[] = [];
    const items = [
      toDisposable(() => order.push('a')),
      toDisposable(() => {
        throw new Error('b broke');
      }),
      toDisposable(() => order.push('c')),
    ];
    assert.throws(() => disposeAll(items), /b broke/);
    assert.deepEqual(order, ['c', 'a']);
  });
});
