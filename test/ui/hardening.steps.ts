/**
 * UI step for hardening (issue 11): text from a server never becomes a link
 * in a notification. On the live source, a pool whose display name is a
 * Markdown command link turns Abnormal on a refresh; the failure
 * notification that follows names it without any link element, while the
 * tree keeps the name as received.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UiSession } from './fixture';
import { VIEW_NAME, eventually, root } from './fixture';

const HOSTILE_NAME = '[a](command:workbench.extensions.installExtension?"x")';

function poolsWith(phase: string): unknown {
  const body = JSON.parse(fs.readFileSync(path.join(root, 'src', 'samples', 'pools.json'), 'utf8')) as { items: unknown[] };
  const flavor = 'modelarts.vm.cpu.8u32g';
  body.items.push({
    kind: 'Pool',
    apiVersion: 'v2',
    metadata: { name: 'pool-hostile-name-0001', labels: { 'os.modelarts/name': HOSTILE_NAME, 'os.modelarts/workspace.id': '0' } },
    spec: { type: 'Dedicate', resources: [{ flavor, count: 1 }] },
    status: { phase, resources: { available: [{ flavor, count: 1 }] } },
  });
  return body;
}

export function hardeningSteps(ui: UiSession): void {
  it('names a pool called like a command link in the failure notification without a link', async () => {
    const { wb, page, shots, modelarts } = ui;
    const tree = wb.tree(VIEW_NAME);
    const row = tree.getByRole('treeitem').filter({ hasText: HOSTILE_NAME });
    modelarts.setPools(poolsWith('Running'));
    await wb.runCommand('ModelArts: Refresh');
    await row.first().waitFor({ timeout: 30000 });

    modelarts.setPools(poolsWith('Abnormal'));
    await wb.runCommand('ModelArts: Refresh');
    const note = await wb.notification(/is now Abnormal/, 30000);
    const message = note.locator('.notification-list-item-message');
    const text = (await message.innerText()).trim();
    assert.match(text, /^Pool ".*a.*" is now Abnormal\.$/, text);
    assert.equal(await message.locator('a').count(), 0, `no link element in the notification: ${await message.innerHTML()}`);
    assert.ok(!text.includes('](command:'), `the link syntax is broken up: ${text}`);
    await shots.take(page, 'hostile-name-notification');
    // The tree keeps the name as received.
    await eventually(page, async () => ((await row.count()) > 0 ? undefined : `no row named ${HOSTILE_NAME}`));
    await wb.clearNotification(note);
    await wb.hideNotifications();

    // Back to the sample pools for the steps that follow.
    modelarts.setPools(JSON.parse(fs.readFileSync(path.join(root, 'src', 'samples', 'pools.json'), 'utf8')));
    await wb.runCommand('ModelArts: Refresh');
    await eventually(page, async () => ((await row.count()) === 0 ? undefined : 'the hostile pool is still listed'), 30000);
  });
}
