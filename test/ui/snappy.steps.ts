/**
 * UI steps for a snappy view (issue 17): a click shows a pool in one reused
 * preview panel and a double click keeps it open; a name filter whose only
 * match is a grandchild brings it on screen, with a message line that keeps
 * to one line at 300 px; the badge keeps its count during a refresh.
 */
import * as assert from 'node:assert/strict';
import type { UiSession } from './fixture';
import { CONTAINER_TITLE, SAMPLE_SOURCE_LABEL, VIEW_NAME, displayName, eventually, isMessageLineOf, levelOf, parentOf, rootPools, samples } from './fixture';

/** A pool three levels down whose ID the name filter matches alone. */
const GRANDCHILD = samples.find((p) => levelOf(p) === 3 && samples.filter((q) => q.metadata.name.includes(p.metadata.name)).length === 1)!;

export function snappySteps(ui: UiSession): void {
  it('shows pools clicked in turn in one reused preview panel, and keeps one open on a double click', async () => {
    const { wb, page, shots } = ui;
    await wb.runCommand('View: Close All Editors');
    const tree = wb.tree(VIEW_NAME);
    const tabs = page.locator('.tabs-container .tab');
    const heading = wb.webview().locator('[data-testid="pool-name"]');
    const three = rootPools.slice(0, 3).map(displayName);
    for (const name of three) {
      await wb.treeRow(tree, name).click();
      await heading.filter({ hasText: new RegExp(`^${name}$`) }).waitFor({ timeout: 20000 });
      await wb.editorTab(name).waitFor();
      assert.equal(await tabs.count(), 1, `one panel for every pool shown in preview (after ${name})`);
    }
    await shots.take(page, 'details-preview-reused');

    const kept = displayName(rootPools[3]);
    await wb.treeRow(tree, kept).dblclick();
    await heading.filter({ hasText: new RegExp(`^${kept}$`) }).waitFor({ timeout: 20000 });
    const next = displayName(rootPools[4]);
    await wb.treeRow(tree, next).click();
    await wb.editorTab(next).waitFor({ timeout: 20000 });
    await eventually(page, async () => ((await tabs.count()) === 2 ? undefined : `${await tabs.count()} tabs, want the kept panel and the preview`));
    await wb.editorTab(kept).waitFor();
    await heading.filter({ hasText: new RegExp(`^${next}$`) }).waitFor({ timeout: 20000 });
    await shots.take(page, 'details-preview-kept-open');
    await wb.runCommand('View: Close All Editors');
    await tabs.first().waitFor({ state: 'detached' });
  });

  it('brings a name filter\'s only match, a grandchild, on screen; the message keeps to one line at 300 px', async () => {
    const { wb, page, shots } = ui;
    assert.ok(GRANDCHILD, 'the samples have a pool three levels down with an ID of its own');
    const tree = wb.tree(VIEW_NAME);
    await page.locator('.part.sidebar a.action-label[aria-label^="Collapse All"]').first().click();
    await eventually(page, async () => ((await tree.locator('[role="treeitem"][aria-level="2"]').count()) === 0 ? undefined : 'rows below the top are still shown'));
    await wb.setSideBarWidth(300);
    try {
      const id = GRANDCHILD.metadata.name;
      const box = await wb.runCommandForInput('ModelArts: Filter by Name', 'Filter by Name');
      await box.locator('input.input').fill(id);
      await page.keyboard.press('Enter');
      await box.waitFor({ state: 'hidden' });
      // No expanding by the test: the filter brings the match on screen.
      const row = wb.treeRow(tree, displayName(GRANDCHILD));
      await row.waitFor({ timeout: 20000 });
      assert.equal(await row.getAttribute('aria-level'), '3');
      assert.ok(await row.isVisible(), 'the grandchild is on screen');
      assert.ok(parentOf(GRANDCHILD));

      const text = `${SAMPLE_SOURCE_LABEL} · name: "${id}"`;
      const message = wb.viewMessage(VIEW_NAME);
      await eventually(page, async () => {
        const m = (await message.count()) ? (await message.innerText()).trim() : '(no message)';
        return m !== text && isMessageLineOf(m, text) ? undefined : `view message "${m}", want the start of "${text}" and "…"`;
      });
      // The lines the text is laid out on: the distinct tops of its boxes.
      const lines = await message.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      });
      const width = await page.locator('.part.sidebar').evaluate((el) => el.getBoundingClientRect().width);
      const room = await message.evaluate((el) => el.clientWidth);
      assert.equal(lines, 1, `the message is laid out on ${lines} lines in a ${width} px side bar (${room} px for it)`);
      await shots.take(page, 'filter-grandchild-on-screen');
    } finally {
      await wb.runCommand('ModelArts: Clear Filters');
      await wb.setSideBarWidth(560);
    }
  });
}

/** On the live source: a slow refresh leaves the badge as it was. */
export function liveSnappySteps(ui: UiSession): void {
  it('keeps the badge count during a slow refresh, with progress in the status bar', async () => {
    const { wb, page, shots, modelarts } = ui;
    const failing = ['Abnormal', 'Error', 'CreationFailed', 'ScalingFailed'];
    const live = samples.filter((p) => (p.metadata.labels?.['os.modelarts/workspace.id'] || '0') === '0');
    const want = String(live.filter((p) => failing.includes(p.status?.phase ?? '')).length);
    const badge = wb.activityBarEntry(CONTAINER_TITLE).locator('xpath=..').locator('.badge .badge-content');
    await badge.filter({ hasText: new RegExp(`^${want}$`) }).waitFor({ timeout: 20000 });
    modelarts.setMisbehaviour({ delayMs: 3000, target: 'pools', times: 1 });
    try {
      await wb.runCommand('ModelArts: Refresh');
      const progress = page.locator('.statusbar-item').filter({ hasText: 'Refreshing ModelArts pools' });
      await progress.first().waitFor({ timeout: 20000 });
      assert.equal((await badge.innerText()).trim(), want, 'the badge keeps its count while the refresh runs');
      await shots.take(page, 'refresh-keeps-badge');
      await progress.first().waitFor({ state: 'detached', timeout: 20000 });
      assert.equal((await badge.innerText()).trim(), want);
    } finally {
      modelarts.setMisbehaviour(undefined);
    }
  });
}
