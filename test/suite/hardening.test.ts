import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { reportError } from '../../src/common/commands';
import type { ModelArtsPoolsApi } from '../../src/extension';
import type { RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY } from '../server/server';
import { api, collectErrors, collectMessages, openSamples, poolNameOf, recordMessages, waitFor } from './helpers';
import { pointAt, resetLive, startServer, useEnvKeys } from './live';

/** A display name that VS Code would render as a working command link in a notification. */
const LINK = '[a](command:workbench.extensions.installExtension?"x")';
/** Any Markdown link VS Code's notification renderer could parse: "[label](target". */
const LINK_SYNTAX = /\[[^\]]*\]\(|\]\(command:/;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests run with a workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function poolItem(name: string, display: string, phase: string): unknown {
  return { metadata: { name, labels: { 'os.modelarts/name': display } }, spec: { type: 'Dedicate' }, status: { phase } };
}

function writePools(uri: vscode.Uri, items: unknown[]): void {
  fs.writeFileSync(uri.fsPath, JSON.stringify({ kind: 'List', apiVersion: 'v2', items }));
}

function run(command: string, ...args: unknown[]): Promise<{ result: unknown; errors: string[] }> {
  return collectErrors(() => vscode.commands.executeCommand(command, ...args));
}

const config = () => vscode.workspace.getConfiguration('modelarts');

describe('Hardening', () => {
  let a: ModelArtsPoolsApi;

  before(async () => {
    a = await api();
  });

  after(async () => {
    await resetLive();
    await openSamples(a);
  });

  describe('untrusted text in notifications', () => {
    it('a pool whose display name is a command link turns Abnormal on refresh: the notification has no link', async () => {
      assert.notEqual(config().get('notifyOnFailure'), false, 'failure notifications are on');
      const uri = workspaceFile('hardening-link.json');
      writePools(uri, [poolItem('p-link', LINK, 'Running'), poolItem('p-ok', 'ok', 'Running')]);
      assert.deepEqual((await run('modelarts.openFile', uri)).errors, []);
      await waitFor('the file with the link-named pool', () => a.store.snapshot?.source.kind === 'file' && a.store.get('p-link'), 15000);
      const found: string[][] = [];
      const sub = a.failures.onDidFindFailures((pools) => found.push(pools.map((p) => p.metadata.name)));
      const warnings = recordMessages('showWarningMessage');
      try {
        writePools(uri, [poolItem('p-link', LINK, 'Abnormal'), poolItem('p-ok', 'ok', 'Running')]);
        assert.deepEqual((await run('modelarts.refresh')).errors, []);
        await waitFor('the failure notification', () => warnings.messages.length > 0, 15000, () => JSON.stringify(found));
        assert.deepEqual(found[0], ['p-link'], 'the pool was found failing');
        const [message] = warnings.messages;
        assert.doesNotMatch(message, LINK_SYNTAX, message);
        assert.ok(!message.includes('](command:'), message);
        assert.match(message, /^Pool "［a］\(command:workbench\.extensions\.installExtension\?"x"\)" is now Abnormal\.$/, 'the name is shown, inert');
      } finally {
        warnings.dispose();
        sub.dispose();
        fs.rmSync(uri.fsPath, { force: true });
      }
    });

    it('"pool is gone" and other command errors never carry a link from their argument', async () => {
      await openSamples(a);
      const cases: [string, unknown, RegExp][] = [
        ['modelarts.copyPoolName', LINK, /^The pool "［a］\(command:.*" is no longer in the list\.$/],
        ['modelarts.copyPoolId', LINK, /^The pool "［a］\(command:.*" is no longer in the list\.$/],
        ['modelarts.showChildren', LINK, /^The pool "［a］\(command:.*" is no longer in the list\.$/],
        ['modelarts.openPoolJson', LINK, /^The pool "［a］\(command:.*" is not in the current pool list/],
        ['modelarts.filterByStatus', [LINK], /^Unknown phase "［a］\(command:/],
        ['modelarts.filterByLabel', `${LINK} in (`, /^Invalid label selector: Invalid character "［"/],
      ];
      for (const [command, arg, expected] of cases) {
        const { errors } = await run(command, arg);
        assert.equal(errors.length, 1, `${command}: ${JSON.stringify(errors)}`);
        assert.doesNotMatch(errors[0], LINK_SYNTAX, `${command}: ${errors[0]}`);
        assert.match(errors[0], expected, `${command} says what is wrong, inert: ${errors[0]}`);
      }
      // An unexpected failure whose message holds a link and an icon: the error notification has neither.
      const log = { error: () => undefined } as unknown as vscode.LogOutputChannel;
      const { errors } = await collectErrors(async () => {
        reportError(log, 'ModelArts: Refresh', new Error(`${LINK} $(alert) <b>`));
        await Promise.resolve();
      });
      assert.deepEqual(errors, ['ModelArts: Refresh failed unexpectedly: ［a］(command:workbench.extensions.installExtension?"x") ＄(alert) ‹b›']);
    });
  });

  describe('settings that decide where keys go', () => {
    let good: RunningModelArtsServer;
    let evil: RunningModelArtsServer;
    const settingsFile = () => workspaceFile('.vscode/settings.json').fsPath;
    let original: string | undefined;

    before(async () => {
      good = await startServer();
      evil = await startServer();
      original = fs.existsSync(settingsFile()) ? fs.readFileSync(settingsFile(), 'utf8') : undefined;
    });

    after(async () => {
      if (original === undefined) fs.rmSync(settingsFile(), { force: true });
      else fs.writeFileSync(settingsFile(), original);
      const restored = original === undefined ? undefined : (JSON.parse(original) as Record<string, unknown>)['modelarts.notifyOnFailure'];
      await waitFor('the workspace settings restored', () => config().inspect('notifyOnFailure')?.workspaceValue === restored, 15000);
      await resetLive();
      await openSamples(a);
      await good?.close();
      await evil?.close();
    });

    it('a workspace value of modelarts.endpoint, iamEndpoint or projectId is not used, and the user is told', async () => {
      useEnvKeys();
      await pointAt(good);
      const current = original ? (JSON.parse(original) as Record<string, unknown>) : {};
      fs.mkdirSync(workspaceFile('.vscode').fsPath, { recursive: true });
      fs.writeFileSync(
        settingsFile(),
        JSON.stringify(
          {
            ...current,
            'modelarts.endpoint': evil.url,
            'modelarts.iamEndpoint': evil.url,
            'modelarts.projectId': 'ffffffffffffffffffffffffffffffff',
            // A window-scoped value in the same file: once VS Code reports it, it has read the file.
            'modelarts.notifyOnFailure': true,
          },
          null,
          2,
        ),
      );
      await waitFor('VS Code to read the workspace settings', () => config().inspect('notifyOnFailure')?.workspaceValue === true, 15000);
      assert.equal(config().get('endpoint'), good.url, 'VS Code itself ignores the workspace value of a machine-scoped setting');
      assert.equal(config().inspect('endpoint')?.workspaceValue, undefined);

      const warnings = recordMessages('showWarningMessage');
      try {
        const before = { good: good.count('pools'), evil: evil.count() };
        assert.deepEqual((await run('modelarts.connect')).errors, []);
        const snapshot = await waitFor(
          'the pools of the server in the user settings',
          () => a.store.snapshot?.source.kind === 'live' && a.store.snapshot.pools.length > 0 && a.store.snapshot,
          15000,
          () => a.store.snapshot?.error ?? 'no snapshot',
        );
        assert.equal(snapshot.error, undefined);
        assert.ok(good.count('pools') > before.good, 'the user setting\'s server was asked');
        assert.equal(evil.count(), before.evil, 'nothing reached the workspace setting\'s server');
        assert.ok(good.requests.every((r) => !r.path.includes('ffffffffffffffff')), 'the workspace project ID was not used');
        await waitFor('the warning about ignored settings', () => warnings.messages.some((m) => /ignored/.test(m)), 15000, () => JSON.stringify(warnings.messages));
        const told = warnings.messages.find((m) => /ignored/.test(m))!;
        assert.match(told, /modelarts\.endpoint, modelarts\.iamEndpoint, modelarts\.projectId/);
        assert.ok(!told.includes(evil.url), 'the message names the settings, not their values');
        assert.match(snapshot.source.detail ?? '', /workspace value of modelarts\.endpoint, modelarts\.iamEndpoint, modelarts\.projectId ignored/);
        // Told once: a refresh with the same settings says nothing more.
        const count = warnings.messages.length;
        assert.deepEqual((await run('modelarts.refresh')).errors, []);
        assert.equal(warnings.messages.length, count);
      } finally {
        warnings.dispose();
      }
    });

    it('modelarts.maxResponseMegabytes: a larger answer is a clear error naming the setting; raising it lets the answer in', async () => {
      useEnvKeys();
      await pointAt(good);
      await config().update('maxResponseMegabytes', 1, vscode.ConfigurationTarget.Global);
      const big = JSON.stringify({ kind: 'List', apiVersion: 'v2', items: [], padding: 'x'.repeat(1536 * 1024) });
      good.setMisbehaviour({ status: 200, body: big, target: 'pools' });
      try {
        assert.deepEqual((await run('modelarts.connect')).errors, []);
        const failed = await waitFor('the size error', () => a.store.snapshot?.source.kind === 'live' && a.store.snapshot.error !== undefined && a.store.snapshot, 15000);
        assert.match(failed.error ?? '', /larger than the response size limit of 1 MiB \(setting modelarts\.maxResponseMegabytes\)/);
        await config().update('maxResponseMegabytes', 2, vscode.ConfigurationTarget.Global);
        const before = a.store.snapshot;
        assert.deepEqual((await run('modelarts.refresh')).errors, []);
        const read = await waitFor('the answer read under the higher cap', () => a.store.snapshot !== before && a.store.snapshot, 15000);
        assert.equal(read.error, undefined);
        assert.equal(read.pools.length, 0);
      } finally {
        good.setMisbehaviour(undefined);
        await config().update('maxResponseMegabytes', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('Configure Credentials…', () => {
    let server: RunningModelArtsServer;

    before(async () => {
      server = await startServer();
    });

    after(async () => {
      await collectMessages('showInformationMessage', () => vscode.commands.executeCommand('modelarts.clearCredentials'));
      if (config().inspect('region')?.workspaceValue !== undefined) await config().update('region', undefined, vscode.ConfigurationTarget.Workspace);
      await resetLive();
      await openSamples(a);
      await server?.close();
    });

    it('refuses keys with control characters without echoing them, and saves the region where it is in effect', async () => {
      await pointAt(server);
      await config().update('projectId', DEFAULT_PROJECT_ID, vscode.ConfigurationTarget.Global);
      // The workspace sets the region: a user value would not apply here.
      await config().update('region', 'cn-north-4', vscode.ConfigurationTarget.Workspace);
      const userRegion = config().inspect('region')?.globalValue;

      const win = vscode.window as unknown as Record<string, unknown>;
      const createQuickPick = win.createQuickPick;
      const showInputBox = win.showInputBox;
      const boxes: vscode.InputBoxOptions[] = [];
      const answers = [DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, ''];
      // The region step: a stand-in QuickPick that picks cn-east-3 when shown.
      win.createQuickPick = () => {
        const accept = new vscode.EventEmitter<void>();
        const hide = new vscode.EventEmitter<void>();
        const pick = {
          items: [] as { id: string }[],
          activeItems: [] as unknown[],
          selectedItems: [] as unknown[],
          value: '',
          onDidAccept: accept.event,
          onDidHide: hide.event,
          onDidChangeValue: new vscode.EventEmitter<string>().event,
          // As the window does, the accept comes after show() returns (runQuickPick listens once it has shown the pick).
          show() {
            queueMicrotask(() => {
              pick.selectedItems = pick.items.filter((i) => i.id === 'cn-east-3');
              accept.fire();
            });
          },
          hide: () => hide.fire(),
          dispose: () => undefined,
        };
        return pick;
      };
      win.showInputBox = (options: vscode.InputBoxOptions) => {
        boxes.push(options);
        return Promise.resolve(answers.shift());
      };
      try {
        const { errors } = await run('modelarts.configureCredentials');
        assert.deepEqual(errors, []);
      } finally {
        win.createQuickPick = createQuickPick;
        win.showInputBox = showInputBox;
      }

      assert.equal(boxes.length, 3, 'AK, SK and token were asked');
      for (const box of boxes) {
        assert.ok(box.password, 'typed hidden');
        const validate = box.validateInput!;
        for (const bad of ['SECRETpart1\nSECRETpart2', 'SECRET\u0000x', 'SECRET\u001b[2Jx', 'SECRET\u2028x']) {
          const message = String(await validate(bad));
          assert.match(message, /contains (a line break|a control character)/, JSON.stringify(bad));
          assert.ok(!message.includes('SECRET'), `the message echoes nothing: ${message}`);
        }
        assert.equal(await validate('HPUAXXXXXXXXXXXX'), undefined);
      }

      assert.equal(config().inspect('region')?.workspaceValue, 'cn-east-3', 'saved in the workspace settings, where the region is in effect');
      assert.equal(config().inspect('region')?.globalValue, userRegion, 'the user settings are left alone');
      assert.equal(config().get('region'), 'cn-east-3');
      const snapshot = await waitFor('the pools listed with the saved keys', () => a.store.snapshot?.source.kind === 'live' && a.store.snapshot.pools.length > 0 && a.store.snapshot, 15000);
      assert.match(snapshot.source.label, /^cn-east-3 · .* · stored keys$/);
    });
  });

  describe('file source', () => {
    it('follows edits of a file whose name has glob characters: pools[1]{a}.json', async () => {
      const uri = workspaceFile('pools[1]{a}.json');
      writePools(uri, [poolItem('glob-first', 'First', 'Running')]);
      try {
        assert.deepEqual((await run('modelarts.openFile', uri)).errors, []);
        await waitFor('the first content', () => a.store.snapshot?.source.kind === 'file' && a.store.get('glob-first'), 15000);
        writePools(uri, [poolItem('glob-second', 'Second', 'Running'), poolItem('glob-third', 'Third', 'Abnormal')]);
        // No refresh: the file watcher alone brings the change.
        await waitFor('the edited content', () => a.store.get('glob-second'), 15000, () => (a.store.snapshot?.pools ?? []).map((p) => p.metadata.name).join());
        const top = ((await a.tree.getChildren()) ?? []).map(poolNameOf).sort();
        assert.deepEqual(top, ['glob-second', 'glob-third']);
        assert.equal(a.store.snapshot?.source.label, 'pools[1]{a}.json');
      } finally {
        fs.rmSync(uri.fsPath, { force: true });
      }
    });
  });
});
