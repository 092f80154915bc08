/**
 * UI tests as a user works: the packaged VSIX installed into a real VS Code
 * server with `--install-extension`, the workbench driven in Chromium. One
 * suite per tested VS Code version; every step saves a screenshot under
 * test-results/<version>/ and prints its path.
 *
 * Needs `npm run package` (the VSIX) and `npm run provision` first; `npm run
 * test:ui` does both. Env MODELARTS_VSCODE_VERSIONS limits the versions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../vscode/browser';
import { freshDir, requireInstallation, testVersions } from '../vscode/env';
import type { RunningServer } from '../vscode/server';
import { installExtension, makeDirs, startServer } from '../vscode/server';
import { Screenshots, Workbench } from '../vscode/workbench';
import type { RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startModelArtsServer } from '../server/server';
import { credentialSteps } from './credentials.steps';
import { StepTraces, finishStep } from './diagnostics';
import { hardeningSteps } from './hardening.steps';
import { detailsSteps } from './details.steps';
import type { UiSession } from './fixture';
import { CONTAINER_TITLE, VIEW_NAME, childrenOf, displayName, eventually, parentOf, pkg, root, rootPools, samples, vsixPath } from './fixture';
import { filterSteps, liveFilterSteps } from './filters.steps';
import { liveSnappySteps, snappySteps } from './snappy.steps';

/** The first root with a child that has children of its own: expanded two levels deep. */
const nestedRoot = rootPools.find((r) => childrenOf(r).some((c) => childrenOf(c).length > 0))!;
const nestedChild = childrenOf(nestedRoot).find((c) => childrenOf(c).length > 0)!;

/** Codicon class per documented phase ('loading~spin' renders as codicon-loading). */
const PHASE_CODICON: Record<string, string> = {
  Running: 'pass',
  Creating: 'loading',
  Deleting: 'loading',
  Waiting: 'clock',
  Abnormal: 'warning',
  Error: 'error',
  CreationFailed: 'error',
  ScalingFailed: 'error',
};

for (const { vscode: version } of testVersions()) {
  describe(`UI in VS Code ${version} (VSIX installed)`, function () {
    // A bound for a hung step, far above a step's time even on a loaded machine: steps wait on conditions.
    this.timeout(300000);
    let server: RunningServer | undefined;
    let modelarts: RunningModelArtsServer | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let wb: Workbench;
    let shots: Screenshots;
    let traces: StepTraces | undefined;
    let serverLog = '';
    /** What the step modules use; filled in by before(). */
    const session = {} as UiSession;

    before(async function () {
      this.timeout(240000);
      const inst = requireInstallation(version);
      const scratch = freshDir(`ui-${version}`);
      const dirs = makeDirs(scratch);
      const logFile = path.join(scratch, 'server.log');
      serverLog = logFile;
      await installExtension(inst, dirs, vsixPath(), logFile);
      const installed = fs.readdirSync(dirs.extensions).find((n) => n.startsWith(`${pkg.publisher}.${pkg.name}-`));
      assert.ok(installed, `the VSIX is installed in ${dirs.extensions}`);
      // The local ModelArts server, with the user settings pointing at it (where keys are
      // sent is never a workspace's choice), the region in the workspace and the keys in
      // the environment of VS Code (so of the extension host), as a user would set them.
      modelarts = await startModelArtsServer({});
      const workspace = path.join(scratch, 'workspace');
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'modelarts.region': modelarts.region }, null, 2));
      server = await startServer({
        inst,
        dirs,
        logFile,
        userSettings: { 'modelarts.endpoint': modelarts.url, 'modelarts.iamEndpoint': modelarts.url },
        verbose: process.env.MODELARTS_VSCODE_VERBOSE === '1',
        env: { HUAWEICLOUD_SDK_AK: DEFAULT_ACCESS_KEY, HUAWEICLOUD_SDK_SK: DEFAULT_SECRET_KEY },
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      wb = new Workbench(page);
      shots = new Screenshots(root, version);
      traces = new StepTraces(page.context());
      await traces.start();
      const servers = new Map<string, RunningModelArtsServer>([['first', modelarts]]);
      Object.assign(session, { version, page, wb, shots, modelarts, workspace, dirs, userDataDir: dirs.userData, servers });
      process.stdout.write(`      VS Code ${version} server: ${server.origin} (log: ${path.relative(root, logFile)}); extension ${installed}\n`);
      await page.goto(server.workbenchUrl(workspace), { timeout: 120000 });
      await wb.ready();
    });

    beforeEach(async function () {
      await traces?.beginStep(this.currentTest?.title ?? 'step');
    });

    afterEach(async function () {
      await finishStep(this.currentTest, { page, shots, traces, root, serverLog, userDataDir: session.userDataDir, servers: session.servers });
    });

    after(async () => {
      await traces?.stop();
      await browser?.close().catch(() => undefined);
      await server?.stop();
      await modelarts?.close();
    });

    it('opens the ModelArts activity-bar entry and shows the welcome view', async () => {
      await wb.openViewContainer(CONTAINER_TITLE);
      await wb.setSideBarWidth(560);
      const pane = wb.viewPane(VIEW_NAME);
      await pane.waitFor();
      const welcome = pane.locator('.welcome-view-content');
      await welcome.waitFor();
      for (const label of ['Explore Sample Pools', 'Open ListPools JSON File…']) {
        await welcome.getByRole('button', { name: label }).waitFor();
      }
      await shots.take(page, 'welcome-view');
    });

    it('loads the sample pools and shows the root pools', async () => {
      await wb.viewPane(VIEW_NAME).locator('.welcome-view-content').getByRole('button', { name: 'Explore Sample Pools' }).click();
      const tree = wb.tree(VIEW_NAME);
      for (const p of rootPools) await wb.treeRow(tree, displayName(p)).waitFor();
      // Only roots until something is expanded.
      const rows = await tree.getByRole('treeitem').count();
      assert.equal(rows, rootPools.length, 'one row per root pool');
      for (const p of rootPools) {
        assert.equal(await wb.treeRow(tree, displayName(p)).getAttribute('aria-level'), '1', `${displayName(p)} at the top`);
      }
      await shots.take(page, 'sample-root-pools');
    });

    it('expands a root pool to its children and a child to its own', async () => {
      const tree = wb.tree(VIEW_NAME);
      await wb.expand(wb.treeRow(tree, displayName(nestedRoot)));
      for (const c of childrenOf(nestedRoot)) {
        assert.equal(await wb.treeRow(tree, displayName(c)).getAttribute('aria-level'), '2', `${displayName(c)} under ${displayName(nestedRoot)}`);
      }
      await wb.expand(wb.treeRow(tree, displayName(nestedChild)));
      for (const c of childrenOf(nestedChild)) {
        assert.equal(await wb.treeRow(tree, displayName(c)).getAttribute('aria-level'), '3', `${displayName(c)} under ${displayName(nestedChild)}`);
      }
      await shots.take(page, 'pools-expanded');
    });

    it('shows each visible pool with the icon of its phase', async () => {
      const tree = wb.tree(VIEW_NAME);
      const visible = samples.filter((p) => parentOf(p) === undefined || parentOf(p) === nestedRoot.metadata.name || parentOf(p) === nestedChild.metadata.name);
      const phases = new Set<string>();
      for (const p of visible) {
        const icon = wb.treeRow(tree, displayName(p)).locator('.custom-view-tree-node-item-icon');
        const cls = (await icon.getAttribute('class')) ?? '';
        const want = PHASE_CODICON[p.status?.phase ?? ''];
        assert.ok(cls.split(/\s+/).includes(`codicon-${want}`), `${displayName(p)} (${p.status?.phase}): want codicon-${want}, got "${cls}"`);
        phases.add(p.status?.phase ?? '');
      }
      assert.ok(phases.size >= 5, `several phases checked (${[...phases].join(', ')})`);
      await shots.take(page, 'phase-icons');
    });

    it('runs "ModelArts: Refresh" from the command palette and reloads', async () => {
      await wb.runCommand('ModelArts: Show Log');
      // Log lines: "<date> <time> [info] Sample pools: loaded N pools in M ms."
      const loads = async () =>
        [...(await wb.outputText()).matchAll(/^(\S+ \S+) \[info\] Sample pools: loaded (\d+) pools/gm)].map((m) => ({ at: m[1], pools: Number(m[2]) }));
      const first = await loads();
      assert.ok(first.length >= 1, 'the log shows the first load');
      const lastBefore = first[first.length - 1].at;
      await wb.runCommand('ModelArts: Refresh');
      let latest = first[first.length - 1];
      await eventually(page, async () => {
        const now = await loads();
        if (now.length) latest = now[now.length - 1];
        return latest.at > lastBefore ? undefined : `no load logged after Refresh (last before: ${lastBefore}, last now: ${latest.at})`;
      });
      assert.equal(latest.pools, samples.length, 'the reload has every sample pool');
      const tree = wb.tree(VIEW_NAME);
      for (const p of rootPools) await wb.treeRow(tree, displayName(p)).waitFor();
      await shots.take(page, 'refreshed');
    });

    detailsSteps(session);
    filterSteps(session);
    snappySteps(session);

    it('connects to the local ModelArts server with keys from the environment', async () => {
      // ListPools answers workspace "0": pools labelled with another workspace are not listed.
      const live = samples.filter((p) => (p.metadata.labels?.['os.modelarts/workspace.id'] || '0') === '0');
      const hidden = rootPools.filter((p) => !live.includes(p));
      assert.ok(hidden.length > 0, 'the sample has a root pool of another workspace');
      const before = modelarts!.count('pools');
      await wb.runCommand('ModelArts: Connect to ModelArts Account');
      const tree = wb.tree(VIEW_NAME);
      // The view's description names the source (hidden while the view is alone in its container).
      const description = wb.viewPane(VIEW_NAME).locator('.pane-header .description');
      await description.filter({ hasText: /env keys/ }).waitFor({ state: 'attached', timeout: 20000 });
      assert.match(await description.innerText().catch(async () => (await description.textContent()) ?? ''), new RegExp(modelarts!.region));
      for (const p of live.filter((x) => parentOf(x) === undefined)) await wb.treeRow(tree, displayName(p)).waitFor();
      // The rows of the samples go once the account's load is drawn.
      for (const p of hidden) {
        await eventually(page, async () => ((await wb.treeRow(tree, displayName(p)).count()) === 0 ? undefined : `${displayName(p)} (another workspace) is still listed`));
      }
      assert.ok(modelarts!.count('pools') > before, 'the extension called ListPools on the local server');
      assert.ok(modelarts!.requests.every((r) => r.method === 'GET'), 'read-only requests');
      await shots.take(page, 'live-pools');
    });

    liveSnappySteps(session);
    liveFilterSteps(session);
    hardeningSteps(session);
    credentialSteps(session);
  });
}
