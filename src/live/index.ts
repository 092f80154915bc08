import type * as vscode from 'vscode';
import type { LiveAccount } from './account';
import { LiveSource } from './liveSource';

export { LiveAccount } from './account';
export { registerLiveCommands } from './commands';

/** Makes the live source of an account. */
export function liveSourceFactory(account: LiveAccount, log: vscode.LogOutputChannel): () => LiveSource {
  return () => new LiveSource(account, log);
}
