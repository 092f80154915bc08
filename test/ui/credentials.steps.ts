/**
 * UI steps for "ModelArts: Configure Credentials…" and "ModelArts: Clear
 * Credentials" (issue 4), as a user runs them from the command palette.
 *
 * The window's extension host has the local server's keys in its environment
 * (HUAWEICLOUD_SDK_AK/SK). So that the keys in use can only be the ones typed,
 * the remote machine settings (where a VS Code server window takes modelarts.endpoint
 * from) point at a second local ModelArts server that knows only
 * other keys and serves other pools: the environment keys get a 401 there,
 * a wrong secret key typed in the input boxes is refused by the test call and
 * not saved, the right ones list that server's pools (secret storage wins
 * over the environment), and after Clear Credentials the extension is back on
 * the environment keys, which that server refuses again. Last, the settings
 * go back to the first server, where the environment keys work.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest, RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startModelArtsServer } from '../server/server';
import { machineSettingsFile } from '../vscode/server';
import { extensionLogFiles } from './diagnostics';
import type { UiSession } from './fixture';
import { VIEW_NAME, displayName, eventually, rowName, samples } from './fixture';

const REGION = 'cn-north-4';
/** Keys known to the second server only; distinctive, so that a leak would be found by a plain search. */
const TYPED_AK = 'UITYPEDAKQ7M4X2P9W';
const TYPED_SK = 'UiTypedSecretKeyRight0000000000000000000000';
const WRONG_SK = 'UiTypedSecretKeyWRONG1111111111111111111111';
/** Another project than the first server's, so the view's message tells the servers apart. */
const PROJECT_ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const SHORT_PROJECT = `${PROJECT_ID.slice(0, 8)}…`;
const OTHER_REGION = 'xy-lab-1';
const TITLE = 'Configure ModelArts Credentials';

/** The second server's pools: two roots and a child, none of them in the sample data. */
const TYPED_POOLS = [
  pool('pool-stored-keys-0001', 'stored-keys-train', 'Running'),
  pool('pool-stored-keys-0002', 'stored-keys-infer', 'Running'),
  pool('pool-stored-keys-0003', 'stored-keys-infer-a', 'Running', 'pool-stored-keys-0002'),
];
const TYPED_ROOTS = TYPED_POOLS.filter((p) => !p.status.parent).map((p) => p.metadata.labels['os.modelarts/name']);

function pool(name: string, display: string, phase: string, parent?: string) {
  const flavor = 'modelarts.vm.cpu.8u32g';
  return {
    kind: 'Pool',
    apiVersion: 'v2',
    metadata: { name, labels: { 'os.modelarts/name': display, 'os.modelarts/workspace.id': '0' } },
    spec: { type: 'Dedicate', resources: [{ flavor, count: 2 }] },
    status: { phase, ...(parent ? { parent } : {}), resources: { available: [{ flavor, count: 2 }] } },
  };
}

/** The access key a request was signed with (Authorization: SDK-HMAC-SHA256 Access=AK, ...). */
function signedWith(r: RecordedRequest): string | undefined {
  const auth = r.headers.authorization;
  return typeof auth === 'string' ? /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=[^,\s]+, Signature=[0-9a-f]{64}$/.exec(auth)?.[1] : undefined;
}

function isListPools(r: RecordedRequest): boolean {
  return /^\/v2\/[^/]+\/pools\/?$/.test(r.path);
}

/**
 * The log lines of the Output panel's text: the panel wraps long lines, and a
 * wrapped line goes on in the next rendered line (a break between words keeps
 * its space at the end of the first part); each log line starts with its date.
 */
function logLines(rendered: string): string[] {
  return rendered
    .split('\n')
    .join('')
    .split(/(?=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[)/)
    .filter((l) => l.trim());
}

/** Every ModelArts.log the extension host wrote (one per extension host, a reload starts another). */
function extensionLogs(userDataDir: string): string {
  const files = extensionLogFiles(userDataDir);
  assert.ok(files.length > 0, `the extension's log files are under ${userDataDir}/logs`);
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Rewrites the workspace's .vscode/settings.json with `changes` merged in, as a user edits it. */
function editWorkspaceSettings(workspace: string, changes: Record<string, unknown>): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...current, ...changes }, null, 2));
}

/** Asserts that the text holds neither secret key nor the whole typed access key. */
function assertNoSecrets(text: string, where: string): void {
  for (const [name, secret] of [
    ['the wrong secret key', WRONG_SK],
    ['the secret key', TYPED_SK],
    ['the environment secret key', DEFAULT_SECRET_KEY],
    ['the whole access key', TYPED_AK],
  ] as const) {
    assert.ok(!text.includes(secret), `${name} appears in ${where}`);
  }
}

export function credentialSteps(ui: UiSession): void {
  let typed: RunningModelArtsServer | undefined;
  const server = (): RunningModelArtsServer => {
    assert.ok(typed, 'the second ModelArts server runs (started by the first credentials step)');
    return typed;
  };

  after(async () => {
    await typed?.close();
  });

  /** Waits for the view's message line to read exactly `text`. */
  async function waitForMessage(text: string): Promise<void> {
    const message = ui.wb.viewMessage(VIEW_NAME);
    await eventually(
      ui.page,
      async () => {
        const m = (await message.count()) ? (await message.innerText()).trim() : '(no message)';
        return m === text ? undefined : `view message "${m}", want "${text}"`;
      },
      20000,
    );
  }

  /** Waits for the tree to be just the error row, and returns its accessible name and description. */
  async function waitForErrorRow(text: RegExp): Promise<{ label: string; description: string }> {
    const tree = ui.wb.tree(VIEW_NAME);
    let row: { label: string; description: string } | undefined;
    await eventually(
      ui.page,
      async () => {
        const rows = await ui.wb.treeRows(tree);
        row = rows[0];
        return rows.length === 1 && text.test(row.label) ? undefined : `tree rows ${JSON.stringify(rows.map((r) => r.label))}, want one error matching ${text}`;
      },
      20000,
    );
    const icon = ui.wb.tree(VIEW_NAME).getByRole('treeitem').first().locator('.custom-view-tree-node-item-icon');
    assert.match((await icon.getAttribute('class')) ?? '', /\bcodicon-error\b/, 'the row has the error icon');
    return row!;
  }

  /** The check is over: its progress notification has gone from the (open) notification center. */
  async function progressGone(): Promise<void> {
    const progress = ui.wb.notificationEntries('Checking the credentials against ModelArts');
    await eventually(ui.page, async () => ((await progress.count()) === 0 ? undefined : 'the progress notification "Checking the credentials…" is still shown'), 10000);
  }

  /** Runs Configure Credentials… from F1 and fills its four steps. */
  async function configure(secretKey: string, options: { tryOtherRegion?: boolean } = {}): Promise<void> {
    const { wb, page, shots } = ui;
    const pick = await wb.runCommandForInput('ModelArts: Configure Credentials…', `${TITLE} (1/4): Region`);
    const input = pick.locator('input.input');
    if (options.tryOtherRegion) {
      // A region that is not listed: typing its ID offers it.
      await input.fill(OTHER_REGION);
      const first = pick.locator('.quick-input-list .monaco-list-row').first();
      await first.filter({ hasText: 'Other region' }).waitFor();
      assert.match((await first.getAttribute('aria-label')) ?? '', new RegExp(`^${OTHER_REGION}\\b`), 'the typed region is offered first');
      await shots.take(page, 'credentials-region-typed');
    }
    await input.fill(REGION);
    const row = wb.quickPickRow(`${REGION},`).or(wb.quickPickRow(`${REGION} `));
    await row.first().waitFor();
    assert.match(await row.first().innerText(), /current/, `${REGION} is marked as the current region`);
    await row.first().click();

    for (const [step, name, value] of [
      [2, 'Access Key ID (AK)', TYPED_AK],
      [3, 'Secret Access Key (SK)', secretKey],
      [4, 'Security Token', ''],
    ] as const) {
      const box = await wb.quickInputStep(`${TITLE} (${step}/4): ${name}`);
      const field = box.locator('input.input');
      assert.equal(await field.getAttribute('type'), 'password', `${name}: a password box`);
      await field.fill(value);
      await page.keyboard.press('Enter');
    }
    await pick.waitFor({ state: 'hidden' });
  }

  it('points the remote machine settings at a ModelArts server that knows other keys: the environment keys get 401', async () => {
    const { page, shots, workspace } = ui;
    typed = await startModelArtsServer({
      credentials: [{ accessKey: TYPED_AK, secretKey: TYPED_SK }],
      projectId: PROJECT_ID,
      region: REGION,
      pools: { kind: 'PoolList', apiVersion: 'v2', items: TYPED_POOLS },
    });
    ui.servers.set('typed keys', typed);
    assert.notEqual(TYPED_AK, DEFAULT_ACCESS_KEY);
    assert.ok(TYPED_POOLS.every((p) => !samples.some((s) => displayName(s) === p.metadata.labels['os.modelarts/name'])), 'the pools are not sample pools');
    await ui.wb.editUserSettings(machineSettingsFile(ui.dirs), { 'modelarts.endpoint': typed.url, 'modelarts.iamEndpoint': typed.url }, 'Preferences: Open Remote Settings (JSON)');
    editWorkspaceSettings(workspace, { 'modelarts.region': REGION });

    const row = await waitForErrorRow(/APIGW\.0301/);
    assert.match(row.label, /401/, 'the error names the status');
    assert.equal(row.description, 'Configure Credentials…', 'a 401 offers Configure Credentials');
    await waitForMessage(`${REGION} · env keys`);
    await eventually(page, async () => (typed!.requests.length > 0 ? undefined : 'no request reached the second server'));
    for (const r of typed.requests) {
      assert.equal(signedWith(r), DEFAULT_ACCESS_KEY, 'signed with the environment key');
      assert.equal(r.status, 401, 'refused');
    }
    await shots.take(page, 'env-keys-refused');
  });

  it('Configure Credentials… with a wrong secret key: the test call fails, nothing is saved, no secret is shown', async () => {
    const { wb, page, shots, userDataDir } = ui;
    const before = server().requests.length;
    await configure(WRONG_SK, { tryOtherRegion: true });

    const note = await wb.notification('The credentials were not saved');
    const message = (await note.locator('.notification-list-item-message').innerText()).trim();
    assert.match(message, /^The credentials were not saved: the test call failed\. /, message);
    assert.match(message, /\b401\b/, `the status: ${message}`);
    assert.match(message, /APIGW\.0301/, `the gateway's code: ${message}`);
    assert.match(message, /verify aksk signature fail/, `the gateway's reason: ${message}`);
    assert.ok(await note.locator('.notification-list-item-icon.codicon-error').count(), 'an error notification');
    for (const label of ['Try Again', 'Save Anyway']) await note.getByRole('button', { name: label }).waitFor();
    await progressGone();

    // The test call was signed with the typed access key, and refused.
    const sent = server().requests.slice(before);
    assert.ok(sent.length > 0, 'the test call reached the server');
    for (const r of sent) {
      assert.equal(r.method, 'GET');
      assert.equal(signedWith(r), TYPED_AK, 'the test call is signed with the typed key');
      assert.equal(r.status, 401);
    }

    // The log in the Output panel says what failed, with the access key masked.
    await wb.runCommand('ModelArts: Show Log');
    const checkLine = new RegExp(`^\\S+ \\S+ \\[warning\\] Credential check for AK ${TYPED_AK.slice(0, 4)}\\*{4} in ${REGION} failed: .*\\bAPIGW\\.0301\\b.*\\(HTTP 401\\b`);
    let output: string[] = [];
    await eventually(page, async () => {
      output = logLines(await wb.outputText());
      return output.some((l) => checkLine.test(l)) ? undefined : `no credential check line in the Output panel:\n${output.join('\n')}`;
    });
    assertNoSecrets(output.join('\n'), 'the Output panel');
    await shots.take(page, 'credentials-wrong-sk');
    // Nowhere on screen or in the page, nor in any log the extension host wrote.
    assertNoSecrets(await page.locator('body').innerText(), 'the text on screen');
    assertNoSecrets(await page.content(), 'the page');
    assertNoSecrets(extensionLogs(userDataDir), 'the ModelArts log files');

    await wb.clearNotification(note);
    await wb.hideNotifications();
    await wb.hidePanel();
    // Nothing saved: the view still runs on the environment keys.
    await waitForMessage(`${REGION} · env keys`);
    assert.equal(server().requests.filter((r) => signedWith(r) === TYPED_AK && r.status !== 401).length, 0, 'no call with the typed key succeeded');
  });

  it('Configure Credentials… with the right keys: the tree lists that server\'s pools from the stored keys', async () => {
    const { wb, page, shots, userDataDir } = ui;
    const before = server().requests.length;
    await configure(TYPED_SK);

    const tree = wb.tree(VIEW_NAME);
    for (const name of TYPED_ROOTS) await wb.treeRow(tree, name).waitFor({ timeout: 20000 });
    await waitForMessage(`${REGION} · ${SHORT_PROJECT} · stored keys`);
    const top = (await wb.treeRows(tree)).map((r) => rowName(r.label));
    assert.deepEqual([...top].sort(), [...TYPED_ROOTS].sort(), 'only the second server\'s root pools');
    await wb.expand(wb.treeRow(tree, 'stored-keys-infer'));
    await wb.treeRow(tree, 'stored-keys-infer-a').waitFor();
    assert.equal(await wb.treeRow(tree, 'stored-keys-infer-a').getAttribute('aria-level'), '2');
    // No failure, and the check's progress is over.
    await wb.runCommand('Notifications: Show Notifications');
    await progressGone();
    assert.equal(await wb.notificationEntries('The credentials were not saved').count(), 0, 'no failure notification');
    await wb.hideNotifications();

    // The server saw signed GETs with the typed key only: the test call and the load (IAM, then ListPools).
    const sent = server().requests.slice(before);
    assert.ok(sent.some((r) => isListPools(r) && r.status === 200), 'ListPools answered 200');
    assert.ok(sent.some((r) => r.path.startsWith('/v3/projects') && r.status === 200), 'the project ID came from IAM');
    for (const r of sent) {
      assert.equal(r.method, 'GET', `${r.method} ${r.path}: read-only`);
      assert.equal(signedWith(r), TYPED_AK, `${r.path}: signed with the typed key, not the environment's`);
      assert.equal(r.status, 200, `${r.path}: accepted`);
      assert.ok(r.query.name === undefined || r.query.name[0] === REGION, 'IAM asked for the region\'s project');
      if (isListPools(r)) assert.ok(r.path.includes(PROJECT_ID), 'ListPools for the project IAM named');
    }
    assertNoSecrets(await page.locator('body').innerText(), 'the text on screen');
    assertNoSecrets(extensionLogs(userDataDir), 'the ModelArts log files');
    await shots.take(page, 'credentials-stored-keys');
  });

  it('Clear Credentials: an information message, and the view is back on the environment keys, which this server refuses', async () => {
    const { wb, page, shots, modelarts } = ui;
    const before = server().requests.length;
    await wb.runCommand('ModelArts: Clear Credentials');
    const note = await wb.notification('ModelArts credentials removed from VS Code secret storage.');
    assert.match(await note.locator('.notification-list-item-message').innerText(), /Environment variables and the credentials file, if any, still apply\./);
    assert.ok(await note.locator('.notification-list-item-icon.codicon-info').count(), 'an information notification');

    const row = await waitForErrorRow(/APIGW\.0301/);
    assert.equal(row.description, 'Configure Credentials…');
    await waitForMessage(`${REGION} · env keys`);
    const sent = server().requests.slice(before);
    assert.ok(sent.length > 0, 'the view reloaded');
    for (const r of sent) assert.equal(signedWith(r), DEFAULT_ACCESS_KEY, `${r.path}: signed with the environment key once the stored one is gone`);
    await shots.take(page, 'credentials-cleared');
    await wb.clearNotification(note);
    await wb.hideNotifications();

    // Back to the first server: the environment keys list its pools again.
    const first = modelarts.count('pools');
    await wb.editUserSettings(machineSettingsFile(ui.dirs), { 'modelarts.endpoint': modelarts.url, 'modelarts.iamEndpoint': modelarts.url }, 'Preferences: Open Remote Settings (JSON)');
    await waitForMessage(`${REGION} · ${modelarts.projectId.slice(0, 8)}… · env keys`);
    const tree = wb.tree(VIEW_NAME);
    await eventually(page, async () => ((await wb.treeRows(tree)).length > 0 && modelarts.count('pools') > first ? undefined : 'the first server\'s pools are not back'));
    const rows = (await wb.treeRows(tree)).map((r) => rowName(r.label));
    assert.ok(rows.every((r) => samples.some((s) => displayName(s) === r)), `sample pools only: ${JSON.stringify(rows)}`);
  });
}
