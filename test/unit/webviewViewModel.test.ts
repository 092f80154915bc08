import * as assert from 'node:assert/strict';
import { PoolStore } from '../../src/pools/store';
import type { PoolSnapshot } from '../../src/pools/store';
import { parsePoolList } from '../../src/modelarts/parse';
import { buildDetailsModel, decodeBase64Text, detailsFor, formatUtc, titleFor } from '../../src/webview/viewModel';
import type { Block, DetailsModel, Value } from '../../src/webview/viewModel';
import {
  assertNoJunk,
  byTestId,
  field,
  fields,
  fixture,
  notes,
  rowByHeader,
  section,
  table,
  textOf,
} from './webviewTestUtil';

const NOW = Date.parse('2024-06-30T15:20:02Z');
const FULL_NAME = 'pool-7d1c2e3f-a836-8607-7067-d8df1cb8530a';

function build(raw: unknown, present: string[] = []): DetailsModel {
  const name = (raw as { metadata?: { name?: unknown } })?.metadata?.name;
  return buildDetailsModel({ name: typeof name === 'string' ? name : 'x', raw, isPresent: (n) => present.includes(n), now: NOW });
}

function kinds(values: Value[]): string[] {
  return values.map((v) => v.kind);
}

function snapshot(items: unknown[], extra: Partial<PoolSnapshot> = {}): PoolSnapshot {
  const parsed = parsePoolList(items, 'test');
  assert.ok(parsed.ok);
  return {
    source: { kind: 'sample', label: 'Sample pools' },
    pools: parsed.pools,
    raw: parsed.raw,
    problems: parsed.problems,
    loadedAt: Date.parse('2024-07-01T08:00:00Z'),
    ...extra,
  };
}

describe('details view model', () => {
  describe('a full pool', () => {
    const raw = fixture('details-full-pool.json');
    const model = build(raw, ['pool-physical-0001']);

    it('has the header: display name, ID, phase badge, message, type, creation time and age', () => {
      assert.equal(model.state, 'present');
      assert.equal(model.notice, undefined);
      const h = model.header;
      assert.ok(h);
      assert.equal(h.title, 'train-gpu-team-a');
      assert.equal(h.id, FULL_NAME);
      assert.deepEqual(h.phase, { kind: 'badge', text: 'Running', icon: 'pass', color: 'testing.iconPassed', testId: 'pool-phase' });
      assert.equal(textOf(field(h.rows, 'Status message')), 'Scaling in progress: 2 nodes are being created.');
      assert.equal(textOf(field(h.rows, 'Type')), 'Logical');
      assert.equal(textOf(field(h.rows, 'Created')), '2024-06-27 15:20:02 UTC (3 days ago)');
      assert.equal(textOf(field(h.rows, 'Description')), 'Training for team A');
      assert.equal(titleFor(model), 'train-gpu-team-a');
    });

    it('has the sections in order, without a problems section', () => {
      assert.deepEqual(
        model.sections.map((s) => s.id),
        ['spec', 'status', 'labels', 'annotations', 'json'],
      );
    });

    it('shows every spec field', () => {
      const f = fields(section(model, 'spec'));
      const t = (label: string): string => textOf(field(f, label));
      assert.equal(t('Type'), 'Logical');
      assert.equal(t('Scope'), 'Train, Infer, Notebook');
      assert.equal(t('Network'), 'network-c381928e-b1607894a1b14f2819d04d03');
      assert.equal(t('Container network mode'), 'vpc-router');
      assert.equal(t('Container CIDR'), '172.16.0.0/16');
      assert.equal(t('Kubernetes service CIDR'), '10.247.0.0/16');
      assert.equal(t('Masters'), '3 masters: cn-north-4a, cn-north-4b, cn-north-4c');
      assert.equal(t('Cluster flavor'), 'cce.s2.medium');
      assert.equal(t('GPU driver version'), '470.57.02');
      assert.equal(t('NPU driver version'), '23.0.rc2');
      assert.equal(t('Driver update strategy'), 'idle');
    });

    it('shows the resources as a table with one column per flavor', () => {
      const t = table(section(model, 'spec'), 'Resources');
      assert.deepEqual(
        t.columns.map((c) => c.label),
        ['Flavor', 'modelarts.vm.gpu.v100nv32', 'modelarts.vm.cpu.8ud'],
      );
      const row = (h: string): string[] => rowByHeader(t, h).slice(1).map(textOf);
      assert.deepEqual(row('Count'), ['8', '2']);
      assert.deepEqual(row('Max count'), ['10', 'not reported']);
      assert.deepEqual(row('AZs'), ['cn-north-4a: 5\ncn-north-4b: 3', 'not reported']);
      assert.deepEqual(row('Tags'), ['env=prod\nowner=team-a', 'not reported']);
      assert.deepEqual(row('Root volume'), ['GPSSD, 100 GiB', 'not reported']);
      assert.deepEqual(row('Data volumes'), ['SSD, 500 GiB × 2 (volume group vgpaas)', 'not reported']);
      assert.deepEqual(row('Volume groups'), ['vgpaas; docker thin pool 60%; LVM striped at /mnt/data; types: volume, local', 'not reported']);
      assert.deepEqual(row('Docker base size'), ['50', 'not reported']);
      assert.deepEqual(row('Creating step'), ['step 2, type rack', 'not reported']);
      const script = rowByHeader(t, 'Post-install script')[1];
      assert.deepEqual(script, { kind: 'code', text: '#!/bin/bash\nnvidia-smi -pm 1\n', caption: 'decoded from base64' });
      assert.deepEqual(byTestId(model, 'spec-count-modelarts.vm.gpu.v100nv32'), {
        kind: 'number',
        value: 8,
        testId: 'spec-count-modelarts.vm.gpu.v100nv32',
      });
    });

    it('shows parent and root as links to pools, marking which are listed', () => {
      assert.deepEqual(byTestId(model, 'pool-link-parent'), {
        kind: 'pool',
        name: 'pool-physical-0001',
        label: 'pool-physical-0001',
        present: true,
        testId: 'pool-link-parent',
      });
      const notListed = build(raw, []);
      assert.equal((byTestId(notListed, 'pool-link-root') as Extract<Value, { kind: 'pool' }>).present, false);
    });

    it('counts nodes per flavor in each state, with stable test IDs', () => {
      const count = (flavor: string, state: string): string => textOf(byTestId(model, `resource-count-${flavor}-${state}`));
      const gpu = 'modelarts.vm.gpu.v100nv32';
      const cpu = 'modelarts.vm.cpu.8ud';
      assert.deepEqual(
        ['desired', 'creating', 'available', 'abnormal', 'deleting'].map((s) => count(gpu, s)),
        ['8', '2', '5', '1', '0'],
      );
      assert.deepEqual(
        ['desired', 'creating', 'available', 'abnormal', 'deleting'].map((s) => count(cpu, s)),
        ['2', '0', '2', '0', '1'],
      );
      const nodes = table(section(model, 'status'), 'Nodes');
      assert.deepEqual(
        nodes.columns.map((c) => c.label),
        ['Flavor', 'Desired', 'Creating', 'Available', 'Abnormal', 'Deleting', 'Available by AZ'],
      );
      assert.equal(textOf(nodes.rows[0][6]), 'cn-north-4a: 3\ncn-north-4b: 2');
    });

    it('draws a stacked bar per flavor from the same counts', () => {
      const bars = section(model, 'status').blocks.find((b): b is Extract<Block, { kind: 'bars' }> => b.kind === 'bars');
      assert.ok(bars);
      assert.deepEqual(
        bars.bars.map((b) => [b.label, b.total, b.segments.map((s) => `${s.state}:${s.count}:${s.color}`)]),
        [
          [
            'modelarts.vm.gpu.v100nv32',
            8,
            ['available:5:testing.iconPassed', 'creating:2:charts.blue', 'abnormal:1:problemsErrorIcon.foreground'],
          ],
          ['modelarts.vm.cpu.8ud', 3, ['available:2:testing.iconPassed', 'deleting:1:charts.orange']],
        ],
      );
      assert.deepEqual(
        bars.legend.map((l) => l.label),
        ['Available', 'Creating', 'Abnormal', 'Deleting'],
      );
    });

    it('shows scope states with their plugins and messages', () => {
      const t = table(section(model, 'status'), 'Scopes');
      assert.deepEqual(
        t.rows.map((r) => r.map(textOf)),
        [
          ['Train', 'Enabled', 'volcano: Running\ngpu-beta: Pending', 'not reported'],
          ['Infer', 'EnableFailed', 'not reported', 'Plug-in ingress-nginx failed to start.'],
          ['Notebook', 'Enabling', 'none', 'not reported'],
        ],
      );
      const icons = t.rows.map((r) => (r[1].kind === 'badge' ? r[1].icon : r[1].kind));
      assert.deepEqual(icons, ['pass', 'error', 'loading~spin']);
      const plugins = t.rows[0][2];
      assert.ok(plugins.kind === 'list');
      assert.deepEqual(
        plugins.items.map((p) => (p.kind === 'badge' ? p.icon : p.kind)),
        ['pass', 'clock'],
      );
    });

    it('shows the GPU and NPU driver versions and states', () => {
      const t = table(section(model, 'status'), 'Drivers');
      assert.deepEqual(
        t.rows.map((r) => r.map(textOf)),
        [
          ['GPU', '470.57.02', 'Running'],
          ['NPU', '23.0.rc2', 'Upgrading'],
        ],
      );
    });

    it('lists labels and annotations as key/value tables', () => {
      const labels = section(model, 'labels').blocks[0];
      assert.ok(labels.kind === 'table');
      assert.equal(labels.rows.length, 7);
      assert.deepEqual(labels.rows[1].map(textOf), ['os.modelarts/name', 'train-gpu-team-a']);
      const annotations = section(model, 'annotations').blocks[0];
      assert.ok(annotations.kind === 'table');
      assert.deepEqual(
        annotations.rows.map((r) => textOf(r[0])),
        ['os.modelarts/description', 'os.modelarts/billing.mode', 'os.modelarts/tms.tags'],
      );
    });

    it('carries the item exactly as received for the JSON section', () => {
      assert.equal(model.raw, raw);
      assert.deepEqual(section(model, 'json').blocks, []);
    });

    it('never reads undefined, NaN or [object Object], and is plain data for postMessage', () => {
      assertNoJunk(model);
      // postMessage uses the structured clone algorithm: functions or class instances would throw or change.
      assert.deepStrictEqual(structuredClone(model), model);
    });

    it('builds the same sections from a parsed pool when there is no raw item', () => {
      const parsed = parsePoolList([raw], 't');
      assert.ok(parsed.ok);
      const fromPool = buildDetailsModel({ name: FULL_NAME, pool: parsed.pools[0], isPresent: () => true, now: NOW });
      assert.deepEqual(fromPool.sections, model.sections);
      assert.deepEqual(fromPool.header, model.header);
    });
  });

  describe('a minimal pool (only metadata.name)', () => {
    const model = build({ metadata: { name: 'pool-min' } });

    it('uses the ID as the title and says "not reported" for everything else', () => {
      const h = model.header;
      assert.ok(h);
      assert.equal(h.title, 'pool-min');
      assert.equal(h.id, 'pool-min');
      assert.equal(h.phase.text, 'No phase reported');
      assert.equal(h.phase.icon, 'question');
      assert.deepEqual(kinds(h.rows.map((r) => r.value)), ['missing', 'missing', 'missing']);
    });

    it('says which parts are not reported instead of showing empty boxes', () => {
      assert.deepEqual(notes(section(model, 'spec')), ['Spec not reported.']);
      assert.deepEqual(notes(section(model, 'status')), [
        'Node counts not reported.',
        'Scope status not reported.',
        'Driver status not reported.',
      ]);
      assert.deepEqual(kinds(fields(section(model, 'status')).map((r) => r.value)), ['missing', 'missing']);
      assert.deepEqual(notes(section(model, 'labels')), ['Labels not reported.']);
      assert.deepEqual(notes(section(model, 'annotations')), ['Annotations not reported.']);
      assertNoJunk(model);
    });

    it('tells empty apart from absent', () => {
      const m = build({
        metadata: { name: 'p', labels: {}, creationTimestamp: '' },
        spec: { scope: [], resources: [], masters: [] },
        status: { phase: '', message: '', scope: [], resources: {}, parent: '' },
      });
      assert.deepEqual(notes(section(m, 'labels')), ['No labels.']);
      const spec = section(m, 'spec');
      assert.equal(textOf(field(fields(spec), 'Scope')), 'none');
      assert.equal(textOf(field(fields(spec), 'Masters')), 'none');
      assert.deepEqual(notes(spec), ['No resources in the spec.']);
      assert.deepEqual(notes(section(m, 'status')), ['No nodes reported.', 'No scopes enabled.', 'Driver status not reported.']);
      assert.equal(textOf(byTestId(m, 'pool-message')), 'empty');
      assert.equal(textOf(byTestId(m, 'pool-created')), 'empty');
      assert.equal(textOf(byTestId(m, 'pool-link-parent')), 'none');
      assert.equal(m.header?.phase.text, 'No phase reported');
      assertNoJunk(m);
    });

    it('keeps unusual but typed values readable: bad dates, unknown phases and states, non-base64 scripts', () => {
      const m = build({
        metadata: { name: 'p', creationTimestamp: 'yesterday' },
        spec: { resources: [{ extendParams: { postInstall: 'echo hi' } }] },
        status: { phase: 'Hibernating', root: 'p', scope: [{ scopeType: 'Train', state: 'Sleeping' }], driver: { npu: {} } },
      });
      assert.equal(textOf(byTestId(m, 'pool-created')), 'yesterday (not a valid date)');
      assert.deepEqual(m.header?.phase, {
        kind: 'badge',
        text: 'Unknown phase "Hibernating"',
        icon: 'question',
        color: 'problemsInfoIcon.foreground',
        testId: 'pool-phase',
      });
      assert.deepEqual(byTestId(m, 'pool-link-root'), { kind: 'text', text: 'p (this pool)', mono: true, testId: 'pool-link-root' });
      const scope = table(section(m, 'status'), 'Scopes').rows[0][1];
      assert.ok(scope.kind === 'badge');
      assert.equal(scope.icon, 'question');
      const resources = table(section(m, 'spec'), 'Resources');
      assert.equal(resources.columns[1].label, 'resource 1 (flavor not reported)');
      assert.deepEqual(rowByHeader(resources, 'Post-install script')[1], { kind: 'code', text: 'echo hi', caption: 'not base64 text; as received' });
      assert.deepEqual(table(section(m, 'status'), 'Drivers').rows.map((r) => r.map(textOf)), [
        ['GPU', 'not reported', 'not reported'],
        ['NPU', 'not reported', 'not reported'],
      ]);
      assertNoJunk(m);
    });
  });

  describe('a pool with wrong-typed fields', () => {
    const raw = fixture('details-wrong-types-pool.json');
    const model = build(raw);

    it('lists each wrong-typed field under "Data problems", by its path in the pool', () => {
      const problems = section(model, 'problems');
      assert.equal(model.sections[0].id, 'problems');
      const note = problems.blocks[0];
      assert.ok(note.kind === 'note' && note.tone === 'warning');
      const paths = (note.items ?? []).map((i) => i.slice(0, i.indexOf(':')));
      for (const p of [
        'kind',
        'metadata.creationTimestamp',
        'metadata.labels["os.modelarts/name"]',
        'metadata.annotations',
        'spec.type',
        'spec.scope',
        'spec.resources[0].count',
        'spec.resources[0].azs',
        'spec.resources[1]',
        'spec.network',
        'spec.masters[0].az',
        'spec.driver.gpuVersion',
        'status.phase',
        'status.message',
        'status.resources.available[0].count',
        'status.resources.creating',
        'status.scope[0].state',
        'status.scope[0].plugins[0].phase',
        'status.driver.gpu',
        'status.parent',
      ]) {
        assert.ok(paths.includes(p), `missing problem for ${p}; got ${paths.join(', ')}`);
      }
      assert.ok(note.items?.every((i) => !i.startsWith('items[')));
      assert.match(note.text, /^\d+ fields have an unexpected type and are shown only in the JSON below:$/);
    });

    it('shows the wrong-typed fields as not reported and the rest as usual', () => {
      const h = model.header;
      assert.ok(h);
      assert.equal(h.title, 'pool-wrong-types');
      assert.equal(h.phase.text, 'No phase reported');
      assert.equal(textOf(byTestId(model, 'pool-message')), 'not reported');
      assert.equal(textOf(byTestId(model, 'pool-created')), 'not reported');
      const spec = fields(section(model, 'spec'));
      assert.equal(textOf(field(spec, 'Type')), 'not reported');
      assert.equal(textOf(field(spec, 'Scope')), 'not reported');
      assert.equal(textOf(field(spec, 'Network')), 'not reported');
      assert.equal(textOf(field(spec, 'Masters')), '1 master: AZ not reported');
      assert.equal(textOf(field(spec, 'GPU driver version')), 'not reported');
      const resources = table(section(model, 'spec'), 'Resources');
      assert.equal(resources.columns.length, 2, 'the string item in resources is dropped');
      assert.equal(textOf(rowByHeader(resources, 'Count')[1]), 'not reported');
      assert.equal(textOf(byTestId(model, 'resource-count-modelarts.vm.gpu.t4u8-available')), '3');
      assert.equal(textOf(byTestId(model, 'resource-count-modelarts.vm.gpu.t4u8-creating')), '0');
      const scope = table(section(model, 'status'), 'Scopes');
      assert.deepEqual(scope.rows[0].map(textOf), ['Train', 'not reported', 'volcano: phase not reported', 'not reported']);
      assert.deepEqual(table(section(model, 'status'), 'Drivers').rows[0].map(textOf), ['GPU', 'not reported', 'not reported']);
      assert.equal(textOf(byTestId(model, 'pool-link-parent')), 'not reported');
      assert.equal(textOf(byTestId(model, 'pool-link-root')), 'pool-root');
      const labels = section(model, 'labels').blocks[0];
      assert.ok(labels.kind === 'table');
      assert.deepEqual(labels.rows.map((r) => r.map(textOf)), [['team', 'vision']]);
      assert.deepEqual(notes(section(model, 'annotations')), ['Annotations not reported.']);
      assertNoJunk(model);
    });

    it('keeps the item exactly as received, wrong types included, for the JSON section', () => {
      assert.equal(model.raw, raw);
      const r = model.raw as { kind: unknown; spec: { resources: unknown[] }; status: { phase: unknown } };
      assert.equal(r.kind, 7);
      assert.equal(r.status.phase, 42);
      assert.equal(r.spec.resources[1], 'not a resource');
    });

    it('shows a clear error, not a blank page, when the item is not a pool at all', () => {
      for (const bad of ['just a string', 42, null, [], { metadata: {} }, { metadata: { name: 7 } }]) {
        const m = buildDetailsModel({ name: 'p', raw: bad, now: NOW });
        assert.equal(m.header, undefined);
        assert.equal(m.notice?.tone, 'error');
        assert.match(m.notice?.text ?? '', /^The data received for "p" cannot be shown as a pool: .+\.$/);
        assert.deepEqual(
          m.sections.map((s) => s.id),
          ['json'],
        );
        assert.equal(m.raw, bad);
      }
    });
  });

  describe('detailsFor (the model a panel shows as the store changes)', () => {
    const full = fixture('details-full-pool.json');
    const other = { metadata: { name: 'pool-physical-0001' } };

    it('is fresh while the pool is listed, with links resolved against the list', () => {
      const store = new PoolStore();
      store.set(snapshot([full, other]));
      const m = detailsFor(store, FULL_NAME, undefined, NOW);
      assert.equal(m.state, 'present');
      assert.equal(m.raw, store.getRaw(FULL_NAME));
      assert.equal((byTestId(m, 'pool-link-parent') as Extract<Value, { kind: 'pool' }>).present, true);
    });

    it('says plainly when the pool is gone and keeps the last data', () => {
      const store = new PoolStore();
      store.set(snapshot([full]));
      const before = detailsFor(store, FULL_NAME, undefined, NOW);
      store.set(snapshot([other]));
      const after = detailsFor(store, FULL_NAME, before, NOW);
      assert.equal(after.state, 'gone');
      assert.equal(after.notice?.tone, 'warning');
      assert.equal(
        after.notice?.text,
        `Pool "${FULL_NAME}" is gone: it is not in the pool list from Sample pools loaded at 2024-07-01 08:00:00 UTC. ` +
          'It may have been deleted, or the list now comes from another source. Below is the last data received.',
      );
      assert.deepEqual(after.header, before.header);
      assert.deepEqual(after.sections, before.sections);
      assert.equal(after.raw, before.raw);
      assert.equal(titleFor(after), 'train-gpu-team-a (gone)');
      // And back again.
      store.set(snapshot([full]));
      assert.equal(detailsFor(store, FULL_NAME, after, NOW).state, 'present');
    });

    it('explains a pool never seen, an empty store and a failed load', () => {
      const store = new PoolStore();
      const none = detailsFor(store, 'p', undefined, NOW);
      assert.equal(none.state, 'gone');
      assert.equal(none.header, undefined);
      assert.deepEqual(none.sections, []);
      assert.match(none.notice?.text ?? '', /no pool list is open/);
      assert.equal(titleFor(none), 'p (gone)');

      store.set(snapshot([], { error: 'ModelArts answered 401 Unauthorized' }));
      const failed = detailsFor(store, 'p', undefined, NOW);
      assert.equal(failed.notice?.tone, 'error');
      assert.match(failed.notice?.text ?? '', /could not be loaded \(ModelArts answered 401 Unauthorized\)/);
      assert.doesNotMatch(failed.notice?.text ?? '', /last data/);
    });
  });

  describe('helpers', () => {
    it('decodes base64 text and refuses binary or non-base64', () => {
      assert.equal(decodeBase64Text(Buffer.from('echo hi\n').toString('base64')), 'echo hi\n');
      assert.equal(decodeBase64Text('IyEvYmluL2Jh\nc2gK'), '#!/bin/bash\n');
      assert.equal(decodeBase64Text('echo hi'), undefined);
      assert.equal(decodeBase64Text(''), undefined);
      assert.equal(decodeBase64Text(Buffer.from([0, 1, 2, 255]).toString('base64')), undefined);
      assert.equal(decodeBase64Text(Buffer.from('a\u0007b').toString('base64')), undefined);
    });

    it('formats UTC times and rejects non-dates', () => {
      assert.equal(formatUtc('2022-09-16T03:10:40Z'), '2022-09-16 03:10:40 UTC');
      assert.equal(formatUtc(0), '1970-01-01 00:00:00 UTC');
      assert.equal(formatUtc('soon'), undefined);
    });
  });
});
