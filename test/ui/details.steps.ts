/**
 * UI steps for the pool details webview (issue 6): a click on a pool in the
 * tree opens a panel titled with its display name; inside the webview the
 * name, ID, phase and node counts read as in src/samples/pools.json; "Open in
 * Editor" opens the pool as a JSON document. Needs the sample pools loaded.
 */
import * as assert from 'node:assert/strict';
import type { UiSession } from './fixture';
import { VIEW_NAME, desiredCounts, displayName, nodeCounts, sampleByDisplayName } from './fixture';

/** A root pool with abnormal nodes: its panel shows available and abnormal counts. */
const DETAILS_POOL = 'infer-prod-gpu';

export function detailsSteps(ui: UiSession): void {
  const pool = sampleByDisplayName(DETAILS_POOL);
  const name = displayName(pool);

  it('opens a pool\'s details from the tree: name, ID, phase and node counts in the webview', async () => {
    const { wb, page, shots } = ui;
    await wb.hidePanel();
    const tree = wb.tree(VIEW_NAME);
    await wb.treeRow(tree, name).click();
    const tab = wb.editorTab(name);
    await tab.waitFor();
    assert.match((await tab.getAttribute('class')) ?? '', /\bactive\b/, 'the details tab is the active one');

    const view = wb.webview();
    const heading = view.locator('[data-testid="pool-name"]');
    await heading.waitFor({ timeout: 20000 });
    assert.equal((await heading.innerText()).trim(), name, 'the page is headed with the display name');
    assert.equal((await view.locator('[data-testid="pool-id"]').innerText()).trim(), pool.metadata.name, 'the pool ID');
    const phase = pool.status?.phase;
    assert.ok(phase, `${name} has a phase in the sample`);
    assert.match(await view.locator('[data-testid="pool-phase"]').innerText(), new RegExp(`\\b${phase}\\b`), 'the phase badge');

    const available = nodeCounts(pool, 'available');
    const abnormal = nodeCounts(pool, 'abnormal');
    const desired = desiredCounts(pool);
    assert.ok(available.size > 0 && abnormal.size > 0, `${name} reports available and abnormal nodes in the sample`);
    for (const [flavor, n] of available) {
      const cell = view.locator(`[data-testid="resource-count-${flavor}-available"]`);
      assert.equal((await cell.innerText()).trim(), String(n), `available ${flavor}`);
    }
    for (const [flavor, n] of abnormal) {
      assert.equal((await view.locator(`[data-testid="resource-count-${flavor}-abnormal"]`).innerText()).trim(), String(n), `abnormal ${flavor}`);
    }
    for (const [flavor, n] of desired) {
      assert.equal((await view.locator(`[data-testid="resource-count-${flavor}-desired"]`).innerText()).trim(), String(n), `desired ${flavor}`);
    }

    // Selecting the same pool again reveals its panel: still one tab for it.
    await wb.treeRow(tree, name).click();
    // Barrier: a command run after the click reaches the extension host after it (one ordered channel);
    // once its output panel is on screen, a second panel for the pool would already have a tab.
    await wb.runCommand('ModelArts: Show Log');
    await page.locator('.part.panel').waitFor();
    assert.equal(await wb.editorTab(name).count(), 1, 'one panel per pool');
    await wb.hidePanel();
    await heading.waitFor();
    await shots.take(page, 'pool-details');
    // The node counts, further down the page.
    await view.locator('[data-testid="status-resources"]').scrollIntoViewIfNeeded();
    await shots.take(page, 'pool-details-nodes');
  });

  it('opens the pool as JSON from the details page', async () => {
    const { wb, page, shots } = ui;
    await wb.webview().locator('[data-testid="open-json"]').click();
    const file = `${pool.metadata.name}.json`;
    const tab = wb.editorTab(file);
    await tab.waitFor();
    assert.match((await tab.getAttribute('class')) ?? '', /\bactive\b/, 'the JSON tab is the active one');
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.filter({ hasText: pool.metadata.name }).waitFor();
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, new RegExp(`"name": "${pool.metadata.name}"`), 'the pool as received, pretty-printed');
    // The language of the document, in the status bar.
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    await mode.filter({ hasText: /\bJSON\b/ }).waitFor();
    await shots.take(page, 'pool-json');
    await wb.runCommand('View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  });
}
