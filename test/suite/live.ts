/** The local ModelArts server and environment keys, for suites that use the live source. */
import * as vscode from 'vscode';
import type { RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startModelArtsServer } from '../server/server';

const ENV_KEYS = ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'] as const;
/** Machine-scoped settings (where the keys go): only the user settings can hold them. */
const USER_SETTINGS = ['endpoint', 'iamEndpoint', 'projectId', 'maxResponseMegabytes'] as const;
const WORKSPACE_SETTINGS = ['region', 'requestTimeoutSeconds'] as const;

export async function startServer(pools?: unknown): Promise<RunningModelArtsServer> {
  return startModelArtsServer(pools === undefined ? {} : { pools });
}

/** Puts the server's key pair in the environment, where the extension looks after secret storage. */
export function useEnvKeys(): void {
  process.env.HUAWEICLOUD_SDK_AK = DEFAULT_ACCESS_KEY;
  process.env.HUAWEICLOUD_SDK_SK = DEFAULT_SECRET_KEY;
}

/** User settings pointing the extension at a local server (the endpoints are machine-scoped: a workspace cannot set them). */
export async function pointAt(server: RunningModelArtsServer): Promise<void> {
  const config = vscode.workspace.getConfiguration('modelarts');
  await config.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
  await config.update('iamEndpoint', server.url, vscode.ConfigurationTarget.Global);
}

/** Removes the keys, the modelarts.* user settings and the workspace settings the suites set. */
export async function resetLive(): Promise<void> {
  for (const k of ENV_KEYS) delete process.env[k];
  const config = vscode.workspace.getConfiguration('modelarts');
  for (const key of USER_SETTINGS) {
    if (config.inspect(key)?.globalValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  for (const key of WORKSPACE_SETTINGS) {
    if (config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    if (config.inspect(key)?.globalValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}
