import * as vscode from 'vscode';
import type { SettingKey } from './constants';
import { CONFIG_SECTION, Settings } from './constants';

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

function str(config: vscode.WorkspaceConfiguration, key: SettingKey, fallback = ''): string {
  const v = config.get<unknown>(key);
  return typeof v === 'string' ? v.trim() : fallback;
}

export function readLiveSettings(): LiveSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const timeout = config.get<unknown>(Settings.requestTimeoutSeconds);
  return {
    region: str(config, Settings.region),
    endpoint: str(config, Settings.endpoint),
    iamEndpoint: str(config, Settings.iamEndpoint),
    projectId: str(config, Settings.projectId),
    requestTimeoutSeconds: typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, 600) : 30,
    workspaceId: str(config, Settings.workspaceId) || '0',
  };
}

/** Whether a configuration change touches one of the given settings. */
export function affects(event: vscode.ConfigurationChangeEvent, keys: readonly SettingKey[]): boolean {
  return keys.some((k) => event.affectsConfiguration(`${CONFIG_SECTION}.${k}`));
}
