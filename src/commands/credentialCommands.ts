import * as vscode from 'vscode';
import { registerCommand } from '../common/commands';
import { runQuickPick } from '../common/quickPick';
import { affects, LIVE_SETTING_KEYS, readLiveSettings } from '../common/config';
import { CONFIG_SECTION, Commands, Settings } from '../common/constants';
import type { CredentialStore } from '../live/credentialStore';
import { clearProjectIdCache, ModelArtsClient, ProjectIdCache } from '../modelarts/client';
import type { Credentials } from '../modelarts/credentials';
import { DEFAULT_REGION, KNOWN_REGIONS, resolveEndpoints } from '../modelarts/endpoints';
import { isModelArtsError, maskAk, redact } from '../modelarts/errors';
import type { SourceManager } from '../sources/sourceManager';

export interface CredentialCommandDeps {
  credentials: CredentialStore;
  sources: SourceManager;
  log: vscode.LogOutputChannel;
}

/** Asks for the region; undefined when cancelled. */
async function pickRegion(current: string): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id: string };
  const items: Item[] = KNOWN_REGIONS.map((r) => ({
    label: r.id,
    description: r.name,
    detail: r.id === current ? 'current' : undefined,
    id: r.id,
  }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Configure ModelArts Credentials (1/4): Region';
  pick.placeholder = 'Region of your ModelArts resource pools (type another region ID if it is not listed)';
  pick.items = items;
  pick.activeItems = items.filter((i) => i.id === current);
  pick.ignoreFocusOut = true;
  pick.onDidChangeValue((value) => {
    const v = value.trim();
    const typed = /^[a-z]{2,}(?:-[a-z0-9]+)+$/.test(v) && !KNOWN_REGIONS.some((r) => r.id === v);
    pick.items = typed ? [{ label: v, description: 'Other region', id: v }, ...items] : items;
  });
  return runQuickPick(pick, () => pick.selectedItems[0]?.id);
}

async function askSecret(step: number, title: string, prompt: string, optional = false): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Configure ModelArts Credentials (${step}/4): ${title}`,
    prompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (optional || v.trim() ? undefined : `${title} is required.`),
  });
}

/** One ListPools call with the new keys, so that wrong keys are never saved silently. */
async function testCredentials(region: string, credentials: Credentials, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const settings = readLiveSettings();
  const endpoints = resolveEndpoints({ region, endpoint: settings.endpoint, iamEndpoint: settings.iamEndpoint });
  if (!endpoints.ok) return endpoints.message;
  const client = new ModelArtsClient({
    endpoint: endpoints.endpoint,
    iamEndpoint: endpoints.iamEndpoint,
    region: endpoints.region,
    credentials,
    projectId: settings.projectId || undefined,
    requestTimeoutSeconds: settings.requestTimeoutSeconds,
    maxAttempts: 1,
    projectIdCache: new ProjectIdCache(),
    log: (line) => log.debug(redact(line, credentials)),
  });
  try {
    const r = await client.listPools({ workspaceId: settings.workspaceId });
    const items = (r.body as { items?: unknown } | null)?.items;
    log.info(`Credential check: ListPools at ${client.host} answered HTTP ${r.status} with ${Array.isArray(items) ? items.length : 'no'} pools.`);
    return undefined;
  } catch (error) {
    return redact(isModelArtsError(error) ? error.message : String(error), credentials);
  }
}

/** Configure Credentials…, Clear Credentials, Connect; and the reset on a change of account or place. */
export function registerCredentialCommands(context: vscode.ExtensionContext, deps: CredentialCommandDeps): void {
  const { credentials, sources, log } = deps;

  registerCommand(context, log, Commands.configureCredentials, async () => {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const region = await pickRegion(readLiveSettings().region || DEFAULT_REGION);
    if (!region) return;
    const accessKey = await askSecret(2, 'Access Key ID (AK)', 'Your access key ID. It is kept in VS Code secret storage.');
    if (accessKey === undefined) return;
    const secretKey = await askSecret(3, 'Secret Access Key (SK)', 'Your secret access key. It is kept in VS Code secret storage.');
    if (secretKey === undefined) return;
    const token = await askSecret(4, 'Security Token', 'Only for temporary credentials: the security token. Leave empty for permanent keys.', true);
    if (token === undefined) return;
    const creds: Credentials = {
      accessKey: accessKey.trim(),
      secretKey: secretKey.trim(),
      ...(token.trim() ? { securityToken: token.trim() } : {}),
    };
    const failure = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the credentials against ModelArts ${region}…` },
      () => testCredentials(region, creds, log),
    );
    if (failure) {
      log.warn(`Credential check for AK ${maskAk(creds.accessKey)} in ${region} failed: ${failure}`);
      const choice = await vscode.window.showErrorMessage(
        `The credentials were not saved: the test call failed. ${failure}`,
        'Try Again',
        'Save Anyway',
      );
      if (choice === 'Try Again') return vscode.commands.executeCommand(Commands.configureCredentials);
      if (choice !== 'Save Anyway') return undefined;
    }
    await credentials.set(creds);
    if (region !== readLiveSettings().region) await config.update(Settings.region, region, vscode.ConfigurationTarget.Global);
    log.info(`Credentials saved to VS Code secret storage (AK ${maskAk(creds.accessKey)}, region ${region}).`);
    await sources.use({ kind: 'live' });
    return undefined;
  });

  registerCommand(context, log, Commands.clearCredentials, async () => {
    const had = await credentials.clear();
    clearProjectIdCache();
    log.info(had ? 'Stored credentials removed from VS Code secret storage.' : 'No credentials were stored.');
    void vscode.window.showInformationMessage(
      had
        ? 'ModelArts credentials removed from VS Code secret storage. Environment variables and the credentials file, if any, still apply.'
        : 'No ModelArts credentials were stored in VS Code. Environment variables and the credentials file, if any, still apply.',
    );
  });

  registerCommand(context, log, Commands.connect, async () => {
    const lookup = await credentials.resolve();
    if (!lookup.credentials) return vscode.commands.executeCommand(Commands.configureCredentials);
    return sources.use({ kind: 'live' });
  });

  // Another account or place: drop every cache and everything shown, then load afresh.
  const restartLive = (why: string): void => {
    clearProjectIdCache();
    if (sources.current?.spec.kind !== 'live') return;
    log.info(`${why}: clearing the pools and reloading.`);
    void sources.use({ kind: 'live' });
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, LIVE_SETTING_KEYS)) restartLive('ModelArts settings changed');
    }),
    credentials.onDidChange(() => restartLive('Credentials changed')),
  );
}
