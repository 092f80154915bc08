import * as vscode from 'vscode';
import type { SettingKey } from './constants';
import { CONFIG_SECTION, Settings } from './constants';
import type { IDisposable } from './lifecycle';

/**
 * The one typed reading of the `modelarts.*` settings. Every feature reads
 * its settings here and listens for their changes here.
 */

/** The settings that say where the live API is and who asks it. */
export interface LiveSettings {
  region: string;
  endpoint: string;
  iamEndpoint: string;
  projectId: string;
  requestTimeoutSeconds: number;
  workspaceId: string;
}

/** Settings whose change means "another account or place": everything shown must go. */
export const LIVE_SETTING_KEYS: readonly SettingKey[] = [
  Settings.region,
  Settings.endpoint,
  Settings.iamEndpoint,
  Settings.projectId,
  Settings.workspaceId,
];

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

function str(c: vscode.WorkspaceConfiguration, key: SettingKey, fallback = ''): string {
  const v = c.get<unknown>(key);
  return typeof v === 'string' ? v.trim() : fallback;
}

export function readLiveSettings(): LiveSettings {
  const c = config();
  const timeout = c.get<unknown>(Settings.requestTimeoutSeconds);
  return {
    region: str(c, Settings.region),
    endpoint: str(c, Settings.endpoint),
    iamEndpoint: str(c, Settings.iamEndpoint),
    projectId: str(c, Settings.projectId),
    requestTimeoutSeconds: typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, 600) : 30,
    workspaceId: str(c, Settings.workspaceId) || '0',
  };
}

/** `modelarts.autoRefreshSeconds` as set (any type): autoRefreshSetting() interprets it. */
export function readAutoRefreshSeconds(): unknown {
  return config().get<unknown>(Settings.autoRefreshSeconds);
}

/** `modelarts.notifyOnFailure`: on unless set to false. */
export function readNotifyOnFailure(): boolean {
  return config().get<unknown>(Settings.notifyOnFailure) !== false;
}

/** Sets a setting in the user settings. */
export async function updateUserSetting(key: SettingKey, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Global);
}

/** Calls `listener` when any of `keys` changes. */
export function onDidChangeSettings(keys: readonly SettingKey[], listener: () => void): IDisposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`))) listener();
  });
}
