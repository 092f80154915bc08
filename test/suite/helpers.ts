/** Shared helpers of the extension-host suites (they run inside VS Code). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/common/constants';
import type { ModelArtsPoolsApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import type { RunningModelArtsServer } from '../server/server';

export function extension(): vscode.Extension<ModelArtsPoolsApi> {
  const ext = vscode.extensions.getExtension<ModelArtsPoolsApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function api(): Promise<ModelArtsPoolsApi> {
  const ext = extension();
  return ext.isActive ? ext.exports : ext.activate();
}

/**
 * Polls `check` until it gives a value; on time-out the error names what was
 * awaited and, with `seen`, what there was instead.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 10000,
  seen?: () => string,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${seen ? `; saw instead: ${seen()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The package.json of the extension under test. */
export interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
    configuration?: { properties: Record<string, { default?: unknown }> };
  };
}

export function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

/** A raw ListPools item as bundled (read from disk, not through the extension's parser). */
export interface RawPool {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { type?: string };
  status?: { phase?: string; parent?: string; root?: string };
}

/** The bundled sample response, as the file holds it. */
export function rawSamplePools(): RawPool[] {
  const file = path.join(extension().extensionPath, 'src', 'samples', 'pools.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { items: RawPool[] }).items;
}

export function displayNameOf(p: RawPool): string {
  return p.metadata.labels?.['os.modelarts/name'] || p.metadata.name;
}

/** What the store holds and whether a load runs, for the failure message of a wait. */
export function storeState(a: ModelArtsPoolsApi): string {
  const s = a.store.snapshot;
  const held = s
    ? `${s.source.kind} "${s.source.label}" with ${s.pools.length} pools${s.error ? `, error: ${s.error}` : ''}${s.serverQuery ? `, asked ${JSON.stringify(s.serverQuery)}` : ''}`
    : 'no snapshot';
  return `${held}; ${a.sources.loading ? 'a load running' : 'no load running'}`;
}

/**
 * The local server's last requests, oldest first, as `GET /path?query → status`,
 * for failure messages (never the headers: they hold the signature).
 */
export function requestLog(server: RunningModelArtsServer, last = 8): string {
  const shown = server.requests.slice(-last).map((r) => `${r.method} ${r.url} → ${r.status || 'pending'}`);
  return shown.length > 0 ? `${server.count()} requests, the last: ${shown.join(' | ')}` : 'no request';
}

/** Switches to the sample pools through the command the welcome view links to. */
export async function openSamples(a: ModelArtsPoolsApi): Promise<void> {
  await vscode.commands.executeCommand('modelarts.openSamplePools');
  await waitFor('the sample pools in the store', () => a.store.snapshot?.source.kind === 'sample' && (a.store.snapshot.pools.length ?? 0) > 0, 10000, () => storeState(a));
}

/** The titles of the extension's quick inputs on screen, for failure messages. */
export function quickInputTitles(a: ModelArtsPoolsApi): string {
  const titles = a.quickInputs().map((q) => `"${q.title ?? '(no title)'}"`);
  return titles.length > 0 ? titles.join(', ') : 'no quick input of the extension';
}

/**
 * Waits until the extension's quick input titled `title` is on screen, the
 * newest it shows, so that keys pressed next (accept, close, select next) go
 * to it: the window receives our key commands after the input's show.
 */
export async function waitForQuickInput(a: ModelArtsPoolsApi, title: string): Promise<vscode.QuickInput> {
  return waitFor(`the quick input "${title}"`, () => {
    const shown = a.quickInputs();
    const last = shown[shown.length - 1];
    return last?.title === title && last;
  }, 10000, () => quickInputTitles(a));
}

/**
 * Ends a test with none of the extension's quick inputs on screen: closes one
 * a failed test left open, and waits for the hide of one just accepted (its
 * hide reaches the extension after the command that showed it resolved).
 */
export async function closeQuickInputs(a: ModelArtsPoolsApi): Promise<void> {
  if (a.quickInputs().length === 0) return;
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await waitFor('no quick input of the extension on screen', () => a.quickInputs().length === 0, 10000, () => quickInputTitles(a));
}

/** Waits until the extension's QuickPick titled `title` is on screen (see waitForQuickInput). */
export async function waitForQuickPick(a: ModelArtsPoolsApi, title: string): Promise<vscode.QuickPick<vscode.QuickPickItem>> {
  const input = await waitForQuickInput(a, title);
  if (!('activeItems' in input)) throw new Error(`the quick input "${title}" is not a QuickPick`);
  return input as vscode.QuickPick<vscode.QuickPickItem>;
}

/** The labels of a QuickPick's active items, for failure messages. */
export function activeLabels(pick: vscode.QuickPick<vscode.QuickPickItem>): string {
  return pick.activeItems.length > 0 ? pick.activeItems.map((i) => `"${i.label}"`).join(', ') : 'no active item';
}

/** A pool row's name, or undefined for message rows. */
export function poolNameOf(node: TreeNode): string | undefined {
  const n = (node as { poolName?: unknown }).poolName;
  return typeof n === 'string' ? n : undefined;
}

/** Every pool row of the tree, depth first, through the provider's public API. */
export async function walkTree(a: ModelArtsPoolsApi): Promise<{ node: TreeNode; depth: number; parent?: TreeNode }[]> {
  const out: { node: TreeNode; depth: number; parent?: TreeNode }[] = [];
  const visit = async (parent: TreeNode | undefined, depth: number) => {
    const children = await a.tree.getChildren(parent);
    for (const node of children ?? []) {
      if (poolNameOf(node) === undefined) continue;
      out.push({ node, depth, parent });
      await visit(node, depth + 1);
    }
  };
  await visit(undefined, 0);
  return out;
}

type MessageMethod = 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage';

/**
 * Records the notifications of one kind the extension shows while `fn` runs,
 * answering each with `answer`. Works because the suite shares the
 * extension's `vscode` API object.
 */
export async function collectMessages<T>(
  method: MessageMethod,
  fn: () => Thenable<T> | Promise<T> | T,
  answer?: string,
): Promise<{ result: T; messages: string[] }> {
  const recorded = recordMessages(method, answer);
  try {
    const result = await fn();
    return { result, messages: recorded.messages };
  } finally {
    recorded.dispose();
  }
}

/**
 * Records the error notifications the extension shows while `fn` runs (its
 * command handler reports failures that way instead of throwing).
 */
export async function collectErrors<T>(fn: () => Thenable<T> | Promise<T>): Promise<{ result: T; errors: string[] }> {
  const { result, messages } = await collectMessages('showErrorMessage', fn);
  return { result, errors: messages };
}

/**
 * Records, until disposed, the notifications of one kind the extension
 * shows, answering each with `answer`: for notifications that follow a
 * refresh rather than a command.
 */
export function recordMessages(method: MessageMethod, answer?: string): { messages: string[]; dispose(): void } {
  const messages: string[] = [];
  const win = vscode.window as unknown as Record<MessageMethod, (...args: unknown[]) => Thenable<unknown>>;
  const original = win[method];
  win[method] = (...args: unknown[]) => {
    messages.push(String(args[0]));
    return Promise.resolve(answer);
  };
  return { messages, dispose: () => void (win[method] = original) };
}
