/**
 * The one lifecycle base: a class that owns disposables registers them with
 * `_register()` and they go when it goes, newest first. Plain module (no
 * vscode import): `vscode.Disposable` has the same shape.
 */

export interface IDisposable {
  dispose(): void;
}

/** A disposable that runs `fn` once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Disposes each of `items`, newest first. One that throws does not keep the
 * others from being disposed; the first error is rethrown at the end.
 */
export function disposeAll(items: Iterable<IDisposable>): void {
  const list = [...items].reverse();
  let first: { error: unknown } | undefined;
  for (const item of list) {
    try {
      item.dispose();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
}

export abstract class Disposable implements IDisposable {
  private readonly _owned = new Set<IDisposable>();
  private _disposed = false;

  /** Whether dispose() ran. */
  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Owns `item` from now on; registering on a disposed object disposes the item at once. */
  protected _register<T extends IDisposable>(item: T): T {
    if (this._disposed) {
      item.dispose();
      return item;
    }
    this._owned.add(item);
    return item;
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    const owned = [...this._owned];
    this._owned.clear();
    disposeAll(owned);
  }
}
