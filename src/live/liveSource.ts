import type * as vscode from 'vscode';
import { Commands } from '../common/constants';
import type { LiveSettings } from '../common/config';
import { ModelArtsClient } from '../modelarts/client';
import type { ResolvedCredentials } from '../modelarts/credentials';
import { resolveEndpoints } from '../modelarts/endpoints';
import { isModelArtsError, maskAk, redact } from '../modelarts/errors';
import { parsePoolList } from '../modelarts/parse';
import type { ListPoolsQuery } from '../modelarts/types';
import type { PoolSnapshot, SourceDescription } from '../pools/store';
import type { PoolSource } from '../sources/source';
import { errorSnapshot, snapshotFrom } from '../sources/source';
import type { CredentialStore } from './credentialStore';

export interface LiveSourceDeps {
  credentials: CredentialStore;
  log: vscode.LogOutputChannel;
  settings: () => LiveSettings;
  /** Server-side filter terms (labelSelector, status, parent); workspaceId comes from the settings. */
  query: () => Omit<ListPoolsQuery, 'workspaceId'>;
}

const SOURCE_NAMES: Record<ResolvedCredentials['source'], { long: string; short: string }> = {
  secretStorage: { long: 'stored credentials', short: 'stored keys' },
  environment: { long: 'environment variables', short: 'env keys' },
  file: { long: 'credentials file', short: 'file keys' },
};

/** The pools of a ModelArts account: ListPools, AK/SK-signed. */
export class LiveSource implements PoolSource {
  readonly spec = { kind: 'live' } as const;
  private current: SourceDescription = { kind: 'live', label: 'ModelArts account', detail: 'connecting' };

  constructor(private readonly deps: LiveSourceDeps) {}

  get description(): SourceDescription {
    return this.current;
  }

  async load(signal: AbortSignal): Promise<PoolSnapshot> {
    const { log } = this.deps;
    const settings = this.deps.settings();
    const lookup = await this.deps.credentials.resolve();
    for (const problem of lookup.problems) log.warn(`Credentials: ${problem}`);
    const creds = lookup.credentials;
    if (!creds) {
      this.current = { kind: 'live', label: 'ModelArts · no credentials', detail: 'No credentials found.' };
      return errorSnapshot(
        this.current,
        'No ModelArts credentials: run "ModelArts: Configure Credentials…", or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or create ~/.huaweicloud/credentials.',
        Date.now(),
        { title: 'Configure Credentials…', command: Commands.configureCredentials },
      );
    }
    const endpoints = resolveEndpoints({
      region: settings.region,
      endpoint: settings.endpoint,
      iamEndpoint: settings.iamEndpoint || creds.iamEndpoint,
    });
    if (!endpoints.ok) {
      this.current = { kind: 'live', label: 'ModelArts · settings', detail: endpoints.message };
      return errorSnapshot(this.current, `${endpoints.message} Check the modelarts.* settings.`);
    }
    const projectId = settings.projectId || creds.projectId;
    const who = `${SOURCE_NAMES[creds.source].long}, AK ${maskAk(creds.accessKey)}`;
    const client = new ModelArtsClient({
      endpoint: endpoints.endpoint,
      iamEndpoint: endpoints.iamEndpoint,
      region: endpoints.region,
      credentials: creds,
      projectId,
      requestTimeoutSeconds: settings.requestTimeoutSeconds,
      log: (line) => log.debug(redact(line, creds)),
    });
    const describe = (project?: string): SourceDescription => ({
      kind: 'live',
      label: `${endpoints.region}${project ? ` · ${shortId(project)}` : ''} · ${SOURCE_NAMES[creds.source].short}`,
      detail: `${client.host}${project ? `, project ${project}` : ''} (${who}; ${creds.sourceDetail})`,
    });
    this.current = describe(projectId);
    const query: ListPoolsQuery = { ...this.deps.query(), workspaceId: settings.workspaceId };
    try {
      const response = await client.listPools(query, { signal });
      this.current = describe(response.projectId);
      const source = `ListPools at ${client.host}`;
      log.info(`${source}: HTTP ${response.status}${response.requestId ? `, request ${response.requestId}` : ''}${response.attempts > 1 ? `, after ${response.attempts} attempts` : ''}.`);
      return snapshotFrom(this.current, parsePoolList(response.body, `The answer of ${source}`));
    } catch (error) {
      if (signal.aborted) throw error;
      const message = redact(isModelArtsError(error) ? error.message : String(error), creds);
      if (isModelArtsError(error) && error.isAuthError) {
        return errorSnapshot(this.current, message, Date.now(), {
          title: 'Configure Credentials…',
          command: Commands.configureCredentials,
        });
      }
      return errorSnapshot(this.current, message);
    }
  }

  dispose(): void {}
}

/** The first 8 characters of a project ID, for the view's description. */
function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
