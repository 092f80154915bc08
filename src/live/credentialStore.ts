import * as vscode from 'vscode';
import type { Credentials, CredentialsLookup } from '../modelarts/credentials';
import { findPlainCredentials } from '../modelarts/credentials';

/** Key of the stored credentials in VS Code SecretStorage (the OS keychain). */
export const SECRET_KEY = 'modelarts.credentials';

/**
 * Access keys kept in VS Code SecretStorage, written only by "Configure
 * Credentials…". Never in settings, global state or logs.
 */
export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Fires when the stored keys change, here or in another window. */
  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.secrets.onDidChange;
  }

  async get(): Promise<Credentials | undefined> {
    const text = await this.secrets.get(SECRET_KEY);
    if (!text) return undefined;
    try {
      const v = JSON.parse(text) as Record<string, unknown>;
      if (typeof v.accessKey !== 'string' || typeof v.secretKey !== 'string' || !v.accessKey || !v.secretKey) return undefined;
      return {
        accessKey: v.accessKey,
        secretKey: v.secretKey,
        ...(typeof v.securityToken === 'string' && v.securityToken ? { securityToken: v.securityToken } : {}),
      };
    } catch {
      return undefined;
    }
  }

  async set(credentials: Credentials): Promise<void> {
    await this.secrets.store(SECRET_KEY, JSON.stringify(credentials));
  }

  async clear(): Promise<boolean> {
    const had = (await this.secrets.get(SECRET_KEY)) !== undefined;
    await this.secrets.delete(SECRET_KEY);
    return had;
  }

  /** The first credentials found: SecretStorage, then the SDK environment variables, then the SDK credentials file. */
  async resolve(): Promise<CredentialsLookup> {
    const stored = await this.get();
    if (stored) {
      return { credentials: { ...stored, source: 'secretStorage', sourceDetail: vscode.l10n.t('VS Code secret storage') }, problems: [] };
    }
    return findPlainCredentials();
  }
}
