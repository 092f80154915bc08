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

/** Where the keys came from, in words: long for the view's tooltip, short for its description. */
function sourceNames(source: ResolvedCredentials['source']): { long: string; short: string } {
  switch (source) {
    case 'secretStorage':
      return { long: vscode.l10n.t('stored credentials'), short: vscode.l10n.t('stored keys') };
    case 'environment':
      return { long: vscode.l10n.t('environment variables'), short: vscode.l10n.t('env keys') };
    case 'file':
      return { long: vscode.l10n.t('credentials file'), short: vscode.l10n.t('file keys') };
  }
}

function connecting(): SourceDescription {
  return { kind: 'live', label: vscode.l10n.t('ModelArts account'), detail: vscode.l10n.t('connecting') };
}

/** The pools of a ModelArts account: ListPools, AK/SK-signed, filtered on the server. */
export class LiveSource extends Disposable implements PoolSource {
  readonly spec = { kind: 'live' } as const;
  readonly capabilities: SourceCapabilities = { ...POOLS_ONLY, serverFilter: true, serverChildren: true };
  private current: SourceDescription = connecting();
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
        this.current = connecting();
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
        ? { kind: 'live', label: vscode.l10n.t('ModelArts · no credentials'), detail: vscode.l10n.t('No credentials found.') }
        : { kind: 'live', label: vscode.l10n.t('ModelArts · settings'), detail: connected.message };
      return errorSnapshot(this.current, connected.message, connected.kind);
    }
    const { client, credentials: creds, settings, region, projectId, ignoredWorkspaceSettings } = connected.connection;
    const names = sourceNames(creds.source);
    const who = vscode.l10n.t('{0}, AK {1}', names.long, maskAk(creds.accessKey));
    const describe = (project?: string): SourceDescription => {
      const where = project ? vscode.l10n.t('{0}, project {1}', client.host, project) : client.host;
      return {
        kind: 'live',
        label: project ? vscode.l10n.t('{0} · {1} · {2}', region, shortId(project), names.short) : vscode.l10n.t('{0} · {1}', region, names.short),
        detail:
          ignoredWorkspaceSettings.length > 0
            ? vscode.l10n.t('{0} ({1}; {2}; workspace value of {3} ignored)', where, who, creds.sourceDetail, ignoredWorkspaceSettings.join(', '))
            : vscode.l10n.t('{0} ({1}; {2})', where, who, creds.sourceDetail),
      };
    };
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
      return snapshotFrom(this.current, parsePoolList(response.body, vscode.l10n.t('The answer of ListPools at {0}', client.host)), { serverQuery });
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
