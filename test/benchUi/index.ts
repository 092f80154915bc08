/**
 * `npm run bench:ui`: the interactions a user notices, timed in a real VS Code
 * (the packaged VSIX in a VS Code server, driven in Chromium) against the
 * local ModelArts server, at 50 and 10,000 pools. Prints the median of 5 of
 * each, the ratio 10k/50 per interaction, and the ratios the targets are
 * about, all measured in this one run. Not part of `npm test`: these are
 * figures, not pass/fail checks, and the machine is noisy.
 *
 * Env: MODELARTS_VSCODE_VERSIONS (default: the first tested version),
 * MODELARTS_VSIX (default: the packaged one), MODELARTS_BENCH_UI_SIZES
 * (default 50,10000), MODELARTS_BENCH_UI_RUNS (default 5).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildHierarchy } from '../../src/pools/hierarchy';
import { displayName } from '../../src/pools/summary';
import type { Pool } from '../../src/modelarts/types';
import { generatePoolList } from '../bench/generate';
import type { RunningModelArtsServer } from '../server/server';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startModelArtsServer } from '../server/server';
import { launchChromium } from '../vscode/browser';
import { freshDir, repoRoot, requireInstallation, testVersions } from '../vscode/env';
import type { RunningServer } from '../vscode/server';
import { installExtension, makeDirs, startServer } from '../vscode/server';
import { Workbench } from '../vscode/workbench';

const VIEW = 'Resource Pools';
const RUNS = Number(process.env.MODELARTS_BENCH_UI_RUNS || 5);
const SIZES = (process.env.MODELARTS_BENCH_UI_SIZES || '50,10000').split(',').map(Number);
const WAIT_MS = 60000;

type Interaction = 'expand' | 'filter' | 'details' | 'switch' | 'connect' | 'refresh';
const INTERACTIONS: { id: Interaction; what: string }[] = [
  { id: 'expand', what: 'expand a pool' },
  { id: 'filter', what: 'filter by name, last key → tree' },
  { id: 'details', what: 'open details in a new panel' },
  { id: 'switch', what: 'details of the next pool (click)' },
  { id: 'connect', what: 'connect' },
  { id: 'refresh', what: 'refresh' },
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Waits for `check` (a condition named by `what`) by polling the page; fails with what it saw. */
async function until(page: Page, what: string, check: () => Promise<boolean>, saw?: () => Promise<string>): Promise<void> {
  const end = performance.now() + WAIT_MS;
  for (;;) {
    if (await check()) return;
    if (performance.now() > end) throw new Error(`bench:ui: timed out waiting for ${what}${saw ? `; saw ${await saw()}` : ''}`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
  }
}

/** Palette: types the command, waits for its row; returns a function that presses Enter. */
async function armCommand(page: Page, label: string): Promise<() => Promise<void>> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${label}`);
  const title = label.slice(label.indexOf(': ') + 2);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first().waitFor();
  return async () => {
    await page.keyboard.press('Enter');
  };
}

async function runCommand(page: Page, label: string): Promise<void> {
  const go = await armCommand(page, label);
  await go();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

interface Scene {
  page: Page;
  wb: Workbench;
  tree: Locator;
  modelarts: RunningModelArtsServer;
  pools: Pool[];
  body: { kind: string; items: Pool[] };
}

function row(s: Scene, label: string): Locator {
  return s.wb.treeRow(s.tree, label);
}

async function closeEditors(s: Scene): Promise<void> {
  await runCommand(s.page, 'View: Close All Editors');
  await s.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
}

async function heading(s: Scene): Promise<string> {
  return (await s.wb.webview().locator('[data-testid="pool-name"]').textContent({ timeout: 200 }).catch(() => '')) ?? '';
}

async function measureSize(version: string, vsix: string, size: number): Promise<Record<Interaction, number[]>> {
  const inst = requireInstallation(version);
  const scratch = freshDir(`bench-ui-${version}-${size}`);
  const dirs = makeDirs(scratch);
  const logFile = path.join(scratch, 'server.log');
  await installExtension(inst, dirs, vsix, logFile);
  const generated = generatePoolList(size, 7);
  const body = JSON.parse(generated.body) as { kind: string; items: Pool[] };
  // Every generated pool in the default workspace, so the server lists them all.
  for (const p of body.items) delete p.metadata.labels?.['os.modelarts/workspace.id'];
  const modelarts = await startModelArtsServer({ pools: body });
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer({
      inst,
      dirs,
      logFile,
      userSettings: { 'modelarts.endpoint': modelarts.url, 'modelarts.iamEndpoint': modelarts.url, 'modelarts.region': modelarts.region },
      env: { HUAWEICLOUD_SDK_AK: DEFAULT_ACCESS_KEY, HUAWEICLOUD_SDK_SK: DEFAULT_SECRET_KEY },
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const wb = new Workbench(page);
    await page.goto(server.workbenchUrl(workspace));
    await wb.ready();
    await wb.openViewContainer('ModelArts');
    await wb.setSideBarWidth(300);
    const s: Scene = { page, wb, tree: wb.tree(VIEW), modelarts, pools: body.items, body };
    const h = buildHierarchy(body.items);
    const roots = h.roots;
    const withChildren = roots.find((r) => r.children.length > 0);
    if (!withChildren) throw new Error('the generated pools have no root with children');
    const firstRoot = displayName(roots[0].pool);
    const times: Record<Interaction, number[]> = { expand: [], filter: [], details: [], switch: [], connect: [], refresh: [] };

    // connect: from the samples to the account, until its first row shows.
    await runCommand(page, 'ModelArts: Explore Sample Pools');
    for (let i = 0; i < RUNS; i++) {
      await row(s, 'infer-prod-gpu').waitFor({ timeout: WAIT_MS });
      const go = await armCommand(page, 'ModelArts: Connect to ModelArts Account');
      const t0 = performance.now();
      await go();
      await row(s, firstRoot).waitFor({ timeout: WAIT_MS });
      times.connect.push(performance.now() - t0);
      if (i < RUNS - 1) await runCommand(page, 'ModelArts: Explore Sample Pools');
    }

    // expand: a collapsed root with children, until its first child shows.
    const parentLabel = displayName(withChildren.pool);
    const childLabel = displayName(withChildren.children[0].pool);
    for (let i = 0; i < RUNS; i++) {
      const r = row(s, parentLabel);
      await r.waitFor();
      const t0 = performance.now();
      await r.locator('.monaco-tl-twistie').click();
      await row(s, childLabel).waitFor({ timeout: WAIT_MS });
      times.expand.push(performance.now() - t0);
      await r.locator('.monaco-tl-twistie').click();
      await row(s, childLabel).waitFor({ state: 'detached' });
    }

    // filter by name: the shortest start of a root's ID that only it matches, so that the last key
    // is the one that narrows the tree to that root; time from that key to a one-row tree.
    const names = body.items.map((p) => [displayName(p).toLowerCase(), p.metadata.name.toLowerCase()]);
    const matching = (t: string) => names.filter(([d, id]) => d.includes(t) || id.includes(t)).length;
    let text = '';
    const target = roots.find((r) => {
      if (r.children.length > 0) return false;
      const id = r.name.toLowerCase();
      for (let n = 2; n <= id.length; n++) {
        if (matching(id.slice(0, n)) === 1) {
          text = id.slice(0, n);
          return matching(id.slice(0, n - 1)) > 1;
        }
      }
      return false;
    });
    if (!target) throw new Error('no root pool whose name a last key singles out');
    for (let i = 0; i < RUNS; i++) {
      const go = await armCommand(page, 'ModelArts: Filter by Name');
      await go();
      const input = page.locator('.quick-input-widget input.input');
      await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Filter by Name' }).waitFor();
      await input.fill(text.slice(0, -1));
      await page.locator('.quick-input-widget').filter({ hasText: / match/ }).waitFor({ timeout: WAIT_MS });
      const t0 = performance.now();
      await page.keyboard.type(text.slice(-1));
      await until(page, `the tree to show only ${text}`, async () => {
        const rows = await s.tree.locator('[role="treeitem"]').count();
        return rows === 1 && (await row(s, displayName(target.pool)).count()) === 1;
      });
      times.filter.push(performance.now() - t0);
      await page.keyboard.press('Escape');
      await row(s, firstRoot).waitFor({ timeout: WAIT_MS });
    }

    // details: a click on a root with no panel open, until the page shows it; then the next root's.
    const a = displayName(roots[0].pool);
    const b = displayName(roots[1].pool);
    for (let i = 0; i < RUNS; i++) {
      await closeEditors(s);
      let t0 = performance.now();
      await row(s, a).click();
      await until(page, `the details of ${a}`, async () => (await heading(s)) === a, () => heading(s));
      times.details.push(performance.now() - t0);
      t0 = performance.now();
      await row(s, b).click();
      await until(page, `the details of ${b}`, async () => (await heading(s)) === b, () => heading(s));
      times.switch.push(performance.now() - t0);
    }
    await closeEditors(s);

    // refresh: the first root changes phase on the server; until its row shows the new phase.
    const first = body.items.find((p) => p.metadata.name === roots[0].name)!;
    first.status = { ...first.status, phase: 'Running' };
    modelarts.setPools(body);
    await runCommand(page, 'ModelArts: Refresh');
    await row(s, firstRoot).locator('.custom-view-tree-node-item-icon.codicon-pass').waitFor({ timeout: WAIT_MS });
    for (let i = 0; i < RUNS; i++) {
      const phase = i % 2 === 0 ? 'Abnormal' : 'Running';
      first.status = { ...first.status, phase };
      modelarts.setPools(body);
      const icon = phase === 'Abnormal' ? 'codicon-warning' : 'codicon-pass';
      const go = await armCommand(page, 'ModelArts: Refresh');
      const t0 = performance.now();
      await go();
      await row(s, firstRoot).locator(`.custom-view-tree-node-item-icon.${icon}`).waitFor({ timeout: WAIT_MS });
      times.refresh.push(performance.now() - t0);
    }
    return times;
  } catch (error) {
    const shot = path.join(scratch, 'failure.png');
    await browser?.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => undefined);
    process.stderr.write(`bench:ui: screenshot of the failure: ${path.relative(repoRoot(), shot)}\n`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await modelarts.close();
  }
}

async function main(): Promise<void> {
  const version = testVersions()[0].vscode;
  const root = repoRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = process.env.MODELARTS_VSIX ?? path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: npm run bench:ui packages it first`);
  process.stdout.write(`bench:ui in VS Code ${version}, ${path.basename(vsix)}, median of ${RUNS}, sizes ${SIZES.join(' and ')}\n`);
  const results = new Map<number, Record<Interaction, number>>();
  for (const size of SIZES) {
    const started = performance.now();
    const times = await measureSize(version, vsix, size);
    const medians = Object.fromEntries(INTERACTIONS.map(({ id }) => [id, median(times[id])])) as Record<Interaction, number>;
    results.set(size, medians);
    process.stdout.write(`  ${size} pools measured in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const [small, large] = SIZES;
  const ms = (v: number | undefined) => (v === undefined ? '' : `${v.toFixed(0)} ms`);
  const lines = ['', `| interaction | ${SIZES.map((n) => `${n} pools`).join(' | ')} | ${large} / ${small} |`, `| --- | ${SIZES.map(() => '---').join(' | ')} | --- |`];
  for (const { id, what } of INTERACTIONS) {
    const a = results.get(small)?.[id];
    const b = results.get(large)?.[id];
    lines.push(`| ${what} | ${SIZES.map((n) => ms(results.get(n)?.[id])).join(' | ')} | ${a && b ? (b / a).toFixed(2) : ''} |`);
  }
  lines.push('');
  for (const size of SIZES) {
    const r = results.get(size)!;
    lines.push(`${size} pools: details switch / new panel = ${(r.switch / r.details).toFixed(2)}x (target ≤ 0.2); filter / expand = ${(r.filter / r.expand).toFixed(2)}x (target ≤ 2)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
