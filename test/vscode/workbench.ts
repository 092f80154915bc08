/**
 * Playwright helpers for the VS Code workbench (selectors that hold on 1.100
 * and 1.139), and a screenshot log that names every file it writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeAttr = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench is up and the extension host has connected. */
  async ready(timeout = 60000): Promise<void> {
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

  /** A row of a tree whose accessible name starts with `label` (then "," or the end). */
  treeRow(tree: Locator, label: string): Locator {
    return tree.getByRole('treeitem', { name: new RegExp(`^${escapeRe(label)}(,|$)`) });
  }

  /** Expands a collapsed tree row by clicking its twistie (does not run the row's command). */
  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'true') return;
    await row.locator('.monaco-tl-twistie').click();
    await row.and(this.page.locator('[aria-expanded="true"]')).waitFor();
  }

  /** Runs a command from the command palette (F1), by its "Category: Title". */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${label}`);
    const title = label.includes(': ') ? label.slice(label.indexOf(': ') + 2) : label;
    await this.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${escapeAttr(title)}"]`).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
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
