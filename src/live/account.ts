import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { safeText, showWarning } from '../common/messages';
import type { LiveSettings } from '../common/settings';
import { LIVE_SETTING_KEYS, findIgnoredWorkspaceSettings, onDidChangeSettings, readLiveSettings } from '../common/settings';
import { ModelArtsClient, ProjectIdCache } from '../modelarts/client';
import type { Credentials, ResolvedCredentials } from '../modelarts/credentials';
import { resolveEndpoints } from '../modelarts/endpoints';
import { redact } from '../modelarts/errors';
import type { LoadErrorKind } from '../pools/store';
import { CredentialStore } from './credentialStore';

/** Where a live source sends its requests, and with which keys. */
export interface Connection {
  client: ModelArtsClient;
  credentials: ResolvedCredentials;
  settings: LiveSettings;
  region: string;
  /** The project ID given by the settings, the environment or the credentials file; else looked up. */
  projectId?: string;
  /** Machine-scoped settings a workspace tried to set, ignored (e.g. "modelarts.endpoint"). */
  ignoredWorkspaceSettings: string[];
}

export type ConnectResult =
  | { ok: true; connection: Connection }
  | { ok: false; kind: LoadErrorKind; message: string; reason: 'no credentials' | 'settings' };

export interface ClientSpec {
  region: string;
  credentials: Credentials;
  /** ModelArts and IAM endpoints; empty: the region's. */
  endpoint?: string;
  iamEndpoint?: string;
  projectId?: string;
  settings: LiveSettings;
  /** Tries per request (1 for a check the user waits on). */
  maxAttempts?: number;
  /** A cache of its own (a check of new keys must look the project up afresh). */
  projectIdCache?: ProjectIdCache;
}

/**
 * The ModelArts account as the settings and keys describe it: the one place
 * that makes ModelArts clients, and that watches what decides where they go.
 * A change of keys, region, endpoints, project or workspace drops every
 * cached project ID and fires onDidChange, so a live source clears what it
 * shows before loading again: another account's pools are never on screen.
 */
export class LiveAccount extends Disposable {
  readonly credentials: CredentialStore;
  private readonly projectIds = new ProjectIdCache();
  /** The ignored workspace settings last reported, so each finding is told once. */
  private toldIgnored = '';
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with the reason when the account or place changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.credentials = new CredentialStore(secrets);
    this._register(onDidChangeSettings(LIVE_SETTING_KEYS, () => this.accountChanged('ModelArts settings changed')));
    this._register(this.credentials.onDidChange(() => this.accountChanged('Credentials changed')));
  }

  private accountChanged(why: string): void {
    this.clearCaches();
    this.changed.fire(why);
  }

  /** Forgets every project ID looked up so far. */
  clearCaches(): void {
    this.projectIds.clear();
  }

  /** The one factory of ModelArts clients; undefined with the reason when the endpoints are not usable. */
  createClient(spec: ClientSpec): { client: ModelArtsClient; region: string } | { error: string } {
    const endpoints = resolveEndpoints({ region: spec.region, endpoint: spec.endpoint ?? '', iamEndpoint: spec.iamEndpoint ?? '' });
    if (!endpoints.ok) return { error: endpoints.message };
    const credentials = spec.credentials;
    const client = new ModelArtsClient({
      endpoint: endpoints.endpoint,
      iamEndpoint: endpoints.iamEndpoint,
      region: endpoints.region,
      credentials,
      ...(spec.projectId ? { projectId: spec.projectId } : {}),
      requestTimeoutSeconds: spec.settings.requestTimeoutSeconds,
      maxResponseBytes: spec.settings.maxResponseMegabytes * 1024 * 1024,
      ...(spec.maxAttempts !== undefined ? { maxAttempts: spec.maxAttempts } : {}),
      projectIdCache: spec.projectIdCache ?? this.projectIds,
      log: (line) => this.log.debug(redact(line, credentials)),
    });
    return { client, region: endpoints.region };
  }

  /** The keys (first complete set found) and a client for the current settings. */
  async connect(): Promise<ConnectResult> {
    const settings = readLiveSettings();
    const ignored = await this.checkWorkspaceSettings();
    const lookup = await this.credentials.resolve();
    for (const problem of lookup.problems) this.log.warn(`Credentials: ${problem}`);
    const credentials = lookup.credentials;
    if (!credentials) {
      return {
        ok: false,
        kind: 'credentials',
        reason: 'no credentials',
        message: vscode.l10n.t(
          'No ModelArts credentials: run "ModelArts: Configure Credentials…", or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or create ~/.huaweicloud/credentials.',
        ),
      };
    }
    const projectId = settings.projectId || credentials.projectId;
    const made = this.createClient({
      region: settings.region,
      credentials,
      endpoint: settings.endpoint,
      iamEndpoint: settings.iamEndpoint || credentials.iamEndpoint || '',
      ...(projectId ? { projectId } : {}),
      settings,
    });
    if ('error' in made) {
      return { ok: false, kind: 'config', reason: 'settings', message: vscode.l10n.t('{0} Check the modelarts.* settings.', made.error) };
    }
    return {
      ok: true,
      connection: { client: made.client, credentials, settings, region: made.region, ...(projectId ? { projectId } : {}), ignoredWorkspaceSettings: ignored },
    };
  }

  /**
   * The machine-scoped settings a workspace sets: VS Code ignores them (they
   * decide where your keys go). Said once per finding, in the log and a
   * notification; an empty list when there are none.
   */
  async checkWorkspaceSettings(): Promise<string[]> {
    const found = await findIgnoredWorkspaceSettings();
    const keys = [...new Set(found.map((f) => f.key))];
    const told = keys.join(',');
    if (told === this.toldIgnored) return keys;
    this.toldIgnored = told;
    if (keys.length === 0) return keys;
    const files = [...new Set(found.map((f) => f.file.fsPath || f.file.toString()))];
    this.log.warn(
      `Ignored workspace settings: ${keys.join(', ')} in ${files.join(', ')}. They decide where your keys go, so only your user settings can set them; the user settings (or defaults) apply.`,
    );
    const open = vscode.l10n.t('Open User Settings');
    void showWarning(
      safeText(vscode.l10n.t('This workspace sets {0}, which only your user settings can set (it decides where your ModelArts keys go). The workspace value is ignored; your user settings apply.'),
        keys.join(', '),
      ),
      open,
    ).then((choice) => (choice === open ? vscode.commands.executeCommand('workbench.action.openSettings', keys[0]) : undefined));
    return keys;
  }
}
