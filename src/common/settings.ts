import * as vscode from 'vscode';
import type { SettingKey } from './constants';
import { CONFIG_SECTION, MACHINE_SETTING_KEYS, Settings } from './constants';
import type { IDisposable } from './lifecycle';
import { MAX_SETTINGS_TEXT, keysInSettingsText } from './settingsText';

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
  /** Largest response read, in MiB (modelarts.maxResponseMegabytes). */
  maxResponseMegabytes: number;
}

/** Default of modelarts.maxResponseMegabytes, as in package.json. */
export const DEFAULT_MAX_RESPONSE_MEGABYTES = 64;



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

/**
 * A setting as the extension uses it. VS Code itself drops a workspace's
 * value of a machine-scoped setting, so get() is the user's (or, in a window
 * on a VS Code server, the remote machine settings', which inspect() does
 * not report as globalValue on every version). Should a host still merge a
 * workspace value in, the user value (else the default) is taken: where the
 * keys go is never a workspace's choice.
 */
function value(c: vscode.WorkspaceConfiguration, key: SettingKey): unknown {
  if (!MACHINE_SETTING_KEYS.includes(key)) return c.get<unknown>(key);
  const inspected = c.inspect<unknown>(key);
  if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) return inspected.globalValue ?? inspected.defaultValue;
  return c.get<unknown>(key);
}

function str(c: vscode.WorkspaceConfiguration, key: SettingKey, fallback = ''): string {
  const v = value(c, key);
  return typeof v === 'string' ? v.trim() : fallback;
}

export function readLiveSettings(): LiveSettings {
  const c = config();
  const timeout = c.get<unknown>(Settings.requestTimeoutSeconds);
  const megabytes = value(c, Settings.maxResponseMegabytes);
  return {
    region: str(c, Settings.region),
    endpoint: str(c, Settings.endpoint),
    iamEndpoint: str(c, Settings.iamEndpoint),
    projectId: str(c, Settings.projectId),
    requestTimeoutSeconds: typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, 600) : 30,
    workspaceId: str(c, Settings.workspaceId) || '0',
    maxResponseMegabytes:
      typeof megabytes === 'number' && Number.isFinite(megabytes) ? Math.min(Math.max(megabytes, 1), 1024) : DEFAULT_MAX_RESPONSE_MEGABYTES,
  };
}

/** A machine-scoped setting found in a workspace's settings, which VS Code ignores. */
export interface IgnoredWorkspaceSetting {
  /** The full key, e.g. "modelarts.endpoint". */
  key: string;
  /** The settings file that sets it. */
  file: vscode.Uri;
}

async function readSmallText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File || stat.size > MAX_SETTINGS_TEXT) return undefined;
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The machine-scoped settings (MACHINE_SETTING_KEYS) that a workspace's
 * settings try to set: in `.vscode/settings.json` of a folder or the
 * `.code-workspace` file. VS Code leaves them out of what the extension
 * reads (and of inspect(), whose workspaceValue is checked too, in case a
 * host reports one), so they have no effect; this says so to the user.
 */
export async function findIgnoredWorkspaceSettings(): Promise<IgnoredWorkspaceSetting[]> {
  const keys = MACHINE_SETTING_KEYS.map((k) => `${CONFIG_SECTION}.${k}`);
  const files: vscode.Uri[] = [];
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push(workspaceFile);
  for (const folder of vscode.workspace.workspaceFolders ?? []) files.push(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
  const found: IgnoredWorkspaceSetting[] = [];
  for (const file of files) {
    const text = await readSmallText(file);
    if (text === undefined) continue;
    for (const key of keysInSettingsText(text, keys)) found.push({ key, file });
  }
  const c = config();
  for (const k of MACHINE_SETTING_KEYS) {
    const inspected = c.inspect(k);
    const key = `${CONFIG_SECTION}.${k}`;
    if ((inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) && !found.some((f) => f.key === key)) {
      found.push({ key, file: workspaceFile ?? vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/'), '.vscode', 'settings.json') });
    }
  }
  return found;
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

/**
 * Sets a setting where its current value comes from: the workspace settings
 * when they set it (a user value would be overridden there), else the user
 * settings. Says which. Not for machine-scoped settings (user only).
 */
export async function updateSettingWhereEffective(key: SettingKey, value: unknown): Promise<'workspace' | 'user'> {
  const c = config();
  if (!MACHINE_SETTING_KEYS.includes(key) && c.inspect(key)?.workspaceValue !== undefined) {
    await c.update(key, value, vscode.ConfigurationTarget.Workspace);
    return 'workspace';
  }
  await c.update(key, value, vscode.ConfigurationTarget.Global);
  return 'user';
}

/** Calls `listener` when any of `keys` changes. */
export function onDidChangeSettings(keys: readonly SettingKey[], listener: () => void): IDisposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`))) listener();
  });
}
