/**
 * Playwright helpers for the VS Code workbench (selectors that hold on 1.100
 * and 1.139), and a screenshot log that names every file it writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeAttr = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * Polls `check` (undefined: it holds; else what it saw) until it holds.
 * Otherwise fails after `timeout` ms with the last thing it saw, and with
 * `what` it waited for when given.
 */
export async function pollUntil(page: Page, check: () => Promise<string | undefined>, timeout: number, what?: string): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const seen = await check();
    if (seen === undefined) return;
    if (Date.now() > until) throw new Error(what ? `waited ${timeout} ms for ${what}; saw: ${seen}` : `after ${timeout} ms: ${seen}`);
    // Polling interval of the condition above, not a synchronisation.
    await page.waitForTimeout(100);
  }
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench is up and the extension host has connected. */
  async ready(timeout = 120000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout });
    await this.page.locator('.activitybar').waitFor({ timeout });
    await this.page.locator('.statusbar').waitFor({ timeout });
  }

  /** The activity-bar entry of a view container, by its title. */
  activityBarEntry(title: string): Locator {
    return this.page.locator(`.activitybar a.action-label[aria-label^="${escapeAttr(title)}"]`);
  }

  /** Opens a view container from the activity bar (no-op when it is already open). */
  async openViewContainer(title: string): Promise<void> {
    const entry = this.activityBarEntry(title);
    await entry.waitFor();
    const checked = await entry.locator('xpath=..').getAttribute('aria-checked').catch(() => null);
    const selected = (await entry.getAttribute('aria-expanded')) === 'true' || checked === 'true';
    if (!selected) await entry.click();
  }

  /** Drags the side bar's edge so that it is `width` pixels wide (room for descriptions). */
  async setSideBarWidth(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const edge = box.x + box.width;
    // The sash nearest the side bar's right edge (1.139 leaves a gap between the parts).
    let best: { x: number; y: number; d: number } | undefined;
    for (const sash of await this.page.locator('.monaco-sash.vertical').all()) {
      const b = await sash.boundingBox();
      if (!b || b.height < box.height / 2) continue;
      const x = b.x + b.width / 2;
      const d = Math.abs(x - edge);
      if (!best || d < best.d) best = { x, y: box.y + box.height / 2, d };
    }
    if (!best || best.d > 20) return;
    await this.page.mouse.move(best.x, best.y);
    await this.page.mouse.down();
    await this.page.mouse.move(best.x + (box.x + width - edge), best.y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** A view pane in the side bar, by the view's name. */
  viewPane(name: string): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header[aria-label^="${escapeAttr(name)}"]`) });
  }

  /** A tree view's list, by the view's name. */
  tree(name: string): Locator {
    return this.page.locator(`.monaco-list[aria-label="${escapeAttr(name)}"]`);
  }

  /** A row of a tree whose accessible name starts with `label` (then a comma, "," or the Chinese "，", or the end). */
  treeRow(tree: Locator, label: string): Locator {
    return tree.getByRole('treeitem', { name: new RegExp(`^${escapeRe(label)}([,，]|$)`) });
  }

  /** Expands a collapsed tree row by clicking its twistie (does not run the row's command). */
  async expand(row: Locator): Promise<void> {
    // aria-expanded flips at once on a click. A tree that restores its expansion (after a reload) or
    // re-renders meanwhile can undo the click or take it as a collapse: then the twistie is clicked again.
    let clicks = 0;
    await this.waitFor('the row expanded', async () => {
      const state = await row.getAttribute('aria-expanded', { timeout: 5000 }).catch(() => 'not rendered');
      if (state === 'true') return undefined;
      if (state === 'false') {
        clicks++;
        await row.locator('.monaco-tl-twistie').click({ timeout: 5000 }).catch(() => undefined);
        const expanded = await row.and(this.page.locator('[aria-expanded="true"]')).waitFor({ timeout: 5000 }).then(() => true, () => false);
        if (expanded) return undefined;
      }
      return `aria-expanded ${state} after ${clicks} clicks on its twistie`;
    });
  }

  /**
   * Expands every collapsed row of a tree (twisties only: no row commands
   * run), waiting each time for the new children to be rendered. For trees
   * that fit in the view (the list renders only the rows in sight).
   */
  async expandAll(tree: Locator, limit = 200): Promise<void> {
    for (let i = 0; i < limit; i++) {
      // One reading of the rows: the tree may re-render, or VS Code restore an expansion, between two.
      const collapsed = await tree
        .locator('[role="treeitem"][aria-expanded="false"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      if (collapsed.length === 0) return;
      // Pin the row by its name: the first collapsed row moves on to the next one once it expands.
      const label = collapsed[0];
      const row = tree.locator(`[role="treeitem"][aria-label="${escapeAttr(label)}"]`);
      if ((await row.count()) === 0) continue; // re-rendered meanwhile: read again
      await this.expand(row);
      // aria-expanded flips before the extension host has answered with the children: wait for the
      // row after it in the list to be one level deeper (whoever expanded it, this step or a restore).
      await this.waitFor(
        `the children of "${label}" rendered`,
        () =>
          tree.evaluate((list, name) => {
            const rows = Array.from(list.querySelectorAll('[role="treeitem"]'));
            const at = rows.find((r) => r.getAttribute('aria-label') === name);
            if (!at) return `"${name}" is no longer rendered`;
            const index = Number(at.getAttribute('data-index'));
            const level = Number(at.getAttribute('aria-level'));
            const next = rows.find((r) => Number(r.getAttribute('data-index')) === index + 1);
            if (!next) return `no row after "${name}" (row ${index}, ${rows.length} rows rendered)`;
            const nextLevel = Number(next.getAttribute('aria-level'));
            return nextLevel > level ? undefined : `the row after "${name}" (level ${level}) is "${next.getAttribute('aria-label')}" at level ${nextLevel}`;
          }, label),
      );
    }
    throw new Error(`expandAll: still collapsed rows after ${limit} expansions`);
  }

  /** Polls `check` (undefined: holds) until it holds; else fails with `what` and the last thing it saw. */
  async waitFor(what: string, check: () => Promise<string | undefined>, timeout = 30000): Promise<void> {
    await pollUntil(this.page, check, timeout, what);
  }

  /** The rows a tree renders now, top to bottom: accessible name, level and the description shown. */
  async treeRows(tree: Locator): Promise<{ label: string; level: number; description: string }[]> {
    return tree.locator('[role="treeitem"]').evaluateAll((rows) =>
      rows.map((r) => ({
        label: r.getAttribute('aria-label') ?? '',
        level: Number(r.getAttribute('aria-level') ?? '0'),
        description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
      })),
    );
  }

  /** The message line a tree view shows above its rows (TreeView.message), when it shows one. */
  viewMessage(name: string): Locator {
    return this.viewPane(name).locator('.tree-explorer-viewlet-tree-view .message:not(.hide)');
  }

  /** The view's description in its header (in the DOM even while the header is hidden). */
  viewDescription(name: string): Locator {
    return this.viewPane(name).locator('.pane-header .description');
  }

  /** An editor tab by its title (the start of its accessible name). */
  editorTab(title: string): Locator {
    return this.page.locator(`.tabs-container .tab[aria-label^="${escapeAttr(title)}"]`);
  }

  /** The content of the webview shown now (its inner frame). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /**
   * Runs a command from the command palette that opens a quick input of its
   * own (QuickPick or InputBox), and waits for that one by its title.
   */
  async runCommandForInput(label: string, title: string): Promise<Locator> {
    await this.pickFromPalette(label);
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title').filter({ hasText: new RegExp(`^${escapeRe(title)}$`) }).waitFor();
    return widget;
  }

  /** Closes whatever quick input is open (a pick left by a failed step, a palette), so the next F1 opens a fresh palette. */
  async closeQuickInput(): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    for (let i = 0; i < 5 && (await widget.isVisible()); i++) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
    }
    if (await widget.isVisible()) throw new Error(`a quick input stays open after Escape: ${await widget.innerText().catch(() => '?')}`);
  }

  /**
   * Opens the command palette, types `label` ("Category: Title") and runs
   * the entry whose name is exactly that. Fails with the entries it saw.
   */
  private async pickFromPalette(label: string, timeout = 20000, prefix = false): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input.input');
    await input.waitFor();
    await input.fill(`>${label}`);
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    // The entry whose label is the text typed, or that text and "…" (a command that asks for more).
    const exact = rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}${prefix ? '' : '…?$'}`) }) }).first();
    try {
      await exact.waitFor({ timeout });
    } catch {
      const seen = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      throw new Error(`the command palette has no entry "${label}" after ${timeout} ms; it lists: ${JSON.stringify(seen)}`);
    }
    await exact.click();
  }

  /**
   * The open quick input once its title reads `title` (the next box of a
   * multi-step input replaces the previous one in the same widget).
   */
  async quickInputStep(title: string): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title').filter({ hasText: new RegExp(`^${escapeRe(title)}$`) }).waitFor();
    return widget;
  }

  /**
   * The notification whose message contains `text`, in the notification
   * center ("Notifications: Show Notifications"): VS Code 1.139 shows no
   * toasts while the smoke-test driver is on, the center lists every
   * notification on every version. Opens the center and waits for the entry.
   */
  async notification(text: string | RegExp, timeout = 20000): Promise<Locator> {
    const center = this.page.locator('.notifications-center');
    if (!(await center.isVisible())) await this.runCommand('Notifications: Show Notifications');
    await center.waitFor();
    const entry = this.notificationEntries(text);
    await entry.waitFor({ timeout });
    return entry;
  }

  /** The entries of the notification center whose message contains `text` (none while it is hidden). */
  notificationEntries(text: string | RegExp): Locator {
    return this.page
      .locator('.notifications-center.visible .monaco-list-row')
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: text }) });
  }

  /** Clears one notification of the center with its "Clear Notification" action, as a user does. */
  async clearNotification(entry: Locator): Promise<void> {
    await entry.hover();
    await entry.locator('.codicon-notifications-clear').click();
    await entry.waitFor({ state: 'detached' });
  }

  /** Hides the notification center when it is shown. */
  async hideNotifications(): Promise<void> {
    const center = this.page.locator('.notifications-center');
    if (!(await center.isVisible())) return;
    await center.locator('.codicon-notifications-hide').click();
    await center.waitFor({ state: 'hidden' });
  }

  /** A row of the open QuickPick whose accessible name starts with `label`. */
  quickPickRow(label: string): Locator {
    return this.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="${escapeAttr(label)}"]`);
  }

  /** Runs a command from the command palette (F1), by its "Category: Title". */
  async runCommand(label: string): Promise<void> {
    await this.pickFromPalette(label);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * "Developer: Reload Window", as a user reloads: the workbench saves its
   * state (open editors, extension workspace state) before it goes; waits
   * for the new page and its workbench.
   */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 60000 });
    await this.pickFromPalette('Developer: Reload Window');
    await loaded;
    await this.ready();
  }

  /**
   * Shows a view container's view whatever state the window is in (after a
   * reload the side bar may come back with it, with another one or hidden,
   * and the palette may not list "View: Show …" yet): clicks its activity-bar
   * entry only while the view is not on screen, until it is.
   */
  async showView(containerTitle: string, viewName: string, timeout = 60000): Promise<void> {
    const entry = this.activityBarEntry(containerTitle);
    await entry.waitFor({ timeout });
    const pane = this.viewPane(viewName);
    // The side bar's title names the container shown ("MODELARTS: RESOURCE POOLS" for a view alone in it).
    const sideBarTitle = this.page.locator('.part.sidebar .composite.title .title-label');
    const containerShown = async (): Promise<boolean> =>
      (await this.page.locator('.part.sidebar').isVisible()) &&
      ((await sideBarTitle.innerText().catch(() => '')) ?? '').toUpperCase().startsWith(containerTitle.toUpperCase());
    const until = Date.now() + timeout;
    let clicks = 0;
    for (;;) {
      if (await containerShown()) {
        const shown = await pane.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
        if (shown) return;
      } else {
        // The entry may wear a progress badge that takes the pointer: click it anyway. A window
        // still restoring may not take the click yet: try again on the next pass.
        await entry.click({ force: true, timeout: 10000 }).then(
          () => clicks++,
          () => undefined,
        );
        await pane.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
      }
      if (Date.now() > until) {
        throw new Error(`the "${viewName}" view of ${containerTitle} is not on screen after ${timeout} ms (${clicks} clicks on its activity-bar entry; side bar title "${await sideBarTitle.innerText().catch(() => '(none)')}")`);
      }
    }
  }

  /**
   * Edits the user settings as a user does: "Preferences: Open User Settings
   * (JSON)", the whole text replaced by `current` with `changes` merged in
   * (null removes a key), saved, closed. The running workbench picks up only
   * what is saved through it, not a file changed behind its back. Waits
   * until the file on disk holds exactly the new settings.
   */
  async editUserSettings(file: string, changes: Record<string, unknown>, command = 'Preferences: Open User Settings (JSON)'): Promise<void> {
    const next: Record<string, unknown> = { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>), ...changes };
    for (const [k, v] of Object.entries(changes)) if (v === null) delete next[k];
    // "Open Remote Settings (JSON)" names the remote after its title: the start of the label is enough.
    await this.pickFromPalette(command, 20000, true);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const tab = this.page.locator('.tabs-container .tab.active');
    await tab.filter({ hasText: 'settings.json' }).waitFor();
    // The editor the command opened has the keyboard focus; a click only if it has not.
    const editorFocused = () =>
      this.page.evaluate(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'));
    // Else its input area is focused (a click can land on a toast or a closing quick input), until it holds.
    await this.waitFor('the keyboard focus in the settings editor', async () => {
      if (await editorFocused()) return undefined;
      await this.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus().catch(() => undefined);
      return (await editorFocused()) ? undefined : `focus is on ${await this.page.evaluate(() => document.activeElement?.className || document.activeElement?.tagName || 'nothing')}`;
    });
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    // One line, inserted at once: nothing for the editor to complete or indent.
    await this.page.keyboard.insertText(JSON.stringify(next));
    await this.page.keyboard.press('Control+S');
    const want = JSON.stringify(next);
    await this.waitFor('the user settings saved as typed', async () => {
      let seen = '';
      try {
        seen = fs.readFileSync(file, 'utf8');
        if (JSON.stringify(JSON.parse(seen)) === want) return undefined;
      } catch {
        // not JSON (yet): keep waiting
      }
      return `want ${want}, the file holds ${seen}`;
    }, 20000);
    await tab.filter({ hasText: 'settings.json' }).and(this.page.locator(':not(.dirty)')).waitFor();
    await this.runCommand('View: Close Editor');
    await tab.filter({ hasText: 'settings.json' }).waitFor({ state: 'detached' });
  }

  /** Hides the bottom panel (output, terminal) when it is shown, for room in the editor area. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await this.runCommand('View: Hide Panel');
    await panel.waitFor({ state: 'hidden' });
  }

  /** The messages of the notifications shown now (opens the notification center). */
  async notifications(): Promise<string[]> {
    await this.runCommand('Notifications: Show Notifications');
    const items = this.page.locator('.notifications-center .notification-list-item-message');
    const texts = await items.allInnerTexts();
    await this.page.keyboard.press('Escape');
    return texts;
  }

  /** The text of the output channel shown in the panel (visible lines, joined). */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.panel .output .view-lines .view-line, .panel [id="workbench.panel.output"] .view-lines .view-line');
    await lines.first().waitFor();
    // The editor renders spaces as no-break spaces.
    return (await lines.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  }
}

/** Saves numbered screenshots under test-results/<version>/ and prints each path. */
export class Screenshots {
  private n = 0;
  readonly dir: string;

  constructor(root: string, version: string, private readonly print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
    this.dir = path.join(root, 'test-results', version);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Takes `NN-step.png` of the whole page; returns its path relative to the repo. */
  async take(page: Page, step: string): Promise<string> {
    this.n++;
    const file = path.join(this.dir, `${String(this.n).padStart(2, '0')}-${step.replace(/[^\w-]+/g, '-')}.png`);
    await page.screenshot({ path: file });
    const rel = path.relative(path.dirname(path.dirname(this.dir)), file);
    this.print(`      screenshot: ${rel}`);
    return rel;
  }
}
