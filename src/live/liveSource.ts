import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { ResolvedCredentials } from '../modelarts/credentials';
import { isModelArtsError, maskAk, redact } from '../modelarts/errors';
import { parsePoolList } from '../modelarts/parse';
import type { ListPoolsQuery } from '../modelarts/types';
import type { PoolSnapshot, SourceDescription } from '../pools/store';
import type { LoadRequest, PoolSource, SourceCapabilities, SourceChange } from '../sources/source';
import { POOLS_ONLY, errorSnapshot, queryFor, snapshotFrom } from '../sources/source';
import type { LiveAccount } from './account';

const SOURCE_NAMES: Record<ResolvedCredentials['source'], { long: string; short: string }> = {
  secretStorage: { long: 'stored credentials', short: 'stored keys' },
  environment: { long: 'environment variables', short: 'env keys' },
  file: { long: 'credentials file', short: 'file keys' },
};

const CONNECTING: SourceDescription = { kind: 'live', label: 'ModelArts account', detail: 'connecting' };

/** The pools of a ModelArts account: ListPools, AK/SK-signed, filtered on the server. */
export class LiveSource extends Disposable implements PoolSource {
  readonly spec = { kind: 'live' } as const;
  readonly capabilities: SourceCapabilities = { ...POOLS_ONLY, serverFilter: true, serverChildren: true };
  private current: SourceDescription = CONNECTING;
  private readonly changed = this._register(new vscode.EventEmitter<SourceChange>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly account: LiveAccount,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    // Another account or place: nothing of this one may stay on screen.
    this._register(
      account.onDidChange((reason) => {
        this.current = CONNECTING;
        this.changed.fire({ clear: true, reason });
      }),
    );
  }

  get description(): SourceDescription {
    return this.current;
  }

  async load({ signal, query }: LoadRequest): Promise<PoolSnapshot> {
    const connected = await this.account.connect();
    if (!connected.ok) {
      this.current = connected.reason === 'no credentials'
        ? { kind: 'live', label: 'ModelArts · no credentials', detail: 'No credentials found.' }
        : { kind: 'live', label: 'ModelArts · settings', detail: connected.message };
      return errorSnapshot(this.current, connected.message, connected.kind);
    }
    const { client, credentials: creds, settings, region, projectId, ignoredWorkspaceSettings } = connected.connection;
    const ignored = ignoredWorkspaceSettings.length > 0 ? `; workspace value of ${ignoredWorkspaceSettings.join(', ')} ignored` : '';
    const who = `${SOURCE_NAMES[creds.source].long}, AK ${maskAk(creds.accessKey)}`;
    const describe = (project?: string): SourceDescription => ({
      kind: 'live',
      label: `${region}${project ? ` · ${shortId(project)}` : ''} · ${SOURCE_NAMES[creds.source].short}`,
      detail: `${client.host}${project ? `, project ${project}` : ''} (${who}; ${creds.sourceDetail}${ignored})`,
    });
    this.current = describe(projectId);
    const serverQuery = queryFor(this.capabilities, query) ?? {};
    const request: ListPoolsQuery = { ...serverQuery, workspaceId: settings.workspaceId };
    try {
      const response = await client.listPools(request, { signal });
      this.current = describe(response.projectId);
      const source = `ListPools at ${client.host}`;
      this.log.info(
        `${source}: HTTP ${response.status}${response.requestId ? `, request ${response.requestId}` : ''}${response.attempts > 1 ? `, after ${response.attempts} attempts` : ''}.`,
      );
      return snapshotFrom(this.current, parsePoolList(response.body, `The answer of ${source}`), { serverQuery });
    } catch (error) {
      if (signal.aborted) throw error;
      const message = redact(isModelArtsError(error) ? error.message : String(error), creds);
      return errorSnapshot(this.current, message, isModelArtsError(error) && error.isAuthError ? 'auth' : 'load');
    }
  }
}

/** The first 8 characters of a project ID, for the view's description. */
function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
