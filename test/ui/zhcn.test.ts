/**
 * The extension in Simplified Chinese (issue 12), as a user with a Chinese
 * VS Code sees it: a VS Code server started with `--locale zh-cn` and a
 * language pack installed, the packaged VSIX installed, the workbench driven
 * in Chromium. The workbench's own strings come from the (empty) test
 * language pack, so they stay English; every string of the extension must
 * be Chinese: the palette, the welcome view, the tree, a filter quick pick,
 * an error row and the details page. The expected texts are read from
 * package.nls.zh-cn.json and l10n/bundle.l10n.zh-cn.json, not written here.
 *
 * How the server takes a display language: `--locale zh-cn` alone is not
 * enough; the server also needs a language pack for that locale, listed in
 * <user-data-dir>/languagepacks.json (as VS Code writes it when a pack is
 * installed). Then the extension host's `vscode.env.language` is zh-cn and
 * VS Code loads the extension's package.nls.zh-cn.json and l10n bundle.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../vscode/browser';
import type { Installation } from '../vscode/env';
import { freshDir, requireInstallation, testVersions } from '../vscode/env';
import type { RunningServer, ServerDirs } from '../vscode/server';
import { installExtension, makeDirs, startServer } from '../vscode/server';
import { Screenshots, Workbench } from '../vscode/workbench';
import type { RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startModelArtsServer } from '../server/server';
import { StepTraces, finishStep } from './diagnostics';
import { childrenOf, displayName, eventually, root, rootPools, vsixPath } from './fixture';

const LOCALE = 'zh-cn';
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

/** The Chinese text of a manifest key. */
function manifestText(key: string): string {
  const text = nls[key];
  assert.ok(text, `package.nls.zh-cn.json has ${key}`);
  return text;
}

/** The Chinese text of a runtime string, with its placeholders filled. */
function zh(english: string, ...args: (string | number)[]): string {
  const entry = Object.entries(bundle).find(([k]) => k === english || k.startsWith(`${english}/`));
  assert.ok(entry, `l10n/bundle.l10n.zh-cn.json has "${english}"`);
  return entry[1].replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

const PACK = { publisher: 'modelarts-tests', name: 'test-language-pack-zh-cn', version: '0.0.1' };

/**
 * A minimal language pack for zh-cn, packaged with vsce: it contributes the
 * locale with no workbench translations (the workbench stays English).
 */
function makeLanguagePack(dir: string): string {
  fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        ...PACK,
        displayName: 'Test language pack (zh-cn)',
        description: 'Makes zh-cn a display language of the test VS Code server.',
        license: 'MIT',
        engines: { vscode: '^1.100.0' },
        categories: ['Language Packs'],
        contributes: {
          localizations: [
            { languageId: LOCALE, languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] },
          ],
        },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(dir, 'README.md'), '# Test language pack\n\nzh-cn for the UI tests of the ModelArts extension.\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, `${PACK.name}.vsix`);
  cp.execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: dir,
    stdio: 'pipe',
  });
  return vsix;
}

/** Installs the pack and registers it the way VS Code does when a language pack is installed. */
async function installLanguagePack(inst: Installation, dirs: ServerDirs, scratch: string, logFile: string): Promise<void> {
  const vsix = makeLanguagePack(path.join(scratch, 'language-pack'));
  await installExtension(inst, dirs, vsix, logFile);
  const folder = fs.readdirSync(dirs.extensions).find((n) => n.startsWith(`${PACK.publisher}.${PACK.name}-`));
  assert.ok(folder, `the language pack is installed in ${dirs.extensions}`);
  const translations = path.join(dirs.extensions, folder, 'translations', 'main.i18n.json');
  fs.writeFileSync(
    path.join(dirs.userData, 'languagepacks.json'),
    JSON.stringify({
      [LOCALE]: {
        hash: 'test0001',
        extensions: [{ extensionIdentifier: { id: `${PACK.publisher}.${PACK.name}` }, version: PACK.version }],
        translations: { vscode: translations },
        label: '中文(简体)',
      },
    }),
  );
}

for (const { vscode: version } of testVersions()) {
  describe(`UI in Simplified Chinese, VS Code ${version} (--locale zh-cn)`, function () {
    this.timeout(300000);
    let server: RunningServer | undefined;
    let modelarts: RunningModelArtsServer | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let wb: Workbench;
    let shots: Screenshots;
    let traces: StepTraces | undefined;
    let logFile = '';
    let userDataDir = '';
    const category = () => manifestText('command.category');

    before(async function () {
      this.timeout(300000);
      const inst = requireInstallation(version);
      const scratch = freshDir(`ui-zh-cn-${version}`);
      const dirs = makeDirs(scratch);
      userDataDir = dirs.userData;
      logFile = path.join(scratch, 'server.log');
      await installLanguagePack(inst, dirs, scratch, logFile);
      await installExtension(inst, dirs, vsixPath(), logFile);
      modelarts = await startModelArtsServer({});
      const workspace = path.join(scratch, 'workspace');
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'modelarts.region': modelarts.region }, null, 2));
      server = await startServer({
        inst,
        dirs,
        logFile,
        verbose: process.env.MODELARTS_VSCODE_VERBOSE === '1',
        extraArgs: ['--locale', LOCALE],
        userSettings: { 'modelarts.endpoint': modelarts.url, 'modelarts.iamEndpoint': modelarts.url },
        env: { HUAWEICLOUD_SDK_AK: DEFAULT_ACCESS_KEY, HUAWEICLOUD_SDK_SK: DEFAULT_SECRET_KEY },
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: LOCALE });
      wb = new Workbench(page);
      shots = new Screenshots(root, `${version}-zh-cn`);
      traces = new StepTraces(page.context());
      await traces.start();
      process.stdout.write(`      VS Code ${version} server (--locale ${LOCALE}): ${server.origin} (log: ${path.relative(root, logFile)})\n`);
      await page.goto(server.workbenchUrl(workspace), { timeout: 120000 });
      await wb.ready();
    });

    beforeEach(async function () {
      await traces?.beginStep(this.currentTest?.title ?? 'step');
    });

    afterEach(async function () {
      const servers = new Map(modelarts ? [['local', modelarts]] : []);
      await finishStep(this.currentTest, { page, shots, traces, root, serverLog: logFile, userDataDir, servers });
    });

    after(async () => {
      await traces?.stop();
      await browser?.close().catch(() => undefined);
      await server?.stop();
      await modelarts?.close();
    });

    it('shows the view and its welcome in Chinese', async () => {
      await wb.openViewContainer(manifestText('viewsContainers.modelarts.title'));
      await wb.setSideBarWidth(560);
      const pane = wb.viewPane(manifestText('views.modelarts.pools.name'));
      await pane.waitFor();
      const welcome = pane.locator('.welcome-view-content');
      await welcome.waitFor();
      const buttons = [...manifestText('viewsWelcome.modelarts.pools.noSource').matchAll(/\[([^\]]+)\]\(command:/g)].map((m) => m[1]);
      assert.ok(buttons.length >= 3, 'the welcome text has its buttons');
      for (const label of buttons) await welcome.getByRole('button', { name: label }).waitFor();
      await shots.take(page, 'zh-cn-welcome-view');
    });

    it('shows the tree\'s descriptions and tooltips in Chinese', async () => {
      const view = manifestText('views.modelarts.pools.name');
      await wb.viewPane(view).locator('.welcome-view-content').getByRole('button', { name: manifestText('command.openSamplePools.title') }).click();
      const tree = wb.tree(view);
      const nested = rootPools.find((r) => childrenOf(r).length > 0)!;
      const row = wb.treeRow(tree, displayName(nested));
      await row.waitFor({ timeout: 30000 });
      const nodes = zh('{0}/{1} nodes', 'X', 'Y').replace('X/Y', '');
      await eventually(page, async () => {
        const rows = await wb.treeRows(tree);
        const english = rows.filter((r) => / nodes\b/.test(r.description));
        const chinese = rows.filter((r) => r.description.includes(nodes.trim()));
        return chinese.length > 0 && english.length === 0 ? undefined : `descriptions ${JSON.stringify(rows.map((r) => r.description))}, want "${nodes.trim()}" and no " nodes"`;
      });
      // Away from any row first: a tooltip left open by the mouse would cover the row.
      await page.mouse.move(1000, 900);
      await page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined);
      await row.hover({ force: true });
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: zh('Type: {0}', '').replace(/[:：]\s*$/, '') });
      await hover.first().waitFor({ timeout: 20000 });
      const text = await hover.first().innerText();
      assert.doesNotMatch(text, /\bType: |\bCreated: /, `the tooltip has no English labels: ${text}`);
      await shots.take(page, 'zh-cn-tree-and-tooltip');
      await page.mouse.move(1000, 900);
    });

    it('lists the extension\'s commands in Chinese in the command palette: "ModelArts: 刷新" and the rest (Refresh is offered once pools are shown)', async () => {
      const want = ['command.refresh.title', 'command.openSamplePools.title', 'command.connect.title', 'command.filterByStatus.title'].map((k) => `${category()}: ${manifestText(k)}`);
      const widget = page.locator('.quick-input-widget');
      // The list renders only the rows in sight: each title is typed, and its own row awaited.
      // Typed again on each poll: a window just opened may not know the extension's commands yet,
      // and the palette filters only when its text changes.
      for (const title of want) {
        await wb.closeQuickInput();
        await page.keyboard.press('F1');
        const input = widget.locator('input.input');
        const labels = widget.locator('.quick-input-list .monaco-list-row .label-name');
        await eventually(page, async () => {
          await input.fill('>');
          await input.fill(`>${title}`);
          const row = labels.filter({ hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
          const found = await row.first().waitFor({ timeout: 3000 }).then(() => true, () => false);
          return found ? undefined : `the palette lists ${JSON.stringify(await labels.allTextContents())} for "${title}"`;
        }, 60000);
      }
      await widget.locator('input.input').fill(`>${category()}: `);
      await shots.take(page, 'zh-cn-command-palette');
      await wb.closeQuickInput();
    });

    it('shows a filter quick pick in Chinese', async () => {
      const widget = await wb.runCommandForInput(`${category()}: ${manifestText('command.filterByStatus.title')}`, zh('Filter by Status'));
      await widget.locator('.quick-input-list .monaco-list-row').first().waitFor();
      const placeholder = await widget.locator('input.input').getAttribute('placeholder');
      assert.ok(placeholder && /[\u4e00-\u9fff]/.test(placeholder), `the placeholder is Chinese: ${placeholder}`);
      await shots.take(page, 'zh-cn-filter-quick-pick');
      await wb.closeQuickInput();
    });

    it('shows the details page in Chinese', async () => {
      const view = manifestText('views.modelarts.pools.name');
      const pool = rootPools.find((r) => childrenOf(r).length > 0)!;
      await wb.treeRow(wb.tree(view), displayName(pool)).click();
      const page$ = wb.webview();
      await page$.locator('[data-testid="pool-name"]').filter({ hasText: displayName(pool) }).waitFor({ timeout: 30000 });
      const titles = await page$.locator('section h2').allTextContents();
      for (const english of ['Spec', 'Status']) assert.ok(titles.includes(zh(english)), `section "${zh(english)}" in ${JSON.stringify(titles)}`);
      assert.ok(!titles.includes('Spec') && !titles.includes('Status'), `no English section titles: ${JSON.stringify(titles)}`);
      await shots.take(page, 'zh-cn-details-page');
      await wb.runCommand('View: Close All Editors');
    });

    it('shows an error row in Chinese', async () => {
      const view = manifestText('views.modelarts.pools.name');
      modelarts!.setMisbehaviour({ status: 401, body: { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information' }, target: 'pools' });
      await wb.runCommand(`${category()}: ${manifestText('command.connect.title')}`);
      const tree = wb.tree(view);
      await eventually(page, async () => {
        const rows = await wb.treeRows(tree);
        const error = rows.find((r) => /APIGW\.0301/.test(r.label));
        return error && error.description === zh('Configure Credentials…') ? undefined : `rows ${JSON.stringify(rows)}, want an APIGW.0301 row offering "${zh('Configure Credentials…')}"`;
      }, 30000);
      const label = (await wb.treeRows(tree)).find((r) => /APIGW\.0301/.test(r.label))!.label;
      assert.match(label, /[\u4e00-\u9fff]/, `our sentence around the code is Chinese: ${label}`);
      await shots.take(page, 'zh-cn-error-row');
      modelarts!.setMisbehaviour(undefined);
    });
  });
}
