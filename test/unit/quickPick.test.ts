import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { runQuickPick, showTracked, shownQuickInputs } from '../../src/common/quickPick';

/** An event that, like VS Code's, stops delivering once its emitter is disposed, even mid-delivery. */
class FakeEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  private disposed = false;
  readonly event = (listener: (e: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      if (this.disposed) return;
      l(e);
    }
  }
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}

/** The part of a QuickPick that the helpers use; hide() and accept() stand for the user. */
class FakePick {
  visible = false;
  disposed = false;
  private readonly hidden = new FakeEmitter<void>();
  private readonly accepted = new FakeEmitter<void>();
  readonly onDidHide = this.hidden.event;
  readonly onDidAccept = this.accepted.event;
  constructor(readonly title: string) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.hidden.fire();
  }
  accept(): void {
    this.accepted.fire();
  }
  dispose(): void {
    this.disposed = true;
    this.hidden.dispose();
    this.accepted.dispose();
  }
  as<T>(): T {
    return this as unknown as T;
  }
}

const titles = (): (string | undefined)[] => shownQuickInputs().map((q) => q.title);

describe('tracked quick inputs', () => {
  it('lists an input from its show until its hide, oldest first, as a copy', () => {
    const first = new FakePick('first');
    const second = new FakePick('second');
    showTracked(first.as<vscode.QuickInput>());
    assert.equal(first.visible, true, 'shown');
    showTracked(second.as<vscode.QuickInput>());
    const listed = shownQuickInputs();
    assert.deepEqual(titles(), ['first', 'second']);
    first.hide();
    assert.deepEqual(titles(), ['second']);
    assert.equal(listed.length, 2, 'a copy: what a caller holds does not change');
    second.hide();
    assert.deepEqual(titles(), []);
  });

  it('runQuickPick: a pick left with Escape leaves the list although the hide disposes it', async () => {
    const pick = new FakePick('escaped');
    const result = runQuickPick(pick.as<vscode.QuickPick<vscode.QuickPickItem>>(), () => 'never');
    assert.deepEqual(titles(), ['escaped']);
    pick.hide();
    assert.equal(await result, undefined);
    assert.equal(pick.disposed, true);
    assert.deepEqual(titles(), []);
  });

  it('runQuickPick: an accepted pick resolves to its result and leaves the list', async () => {
    const pick = new FakePick('accepted');
    const answer: { text?: string } = {};
    const result = runQuickPick(pick.as<vscode.QuickPick<vscode.QuickPickItem>>(), () => answer.text);
    pick.accept();
    assert.equal(pick.visible, true, 'undefined keeps it open');
    assert.deepEqual(titles(), ['accepted']);
    answer.text = 'chosen';
    pick.accept();
    assert.equal(await result, 'chosen');
    assert.equal(pick.disposed, true);
    assert.deepEqual(titles(), []);
  });
});
