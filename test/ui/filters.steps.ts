/**
 * UI steps for the filters (issue 5), as a user runs them from the command
 * palette: a status filter picked in the multi-select QuickPick, a label
 * selector (an invalid one first), Clear Filters; and on the live source a
 * label filter that reaches the local ModelArts server as `labelSelector`.
 * The rows expected are worked out from src/samples/pools.json.
 */
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { activations } from './diagnostics';
import type { RawPool, UiSession } from './fixture';
import {
  CONTAINER_TITLE,
  SAMPLE_SOURCE_LABEL,
  VIEW_NAME,
  ancestorsOf,
  displayName,
  eventually,
  expectedRows,
  levelOf,
  isMessageLineOf,
  parentOf,
  rootPools,
  rowName,
  samples,
} from './fixture';

const STATUS_PHASES = ['Abnormal', 'Error'];
const LABEL_KEY = 'os.modelarts/sharing';
const LABEL_VALUE = 'shared';
const SELECTOR = `${LABEL_KEY}=${LABEL_VALUE}`;
/** "in" without its parenthesised list: the parser wants "(" where the value starts. */
const BAD_SELECTOR = `${LABEL_KEY} in ${LABEL_VALUE}`;

const hasPhase = (p: RawPool): boolean => STATUS_PHASES.includes(p.status?.phase ?? '');
const hasLabel = (p: RawPool): boolean => p.metadata.labels?.[LABEL_KEY] === LABEL_VALUE;
const poolCount = (n: number): string => `${n} pool${n === 1 ? '' : 's'}`;

/**
 * Checks that the (fully expanded) tree shows exactly the expected pools,
 * each at its level, the context ones marked "(context)" and no others.
 */
async function assertTreeShows(ui: UiSession, tree: Locator, want: { matched: Set<string>; context: Set<string> }): Promise<void> {
  const { wb, page } = ui;
  const expected = new Set([...want.matched, ...want.context]);
  // The tree re-renders after the filter applies: wait for the set of top rows to settle, then expand.
  const wantRoots = samples.filter((p) => expected.has(displayName(p)) && ancestorsOf(p).every((a) => !expected.has(displayName(a))));
  await eventually(page, async () => {
    const top = (await wb.treeRows(tree)).filter((r) => r.level === 1).map((r) => rowName(r.label));
    const roots = wantRoots.map(displayName);
    return top.length === roots.length && roots.every((r) => top.includes(r)) ? undefined : `top rows ${JSON.stringify(top)}, want ${JSON.stringify(roots)}`;
  });
  // The extension itself expands the ancestors of a small result: expand what is still collapsed,
  // until every expected row is drawn (rows of an expansion arrive after its twistie turns).
  const wantRows = [...expected].sort();
  await eventually(page, async () => {
    await wb.expandAll(tree);
    const shown = (await wb.treeRows(tree)).map((r) => rowName(r.label)).sort();
    return JSON.stringify(shown) === JSON.stringify(wantRows) ? undefined : `rows ${JSON.stringify(shown)}, want ${JSON.stringify(wantRows)}`;
  });
  const rows = await wb.treeRows(tree);
  const shown = rows.map((r) => rowName(r.label));
  assert.deepEqual([...shown].sort(), wantRows, 'the tree shows the matching pools and their ancestors, and nothing else');
  for (const r of rows) {
    const name = rowName(r.label);
    const pool = samples.find((p) => displayName(p) === name)!;
    assert.equal(r.level, levelOf(pool), `${name} at level ${levelOf(pool)} (under ${parentOf(pool) ?? 'nothing'})`);
    const isContext = want.context.has(name);
    assert.equal(/\(context\)/.test(r.description), isContext, `${name}: description "${r.description}" ${isContext ? 'marks' : 'does not mark'} it as context`);
    assert.equal(/\(context\)/.test(r.label), isContext, `${name}: accessible name "${r.label}"`);
  }
}

/** Waits for the view's description to read `text`, and its message line all of it or its start. */
async function assertFilterShown(ui: UiSession, text: string): Promise<void> {
  const { wb, page } = ui;
  const message = wb.viewMessage(VIEW_NAME);
  const description = wb.viewDescription(VIEW_NAME);
  await eventually(page, async () => {
    const m = (await message.count()) ? (await message.innerText()).trim() : '(no message)';
    const d = ((await description.textContent()) ?? '').trim();
    return isMessageLineOf(m, text) && d === text ? undefined : `view message "${m}" and description "${d}", want "${text}" (the message cut to one line)`;
  });
}

export function filterSteps(ui: UiSession): void {
  it('filters by status from the palette: the matching pools and their ancestors, marked as context', async () => {
    const { wb, page, shots } = ui;
    const widget = await wb.runCommandForInput('ModelArts: Filter by Status', 'Filter by Status');
    for (const phase of STATUS_PHASES) {
      const row = wb.quickPickRow(phase);
      await row.waitFor();
      const count = samples.filter((p) => p.status?.phase === phase).length;
      const description = (await row.locator('.label-description').first().innerText()).trim();
      assert.equal(description, poolCount(count), `the ${phase} choice counts the ${phase} pools`);
      await row.click();
      await row.and(page.locator('[aria-checked="true"]')).waitFor();
    }
    await shots.take(page, 'filter-status-pick');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });

    const tree = wb.tree(VIEW_NAME);
    const want = expectedRows(samples, hasPhase);
    assert.ok(want.context.size > 0 && want.matched.size > 1, 'the sample has matches under other pools');
    await assertTreeShows(ui, tree, want);
    await assertFilterShown(ui, `${SAMPLE_SOURCE_LABEL} · status: ${STATUS_PHASES.join(', ')}`);
    await shots.take(page, 'filter-status');
  });

  it('answers an invalid label selector with what is wrong and where, and applies nothing', async () => {
    const { wb, page, shots } = ui;
    const widget = await wb.runCommandForInput('ModelArts: Filter by Label', 'Filter by Label');
    await widget.locator('input.input').fill(BAD_SELECTOR);
    const column = BAD_SELECTOR.lastIndexOf(LABEL_VALUE) + 1;
    const message = `Expected "(" after "in" at column ${column}`;
    const first = widget.locator('.quick-input-list .monaco-list-row').first();
    await first.filter({ hasText: message }).waitFor();
    assert.ok(await first.locator('.codicon-error').count(), 'the row shows an error icon');
    // The detail line marks the place: "… in ▸shared".
    assert.match(await first.innerText(), new RegExp(`in ▸${LABEL_VALUE}`), 'the place is marked');
    await shots.take(page, 'filter-label-invalid');
    // Enter does nothing while it does not parse: the box stays open, the filter is as before.
    await page.keyboard.press('Enter');
    // Barrier: the extension answers the next keystroke after it has handled Enter (one ordered channel),
    // so once the row follows the new text, a hide would already have happened.
    await widget.locator('input.input').fill(`${BAD_SELECTOR}x`);
    await first.filter({ hasText: message }).filter({ hasText: `${BAD_SELECTOR}x` }).waitFor();
    assert.ok(await widget.isVisible(), 'the QuickPick stays open');
    await assertFilterShown(ui, `${SAMPLE_SOURCE_LABEL} · status: ${STATUS_PHASES.join(', ')}`);
  });

  it('narrows the tree with a valid label selector on top of the status filter', async () => {
    const { wb, page, shots } = ui;
    const widget = page.locator('.quick-input-widget');
    await widget.locator('input.input').fill(SELECTOR);
    const first = widget.locator('.quick-input-list .monaco-list-row').first();
    const n = samples.filter(hasLabel).length;
    await first.filter({ hasText: `Apply · ${poolCount(n)} match` }).waitFor();
    await shots.take(page, 'filter-label-valid-pick');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });

    const tree = wb.tree(VIEW_NAME);
    const want = expectedRows(samples, (p) => hasPhase(p) && hasLabel(p));
    const before = expectedRows(samples, hasPhase);
    assert.ok(want.matched.size < before.matched.size && want.matched.size > 0, 'the label narrows the status filter in the sample');
    await assertTreeShows(ui, tree, want);
    await assertFilterShown(ui, `${SAMPLE_SOURCE_LABEL} · status: ${STATUS_PHASES.join(', ')} · label: ${SELECTOR}`);
    await shots.take(page, 'filter-status-and-label');
  });

  it('keeps the filter and an open details panel across a window reload', async () => {
    const { wb, page, shots } = ui;
    const want = expectedRows(samples, (p) => hasPhase(p) && hasLabel(p));
    const text = `${SAMPLE_SOURCE_LABEL} · status: ${STATUS_PHASES.join(', ')} · label: ${SELECTOR}`;
    // A matching pool's details, open before the reload.
    const shown = samples.find((p) => want.matched.has(displayName(p)))!;
    const name = displayName(shown);
    await wb.treeRow(wb.tree(VIEW_NAME), name).click();
    await wb.editorTab(name).waitFor();
    await wb.webview().locator('[data-testid="pool-name"]').filter({ hasText: name }).waitFor({ timeout: 20000 });

    const activated = activations(ui.userDataDir);
    await wb.reloadWindow();
    // The side bar comes back in its own time and the palette may not list the view yet:
    // show the view from the activity bar if it is not on screen, then wait for the new extension host's activation.
    await wb.showView(CONTAINER_TITLE, VIEW_NAME);
    await eventually(page, async () => {
      const now = activations(ui.userDataDir);
      return now > activated ? undefined : `the extension has logged ${now} activations, as before the reload`;
    }, 60000);
    await assertFilterShown(ui, text);
    await assertTreeShows(ui, wb.tree(VIEW_NAME), want);
    // The panel comes back after the reload, with the pool's page.
    await wb.editorTab(name).waitFor({ timeout: 20000 });
    const heading = wb.webview().locator('[data-testid="pool-name"]');
    await heading.filter({ hasText: name }).waitFor({ timeout: 20000 });
    assert.equal((await wb.webview().locator('[data-testid="pool-id"]').innerText()).trim(), shown.metadata.name);
    await shots.take(page, 'reloaded-filter-and-details');
    await wb.runCommand('View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  });

  it('"ModelArts: Clear Filters" shows every root pool again', async () => {
    const { wb, page, shots } = ui;
    await wb.runCommand('ModelArts: Clear Filters');
    const tree = wb.tree(VIEW_NAME);
    await assertFilterShown(ui, SAMPLE_SOURCE_LABEL);
    await eventually(page, async () => {
      const top = (await wb.treeRows(tree)).filter((r) => r.level === 1).map((r) => rowName(r.label));
      const roots = rootPools.map(displayName);
      return top.length === roots.length && roots.every((r) => top.includes(r)) ? undefined : `top rows ${JSON.stringify(top)}, want ${JSON.stringify(roots)}`;
    });
    for (const r of await wb.treeRows(tree)) assert.doesNotMatch(r.description, /\(context\)/, `${rowName(r.label)} is not marked as context`);
    await shots.take(page, 'filters-cleared');
  });
}

/** On the live source (after Connect): the label selector is sent to the server and its answer shown. */
export function liveFilterSteps(ui: UiSession): void {
  it('filters the live source by label: the selector goes to ModelArts as labelSelector', async () => {
    const { wb, page, shots, modelarts } = ui;
    const listed = () => modelarts.requests.filter((r) => /^\/v2\/[^/]+\/pools\/?$/.test(r.path));
    const before = listed().length;
    const widget = await wb.runCommandForInput('ModelArts: Filter by Label', 'Filter by Label');
    await widget.locator('input.input').fill(SELECTOR);
    await widget.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: 'Apply' }).waitFor();
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await eventually(page, async () => (listed().length > before ? undefined : 'no new ListPools request'));
    const request = listed()[listed().length - 1];
    assert.deepEqual(request.query.labelSelector, [SELECTOR], 'ListPools carries the selector');
    assert.equal(request.status, 200);

    // The server answers workspace "0" pools that carry the label (parents of the sample's shared pools are shared too).
    const live = samples.filter((p) => (p.metadata.labels?.['os.modelarts/workspace.id'] || '0') === '0' && hasLabel(p));
    assert.ok(live.every((p) => ancestorsOf(p).every((a) => live.includes(a))), 'every ancestor of a listed pool is listed too');
    await assertTreeShows(ui, wb.tree(VIEW_NAME), expectedRows(live, () => true));
    // The whole filter in the description; the message line keeps to one line.
    const description = wb.viewDescription(VIEW_NAME);
    await eventually(page, async () => {
      const d = ((await description.textContent()) ?? '').trim();
      return d.endsWith(` · label: ${SELECTOR}`) ? undefined : `view description "${d}", want it to end with the label filter`;
    });
    const message = wb.viewMessage(VIEW_NAME);
    const d = ((await description.textContent()) ?? '').trim();
    await eventually(page, async () => {
      const m = (await message.count()) ? (await message.innerText()).trim() : '(no message)';
      return isMessageLineOf(m, d) ? undefined : `view message "${m}", want "${d}" cut to one line`;
    });
    await shots.take(page, 'live-filter-label');

    const cleared = listed().length;
    await wb.runCommand('ModelArts: Clear Filters');
    await eventually(page, async () => (listed().length > cleared ? undefined : 'no reload after Clear Filters'));
    assert.equal(listed()[listed().length - 1].query.labelSelector, undefined, 'the reload sends no selector');
    assert.ok(modelarts.requests.every((r) => r.method === 'GET'), 'read-only requests');
  });
}
