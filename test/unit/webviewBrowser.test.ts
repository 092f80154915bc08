import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { createNonce, renderHtml } from '../../src/webview/html';
import type { PageState, ToPage } from '../../src/webview/protocol';
import { buildDetailsModel, detailsFor, pageStrings } from '../../src/webview/viewModel';
import type { DetailsModel } from '../../src/webview/viewModel';
import { HOSTILE, hostile } from './webviewHostile';
import { ROOT, fixture } from './webviewTestUtil';

/**
 * Renders the details page in a real browser (Debian's chromium, driven by
 * playwright-core) the way VS Code would: the real HTML shell with its CSP and
 * nonce, the real page script and stylesheet served from one origin, a stub
 * acquireVsCodeApi, and the model delivered by postMessage.
 */

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = path.join(ROOT, 'test-results');
const NOW = Date.parse('2024-06-30T15:20:02Z');
const THEMES = ['dark', 'light', 'hc'] as const;
type Theme = (typeof THEMES)[number];

interface Served {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

/** The Simplified Chinese bundle, as VS Code hands it to the extension for display language zh-cn. */
const ZH_CN = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

/** Runs `make` with the zh-cn bundle configured, as the extension does in that display language. */
function inChinese<T>(make: () => T): T {
  l10n.config({ contents: ZH_CN });
  try {
    return make();
  } finally {
    l10n.config({ contents: {} });
  }
}

/** Serves the page shell and media/ on 127.0.0.1, as the webview's resource origin would. */
async function serve(script: string): Promise<Served> {
  const css = fs.readFileSync(path.join(ROOT, 'media/details.css'));
  const requests: string[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push(url.pathname);
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') {
      const theme = (url.searchParams.get('theme') ?? 'dark') as Theme;
      const chinese = url.searchParams.get('lang') === 'zh-cn';
      let html = renderHtml({
        ...(chinese ? { strings: inChinese(pageStrings), language: 'zh-cn' } : {}),
        // Several sources, as VS Code gives them (e.g. "'self' https://*.vscode-cdn.net").
        cspSource: `'self' ${origin}`,
        nonce: createNonce(),
        scriptUri: `${origin}/media/details.js`,
        styleUri: `${origin}/media/details.css`,
      });
      // VS Code injects its theme variables into every webview; stand in for that.
      html = html.replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n<link rel="stylesheet"`);
      send('text/html; charset=utf-8', html);
    } else if (url.pathname === '/media/details.js') {
      send('text/javascript; charset=utf-8', script);
    } else if (url.pathname === '/media/details.css') {
      send('text/css; charset=utf-8', css);
    } else if (/^\/theme\/(dark|light|hc)\.css$/.test(url.pathname)) {
      send('text/css; charset=utf-8', fs.readFileSync(path.join(ROOT, `test/fixtures/details-theme-${url.pathname.slice(7, -4)}.css`)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Bundles media/src/details.ts exactly as esbuild.js does for media/details.js. */
async function bundlePageScript(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'media/src/details.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

interface Opened {
  page: Page;
  dialogs: string[];
  errors: string[];
}

declare global {
  interface Window {
    __posted: unknown[];
    __state: unknown;
    __violations: string[];
  }
}

describe('details page in a real browser (chromium)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let served: Served | undefined;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
      this.skip();
    }
    served = await serve(await bundlePageScript());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    fs.mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  /** Opens the page with a stub VS Code API and an optional saved state, and waits for its "ready". */
  async function open(theme: Theme = 'dark', state?: PageState, lang?: 'zh-cn'): Promise<Opened> {
    assert.ok(browser && served);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.addInitScript((initial) => {
      window.__posted = [];
      window.__state = initial;
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => window.__posted.push(m),
        getState: () => window.__state,
        setState: (s: unknown) => {
          window.__state = s;
        },
      });
    }, state);
    await page.goto(`${served.origin}/?theme=${theme}${lang ? `&lang=${lang}` : ''}`);
    await page.waitForFunction(() => window.__posted.some((m) => (m as { type?: string }).type === 'ready'));
    return { page, dialogs, errors };
  }

  async function send(page: Page, message: ToPage): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async function show(page: Page, model: DetailsModel): Promise<void> {
    await send(page, { type: 'model', model });
    await page.waitForSelector('[data-testid="pool-name"]');
  }

  /** textContent of the element whose data-testid is exactly `id` (any characters). */
  /** Waits for the copy status to say something (the page handles a message in a task of its own). */
  async function copyStatus(page: Page): Promise<string | null> {
    await page
      .waitForFunction(() => (document.querySelector('[data-testid="copy-status"]')?.textContent ?? '') !== '', undefined, { timeout: 10000 })
      .catch(() => undefined);
    return byTestId(page, 'copy-status');
  }

  async function byTestId(page: Page, id: string): Promise<string | null> {
    return page.evaluate((want) => {
      const el = Array.from(document.querySelectorAll('[data-testid]')).find((e) => e.getAttribute('data-testid') === want);
      return el ? el.textContent : null;
    }, id);
  }

  async function posted(page: Page): Promise<unknown[]> {
    return page.evaluate(() => window.__posted);
  }

  it('renders a hostile pool as text and runs none of it', async () => {
    const raw = hostile(fixture('details-full-pool.json')) as {
      metadata: { name: string; labels: Record<string, string> };
      status: { resources: { available: { flavor: string; count: number }[] } };
    };
    const name = raw.metadata.name;
    const model = buildDetailsModel({ name, raw, now: NOW });
    const { page, dialogs, errors } = await open('dark');
    await show(page, model);

    // The name and a resource count show as the very strings received.
    assert.equal(await byTestId(page, 'pool-name'), raw.metadata.labels['os.modelarts/name']);
    assert.equal(await byTestId(page, 'pool-id'), name);
    const available = raw.status.resources.available[0];
    assert.equal(await byTestId(page, `resource-count-${available.flavor}-available`), String(available.count));

    // Nothing ran and nothing was injected.
    const dom = await page.evaluate(() => ({
      scripts: document.scripts.length,
      injected: document.querySelectorAll('img, iframe, style, object, embed, link:not([rel="stylesheet"])').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value))).length,
      text: document.body.innerText,
      violations: window.__violations,
    }));
    assert.equal(dom.scripts, 1, 'only the page script');
    assert.equal(dom.injected, 0);
    assert.equal(dom.handlers, 0);
    assert.deepEqual(dom.violations, []);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    for (const h of HOSTILE) assert.ok(dom.text.includes(h), `not shown as text: ${h}`);
    // Only the shell, its script and styles were fetched: no image, frame or script from the data.
    assert.deepEqual([...new Set(served?.requests ?? [])].sort(), ['/', '/media/details.css', '/media/details.js', '/theme/dark.css']);

    // Clicking through the page (links, buttons, JSON nodes) runs nothing either.
    await page.click('[data-testid="pool-link-parent"]');
    await page.click('[data-testid="copy-json"]');
    // Innermost first, so that every node is still visible when clicked.
    for (const summary of (await page.locator('.json-node > summary').all()).reverse()) await summary.click();
    assert.deepEqual(dialogs, []);
    const messages = await posted(page);
    assert.deepEqual(messages.find((m) => (m as { type: string }).type === 'openPool'), { type: 'openPool', name: (raw as unknown as { status: { parent: string } }).status.parent });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(RESULTS, 'details-hostile.png') });
    await page.screenshot({ path: path.join(RESULTS, 'details-hostile-page.png'), fullPage: true });
    await page.close();
  });

  for (const theme of THEMES) {
    it(`renders a full pool with all sections (${theme} theme)`, async () => {
      const raw = fixture('details-full-pool.json');
      const model = buildDetailsModel({ name: 'pool-7d1c2e3f-a836-8607-7067-d8df1cb8530a', raw, isPresent: () => true, now: NOW });
      const { page, errors, dialogs } = await open(theme);
      await show(page, model);
      assert.equal(await byTestId(page, 'pool-name'), 'train-gpu-team-a');
      assert.equal(await byTestId(page, 'resource-count-modelarts.vm.gpu.v100nv32-available'), '5');
      assert.equal(await byTestId(page, 'resource-count-modelarts.vm.cpu.8ud-deleting'), '1');
      assert.equal(await byTestId(page, 'pool-phase'), 'Running');
      const sections = await page.$$eval('section[data-testid]', (els) => els.map((e) => e.getAttribute('data-testid')));
      assert.deepEqual(sections, ['section-spec', 'section-status', 'section-labels', 'section-annotations', 'section-json']);
      // Colours come from the theme variables: the Running badge is the "passed" colour.
      const colors = await page.evaluate(() => {
        const badge = document.querySelector('[data-testid="pool-phase"]') as Element;
        const root = getComputedStyle(document.documentElement);
        const probe = document.createElement('span');
        document.body.append(probe);
        const resolve = (v: string): string => {
          probe.setAttribute('class', '');
          probe.className = `color-${v}`;
          return getComputedStyle(probe).color;
        };
        return {
          badge: getComputedStyle(badge).color,
          passed: resolve('testing-iconPassed'),
          text: getComputedStyle(document.body).color,
          background: getComputedStyle(document.body).backgroundColor,
          editorBackground: root.getPropertyValue('--vscode-editor-background').trim(),
          sheets: Array.from(document.styleSheets).map((sheet) => (sheet.href ?? '').replace(/^.*\//, '')),
        };
      });
      // The page's stylesheet loaded under the CSP and uses the theme's variables.
      assert.deepEqual(colors.sheets, [`${theme}.css`, 'details.css']);
      assert.notEqual(colors.editorBackground, '');
      const hex = (rgb: string): string => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
      assert.equal(hex(colors.background), colors.editorBackground);
      assert.equal(colors.badge, colors.passed);
      assert.notEqual(colors.passed, colors.text, 'the Running badge has its own colour');
      // The JSON tree shows the item as received, with collapsible objects.
      const json = await page.textContent('[data-testid="json-tree"]');
      assert.ok(json?.includes('"os.modelarts/name": "train-gpu-team-a"'));
      assert.ok((await page.locator('.json-node').count()) > 20);
      // Bars: one SVG per flavor, segments sized by count.
      const widths = await page.$$eval('svg.bar', (bars) => bars.map((b) => Array.from(b.querySelectorAll('rect:not(.bar-track)')).map((r) => r.getAttribute('width'))));
      assert.deepEqual(widths, [['5', '2', '1'], ['2', '1']]);
      assert.deepEqual(errors, []);
      assert.deepEqual(dialogs, []);
      await page.screenshot({ path: path.join(RESULTS, `details-full-${theme}.png`) });
      await page.screenshot({ path: path.join(RESULTS, `details-full-${theme}-page.png`), fullPage: true });
      await page.locator('[data-testid="section-status"]').screenshot({ path: path.join(RESULTS, `details-status-${theme}.png`) });
      await page.evaluate(() => document.querySelector('[data-testid="section-json"]')?.scrollIntoView());
      await page.screenshot({ path: path.join(RESULTS, `details-json-${theme}.png`) });
      await page.close();
    });
  }

  it('keeps collapsed sections, JSON nodes and scroll in its state, and restores them on reload', async () => {
    const raw = fixture('details-full-pool.json');
    const model = buildDetailsModel({ name: 'p', raw, now: NOW });
    const first = await open('dark');
    await show(first.page, model);
    await first.page.click('[data-testid="section-spec"] > details > summary');
    await first.page.click('[data-testid="json-tree"] .json-node .json-node > summary'); // "metadata"
    await first.page.evaluate(() => window.scrollTo(0, 300));
    await first.page.waitForFunction(() => (window.__state as PageState | undefined)?.scrollY === 300);
    const state = (await first.page.evaluate(() => window.__state)) as PageState;
    assert.equal(state.poolName, 'p');
    assert.deepEqual(state.collapsed, ['spec']);
    assert.deepEqual(state.jsonCollapsed, ['/metadata']);
    await first.page.close();

    // A reload (or VS Code's serializer restoring the panel) starts from that state.
    const second = await open('dark', state);
    await show(second.page, model);
    const restored = await second.page.evaluate(() => ({
      specOpen: (document.querySelector('[data-testid="section-spec"] > details') as HTMLDetailsElement).open,
      statusOpen: (document.querySelector('[data-testid="section-status"] > details') as HTMLDetailsElement).open,
      metadataOpen: (document.querySelector('[data-testid="json-tree"] .json-node .json-node') as HTMLDetailsElement).open,
      scrollY: window.scrollY,
    }));
    assert.deepEqual(restored, { specOpen: false, statusOpen: true, metadataOpen: false, scrollY: 300 });
    await second.page.close();
  });

  it('says plainly when the pool is gone, and shows copy feedback', async () => {
    const raw = fixture('details-full-pool.json');
    const before = buildDetailsModel({ name: 'p', raw, now: NOW });
    const store = {
      snapshot: { source: { label: 'Sample pools' }, loadedAt: NOW },
      get: () => undefined,
      getRaw: () => undefined,
    };
    const gone = detailsFor(store, 'p', before, NOW);
    const { page, errors } = await open('light');
    await show(page, before);
    await send(page, { type: 'model', model: gone });
    await page.waitForSelector('[data-testid="notice"]');
    const notice = await byTestId(page, 'notice');
    assert.match(notice ?? '', /^Pool "p" is gone: it is not in the pool list from Sample pools/);
    assert.equal(await page.getAttribute('#app', 'data-state'), 'gone');
    assert.equal(await byTestId(page, 'pool-name'), 'train-gpu-team-a', 'the last data stays visible');

    await send(page, { type: 'copied', ok: true });
    assert.equal(await copyStatus(page), 'Copied.');
    await page.screenshot({ path: path.join(RESULTS, 'details-gone-light.png'), fullPage: false });

    // A pool never received: a notice and the name, nothing else, no errors.
    await send(page, { type: 'model', model: detailsFor(store, 'never-seen', undefined, NOW) });
    await page.waitForFunction(() => document.querySelector('[data-testid="pool-name"]')?.textContent === 'never-seen');
    assert.equal(await page.locator('section').count(), 0);
    // Malformed messages get a clear error, not a blank page or an exception.
    await page.evaluate(() => window.postMessage({ type: 'model', model: { nope: true } }, '*'));
    await page.waitForFunction(() => document.querySelector('[data-testid="notice"]')?.textContent?.includes('unexpected shape'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('switches pools in place for the preview: says when each is shown, keeps the section at the top, and tells user edits from its own', async () => {
    const first = fixture('details-full-pool.json') as { metadata: { name: string; labels: Record<string, string> } };
    const second = structuredClone(first);
    second.metadata.name = 'pool-second';
    second.metadata.labels['os.modelarts/name'] = 'second-pool';
    const { page, errors } = await open('dark');
    await page.setViewportSize({ width: 900, height: 500 });
    await show(page, buildDetailsModel({ name: first.metadata.name, raw: first, now: NOW }));
    await page.waitForFunction((name) => window.__posted.some((m) => JSON.stringify(m) === JSON.stringify({ type: 'rendered', name })), first.metadata.name);
    const edited = async () => (await posted(page)).filter((m) => (m as { type: string }).type === 'edited').length;
    assert.equal(await edited(), 0, 'rendering folds nothing on the user\'s behalf');

    // Scroll the status section to 40 px below the top, then show another pool in the same page.
    const top = await page.evaluate(() => {
      const section = document.querySelector('section[data-section="status"]') as HTMLElement;
      window.scrollTo(0, section.getBoundingClientRect().top + window.scrollY - 40);
      return section.getBoundingClientRect().top;
    });
    assert.ok(Math.abs(top - 40) <= 1, `status section at ${top} px`);
    await send(page, { type: 'model', model: buildDetailsModel({ name: 'pool-second', raw: second, now: NOW }), switched: true });
    await page.waitForFunction(() => document.querySelector('[data-testid="pool-name"]')?.textContent === 'second-pool');
    await page.waitForFunction(() => window.__posted.some((m) => JSON.stringify(m) === JSON.stringify({ type: 'rendered', name: 'pool-second' })));
    const after = await page.evaluate(() => (document.querySelector('section[data-section="status"]') as HTMLElement).getBoundingClientRect().top);
    assert.ok(Math.abs(after - 40) <= 1, `the status section stays where it was (${after} px)`);

    // Folding a section is the user's edit: the page says so once.
    await page.click('section[data-section="labels"] summary');
    await page.waitForFunction(() => window.__posted.filter((m) => (m as { type: string }).type === 'edited').length === 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows the page in the display language: its own words from the HTML, the model\'s as built, numbers by Intl', async () => {
    const raw = fixture('details-full-pool.json') as { metadata: { name: string } };
    const model = inChinese(() => buildDetailsModel({ name: raw.metadata.name, raw, now: NOW }));
    const { page, errors } = await open('light', undefined, 'zh-cn');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-cn');
    assert.equal(await page.evaluate(() => document.title), '资源池详情');
    await show(page, model);
    const seen = await page.evaluate(() => ({
      sections: Array.from(document.querySelectorAll('section h2')).map((h) => h.textContent),
      copy: document.querySelector('[data-testid="copy-json"]')?.textContent,
      open: document.querySelector('[data-testid="open-json"]')?.textContent,
      labels: Array.from(document.querySelectorAll('.pool-header dt')).map((d) => d.textContent),
      totals: Array.from(document.querySelectorAll('.bar-total')).map((b) => b.textContent),
    }));
    assert.deepEqual(seen.sections, ['规格', '状态', '标签', '注解', 'JSON']);
    assert.equal(seen.copy, '复制 JSON');
    assert.equal(seen.open, '在编辑器中打开');
    assert.deepEqual(seen.labels.slice(0, 3), ['状态信息', '类型', '创建时间']);
    assert.ok(seen.totals.length > 0 && seen.totals.every((t) => /^\d[\d,]* 个节点$/.test(t ?? '')), seen.totals.join(' | '));
    await page.click('[data-testid="copy-json"]');
    await send(page, { type: 'copied', ok: true });
    assert.equal(await copyStatus(page), '已复制。');
    await page.screenshot({ path: path.join(RESULTS, 'details-zh-cn.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
