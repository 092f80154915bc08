import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import { POOL_PHASES } from '../../src/modelarts/types';
import { describePool, describeTime, displayName, escapeMarkdown, flavorCounts, phaseStyle, tooltipMarkdown } from '../../src/pools/summary';

const full: Pool = {
  metadata: { name: 'pool-123', labels: { 'os.modelarts/name': 'infer <prod>' }, creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: {
    type: 'Dedicate',
    scope: ['Train', 'Infer'],
    resources: [
      { flavor: 'modelarts.vm.gpu.t4u8', count: 4 },
      { flavor: 'modelarts.vm.cpu.8ud', count: 2 },
    ],
  },
  status: {
    phase: 'Abnormal',
    message: 'node *down*',
    resources: {
      available: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 3 }, { flavor: 'modelarts.vm.cpu.8ud', count: 2 }],
      abnormal: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 1 }],
    },
  },
};

describe('summary', () => {
  it('names a pool by its label, else its ID', () => {
    assert.equal(displayName(full), 'infer <prod>');
    assert.equal(displayName({ metadata: { name: 'id-only' } }), 'id-only');
    assert.equal(displayName({ metadata: { name: 'id', labels: { 'os.modelarts/name': ' ' } } }), 'id');
  });

  it('has an icon and colour for every documented phase and a question mark for others', () => {
    const expected: Record<string, string> = {
      Running: 'pass',
      Creating: 'loading~spin',
      Deleting: 'loading~spin',
      Waiting: 'clock',
      Abnormal: 'warning',
      Error: 'error',
      CreationFailed: 'error',
      ScalingFailed: 'error',
    };
    for (const phase of POOL_PHASES) {
      const s = phaseStyle(phase);
      assert.equal(s.icon, expected[phase], phase);
      assert.ok(s.known && s.color, phase);
    }
    assert.equal(phaseStyle('Running').color, 'testing.iconPassed');
    assert.equal(phaseStyle('Error').color, 'problemsErrorIcon.foreground');
    assert.deepEqual(phaseStyle('Hibernating'), {
      icon: 'question',
      color: 'problemsInfoIcon.foreground',
      known: false,
      label: 'Unknown phase "Hibernating"',
    });
    assert.equal(phaseStyle(undefined).label, 'No phase reported');
  });

  it('counts nodes per flavor in each state', () => {
    assert.deepEqual(flavorCounts(full), [
      { flavor: 'modelarts.vm.gpu.t4u8', count: 4, creating: 0, available: 3, abnormal: 1, deleting: 0 },
      { flavor: 'modelarts.vm.cpu.8ud', count: 2, creating: 0, available: 2, abnormal: 0, deleting: 0 },
    ]);
    assert.deepEqual(flavorCounts({ metadata: { name: 'x' } }), []);
  });

  it('describes a pool briefly: phase unless Running, nodes, main flavor', () => {
    assert.equal(describePool(full), 'Abnormal · 5/6 nodes, 1 abnormal · vm.gpu.t4u8');
    assert.equal(describePool({ metadata: { name: 'x' }, status: { phase: 'Running' } }), '');
    assert.equal(describePool({ metadata: { name: 'x' } }), 'No phase reported');
    assert.equal(
      describePool({ metadata: { name: 'x' }, status: { phase: 'Running', resources: { available: [{ flavor: 'modelarts.bm.npu', count: 1 }] } } }),
      '1/1 node · bm.npu',
    );
  });

  it('escapes Markdown and HTML in tooltips', () => {
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert\\(1\\)&gt;');
    const md = tooltipMarkdown(full, ['Shown at the top level'], Date.parse('2024-03-01T00:00:00Z'));
    assert.ok(md.startsWith('**infer &lt;prod&gt;**'));
    assert.ok(!md.includes('<prod>'));
    assert.match(md, /ID: `pool-123`/);
    assert.match(md, /Phase: \$\(warning\) Abnormal — node \\\*down\\\*/);
    assert.match(md, /Scope: Train, Infer/);
    assert.match(md, /Created: 2024\\-01\\-01 00:00 UTC \\\(2 months ago\\\)/);
    assert.match(md, /\| modelarts\\\.vm\\\.gpu\\\.t4u8 \| 3 \/ 4 \| 0 \| 1 \| 0 \|/);
    assert.match(md, /_Shown at the top level_/);
    const minimal = tooltipMarkdown({ metadata: { name: 'm' } });
    assert.match(minimal, /Type: not reported/);
    assert.match(minimal, /Resources: not reported/);
  });

  it('describes times and ages, keeping unparseable strings', () => {
    assert.equal(describeTime('2024-01-01T00:00:00Z', Date.parse('2024-01-03T12:00:00Z')), '2024-01-01 00:00 UTC (2 days ago)');
    assert.equal(describeTime('yesterday'), 'yesterday');
    assert.equal(describeTime(undefined), undefined);
  });
});
