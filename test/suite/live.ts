/** The local ModelArts server and environment keys, for suites that use the live source. */
import * as vscode from 'vscode';
import type { RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startModelArtsServer } from '../server/server';

const ENV_KEYS = ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'] as const;
const SETTINGS = ['endpoint', 'iamEndpoint', 'region', 'projectId', 'requestTimeoutSeconds'] as const;

export async function startServer(pools?: unknown): Promise<RunningModelArtsServer> {
  return startModelArtsServer(pools === undefined ? {} : { pools });
}

/** Puts the server's key pair in the environment, where the extension looks after secret storage. */
export function useEnvKeys(): void {
  process.env.HUAWEICLOUD_SDK_AK = DEFAULT_ACCESS_KEY;
  process.env.HUAWEICLOUD_SDK_SK = DEFAULT_SECRET_KEY;
}

/** Workspace settings pointing the extension at a local server. */
export async function pointAt(server: RunningModelArtsServer): Promise<void> {
  const config = vscode.workspace.getConfiguration('modelarts');
  await config.update('endpoint', server.url, vscode.ConfigurationTarget.Workspace);
  await config.update('iamEndpoint', server.url, vscode.ConfigurationTarget.Workspace);
}

/** Removes the keys and every modelarts.* workspace setting the suites set. */
export async function resetLive(): Promise<void> {
  for (const k of ENV_KEYS) delete process.env[k];
  const config = vscode.workspace.getConfiguration('modelarts');
  for (const key of SETTINGS) {
    if (config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}
