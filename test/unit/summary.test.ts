import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import { POOL_PHASES } from '../../src/modelarts/types';
import { parsePoolList, parsePoolListText } from '../../src/modelarts/parse';
import { describePool, describeTime, displayName, escapeMarkdown, flavorCounts, nodeCount, phaseStyle, tooltipMarkdown } from '../../src/pools/summary';

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

describe('node counts that are not counts', () => {
  const odd = [1e308, Infinity, -Infinity, NaN, -3, 2.5, 1e6 + 1, Number.MAX_SAFE_INTEGER];

  it('are not reported: no Infinity, NaN or negative in a description, tooltip or count', () => {
    for (const value of odd) {
      const p: Pool = {
        metadata: { name: 'p' },
        spec: { resources: [{ flavor: 'modelarts.vm.gpu.t4u8', count: value, maxCount: value }, { flavor: 'modelarts.vm.cpu.8u', count: value }] },
        status: { phase: 'Running', resources: { available: [{ flavor: 'modelarts.vm.gpu.t4u8', count: value }, { flavor: 'modelarts.vm.gpu.t4u8', count: value }], abnormal: [{ flavor: 'x', count: value }] } },
      };
      const text = describePool(p) + '\n' + tooltipMarkdown(p);
      assert.ok(!/Infinity|NaN|-\d|e\+|\d\.\d|9007199254740991|1000001/.test(text), `${value}: ${text}`);
      for (const row of flavorCounts(p)) {
        for (const n of [row.available, row.abnormal, row.creating, row.deleting, row.count ?? 0, row.maxCount ?? 0]) {
          assert.ok(Number.isInteger(n) && n >= 0, `${value}: ${JSON.stringify(row)}`);
        }
      }
    }
    assert.equal(nodeCount(1e6), 1e6);
    assert.equal(nodeCount(0), 0);
    for (const value of [...odd, '3', null, undefined]) assert.equal(nodeCount(value), undefined, String(value));
  });

  it('are dropped by the parser with a warning naming the field', () => {
    const body = {
      items: [
        {
          metadata: { name: 'p' },
          spec: { resources: [{ flavor: 'f', count: 1e308, maxCount: -1 }] },
          status: { resources: { available: [{ flavor: 'f', count: 2.5 }, { flavor: 'f', count: 4 }] } },
        },
      ],
    };
    const parsed = parsePoolList(body, 'test');
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.deepEqual(parsed.pools[0].spec?.resources, [{ flavor: 'f' }]);
    assert.deepEqual(parsed.pools[0].status?.resources?.available, [{ flavor: 'f' }, { flavor: 'f', count: 4 }]);
    assert.deepEqual(parsed.problems.map((p) => `${p.path}: ${p.message}`), [
      'items[0].spec.resources[0].count: expected a whole number from 0 to 1000000, got 1e+308',
      'items[0].spec.resources[0].maxCount: expected a whole number from 0 to 1000000, got -1',
      'items[0].status.resources.available[0].count: expected a whole number from 0 to 1000000, got 2.5',
    ]);
    assert.equal(describePool(parsed.pools[0]), 'No phase reported · 4/4 nodes · f');
    // 1e400 in the text is Infinity once decoded.
    const text = parsePoolListText('{"items":[{"metadata":{"name":"q"},"spec":{"resources":[{"flavor":"f","count":1e400}]}}]}', 'test');
    assert.ok(text.ok);
    if (text.ok) assert.equal(text.problems[0]?.message, 'expected a finite number, got Infinity');
  });

  it('a ListPools text with a byte order mark parses', () => {
    const parsed = parsePoolListText('\uFEFF{"kind":"PoolList","items":[{"metadata":{"name":"bom"}}]}', 'test');
    assert.ok(parsed.ok);
    if (parsed.ok) assert.equal(parsed.pools[0].metadata.name, 'bom');
  });
});
