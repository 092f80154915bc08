import * as vscode from 'vscode';
import type { CommandRegistrar } from '../common/commands';
import { Commands, Settings } from '../common/constants';
import { safeText, showError, showInfo, withProgress } from '../common/messages';
import { runQuickPick } from '../common/quickPick';
import { readLiveSettings, updateSettingWhereEffective } from '../common/settings';
import { ProjectIdCache } from '../modelarts/client';
import type { Credentials } from '../modelarts/credentials';
import { typedCredentialProblem } from '../modelarts/credentials';
import { DEFAULT_REGION, KNOWN_REGIONS } from '../modelarts/endpoints';
import { isModelArtsError, maskAk, redact } from '../modelarts/errors';
import type { SourceManager } from '../sources/sourceManager';
import type { LiveAccount } from './account';

export interface LiveCommandDeps {
  commands: CommandRegistrar;
  account: LiveAccount;
  sources: SourceManager;
  log: vscode.LogOutputChannel;
}

/** Asks for the region; undefined when cancelled. */
async function pickRegion(current: string): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id: string };
  const items: Item[] = KNOWN_REGIONS.map((r) => ({
    label: r.id,
    description: r.name,
    detail: r.id === current ? vscode.l10n.t('current') : undefined,
    id: r.id,
  }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = stepTitle(1, vscode.l10n.t('Region'));
  pick.placeholder = vscode.l10n.t('Region of your ModelArts resource pools (type another region ID if it is not listed)');
  pick.items = items;
  pick.activeItems = items.filter((i) => i.id === current);
  pick.ignoreFocusOut = true;
  pick.onDidChangeValue((value) => {
    const v = value.trim();
    const typed = /^[a-z]{2,}(?:-[a-z0-9]+)+$/.test(v) && !KNOWN_REGIONS.some((r) => r.id === v);
    pick.items = typed ? [{ label: v, description: vscode.l10n.t('Other region'), id: v }, ...items] : items;
  });
  return runQuickPick(pick, () => pick.selectedItems[0]?.id);
}

/** The title of one step of Configure Credentials…, e.g. "Configure ModelArts Credentials (1/4): Region". */
function stepTitle(step: number, title: string): string {
  return vscode.l10n.t('Configure ModelArts Credentials ({0}/4): {1}', step, title);
}

async function askSecret(step: number, title: string, prompt: string, optional = false): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: stepTitle(step, title),
    prompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => typedCredentialProblem(title, v, optional),
  });
}

/** One ListPools call with the new keys, so that wrong keys are never saved silently. */
async function testCredentials(account: LiveAccount, region: string, credentials: Credentials, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const settings = readLiveSettings();
  const made = account.createClient({
    region,
    credentials,
    endpoint: settings.endpoint,
    iamEndpoint: settings.iamEndpoint,
    ...(settings.projectId ? { projectId: settings.projectId } : {}),
    settings,
    maxAttempts: 1,
    projectIdCache: new ProjectIdCache(),
  });
  if ('error' in made) return made.error;
  const { client } = made;
  try {
    const r = await client.listPools({ workspaceId: settings.workspaceId });
    const items = (r.body as { items?: unknown } | null)?.items;
    log.info(`Credential check: ListPools at ${client.host} answered HTTP ${r.status} with ${Array.isArray(items) ? items.length : 'no'} pools.`);
    return undefined;
  } catch (error) {
    return redact(isModelArtsError(error) ? error.message : String(error), credentials);
  }
}

/** Configure Credentials…, Clear Credentials and Connect. */
export function registerLiveCommands(deps: LiveCommandDeps): void {
  const { commands, account, sources, log } = deps;
  const credentials = account.credentials;

  commands.register(Commands.configureCredentials, async () => {
    const region = await pickRegion(readLiveSettings().region || DEFAULT_REGION);
    if (!region) return;
    const accessKey = await askSecret(2, vscode.l10n.t('Access Key ID (AK)'), vscode.l10n.t('Your access key ID. It is kept in VS Code secret storage.'));
    if (accessKey === undefined) return;
    const secretKey = await askSecret(3, vscode.l10n.t('Secret Access Key (SK)'), vscode.l10n.t('Your secret access key. It is kept in VS Code secret storage.'));
    if (secretKey === undefined) return;
    const token = await askSecret(
      4,
      vscode.l10n.t('Security Token'),
      vscode.l10n.t('Only for temporary credentials: the security token. Leave empty for permanent keys.'),
      true,
    );
    if (token === undefined) return;
    const creds: Credentials = {
      accessKey: accessKey.trim(),
      secretKey: secretKey.trim(),
      ...(token.trim() ? { securityToken: token.trim() } : {}),
    };
    const failure = await withProgress(vscode.ProgressLocation.Notification, safeText(vscode.l10n.t('Checking the credentials against ModelArts {0}…'), region), () =>
      testCredentials(account, region, creds, log),
    );
    if (failure) {
      log.warn(`Credential check for AK ${maskAk(creds.accessKey)} in ${region} failed: ${failure}`);
      const tryAgain = vscode.l10n.t('Try Again');
      const saveAnyway = vscode.l10n.t('Save Anyway');
      const choice = await showError(safeText(vscode.l10n.t('The credentials were not saved: the test call failed. {0}'), failure), tryAgain, saveAnyway);
      if (choice === tryAgain) return vscode.commands.executeCommand(Commands.configureCredentials);
      if (choice !== saveAnyway) return undefined;
    }
    await credentials.set(creds);
    log.info(`Credentials saved to VS Code secret storage (AK ${maskAk(creds.accessKey)}, region ${region}).`);
    if (region !== readLiveSettings().region) {
      // Where it is in effect: a workspace value would beat a user one, and the region just tested must apply.
      const where = await updateSettingWhereEffective(Settings.region, region);
      log.info(`Region ${region} saved to the ${where} settings (modelarts.region).`);
    }
    await sources.use({ kind: 'live' });
    return undefined;
  });

  commands.register(Commands.clearCredentials, async () => {
    const had = await credentials.clear();
    account.clearCaches();
    log.info(had ? 'Stored credentials removed from VS Code secret storage.' : 'No credentials were stored.');
    void showInfo(
      had
        ? safeText(vscode.l10n.t('ModelArts credentials removed from VS Code secret storage. Environment variables and the credentials file, if any, still apply.'))
        : safeText(vscode.l10n.t('No ModelArts credentials were stored in VS Code. Environment variables and the credentials file, if any, still apply.')),
    );
  });

  commands.register(Commands.connect, async () => {
    const lookup = await credentials.resolve();
    if (!lookup.credentials) return vscode.commands.executeCommand(Commands.configureCredentials);
    return sources.use({ kind: 'live' });
  });
}
