import * as assert from 'node:assert/strict';
import { filterPools } from '../../src/pools/filterView';
import { buildHierarchy } from '../../src/pools/hierarchy';
import type { PoolSnapshot } from '../../src/pools/store';
import type { MessageRow } from '../../src/pools/treeRows';
import {
  MESSAGE_MAX_WIDTH_PX,
  PROBLEMS_SHOWN,
  REVEAL_MATCHES_MAX,
  emptyRow,
  errorRow,
  filterRow,
  matchesToReveal,
  poolRowView,
  problemsRow,
  fitWidth,
  loadingRow,
  topRows,
  viewTexts,
} from '../../src/pools/treeRows';
import { SHOW_EVERY_POOL, visibilityOf } from '../../src/pools/filterView';
import { pool } from './helpers';

const SAMPLE = { kind: 'sample' as const, label: 'Sample pools' };
function snap(extra: Partial<PoolSnapshot> = {}): PoolSnapshot {
  return { source: SAMPLE, pools: [], raw: new Map(), problems: [], loadedAt: 1, ...extra };
}

const pools = [
  pool('phys', { label: 'Physical' }),
  pool('log-a', { parent: 'phys', root: 'phys', label: 'A' }),
  pool('sub-a', { parent: 'log-a', root: 'phys', label: 'Sub A', phase: 'Error' }),
  pool('lone', { phase: 'Creating' }),
];

describe('tree rows', () => {
  describe('errorRow', () => {
    it('offers Configure Credentials for refused or missing keys, Retry otherwise', () => {
      for (const kind of ['auth', 'credentials'] as const) {
        const row = errorRow('HTTP 401', kind);
        assert.equal(row.action, 'configureCredentials');
        assert.equal(row.description, 'Configure Credentials…');
        assert.deepEqual(row.tokens, ['retry', 'auth']);
        assert.match(row.tooltip ?? '', /Click to configure credentials\.$/);
      }
      for (const kind of ['config', 'load', undefined] as const) {
        const row = errorRow('HTTP 500', kind);
        assert.equal(row.action, 'retry');
        assert.deepEqual(row.tokens, ['retry']);
        assert.match(row.tooltip ?? '', /^HTTP 500\n\nClick to retry\.$/);
      }
    });
  });

  describe('problemsRow', () => {
    it('counts skipped pools and dropped fields, one child per problem', () => {
      const row = problemsRow([
        { severity: 'skipped', path: '$.items[0]', message: 'item 0 has no metadata.name' },
        { severity: 'dropped', path: '$.items[1].status.phase', message: 'expected a string' },
        { severity: 'dropped', path: '$.items[2].spec', message: 'expected an object' },
      ]);
      assert.equal(row.label, 'Problems in the data: 1 pool skipped, 2 fields left out');
      assert.deepEqual(
        row.children?.map((c) => [c.tone, c.label]),
        [
          ['warning', 'item 0 has no metadata.name'],
          ['info', '$.items[1].status.phase: expected a string'],
          ['info', '$.items[2].spec: expected an object'],
        ],
      );
    });

    it('shows at most PROBLEMS_SHOWN problems, then one row to the log', () => {
      const many = Array.from({ length: PROBLEMS_SHOWN + 7 }, (_, i) => ({ severity: 'skipped' as const, path: `$.items[${i}]`, message: `item ${i} is not an object` }));
      const row = problemsRow(many);
      assert.equal(row.children?.length, PROBLEMS_SHOWN + 1);
      const last = row.children?.[PROBLEMS_SHOWN] as MessageRow;
      assert.equal(last.label, '…and 7 more (see the ModelArts log)');
      assert.equal(last.action, 'showLog');
    });
  });

  describe('filterRow and emptyRow', () => {
    it('says when the filter cannot be applied or hides everything, with Clear Filters', () => {
      assert.equal(filterRow(undefined), undefined);
      const bad = filterRow(filterPools(pools, { labelSelector: 'a in (' }, false));
      assert.equal(bad?.tone, 'error');
      assert.equal(bad?.action, 'clearFilters');
      const none = filterPools(pools, { name: 'nothing-like-this' }, false);
      none.text = 'name: nothing-like-this';
      const row = filterRow(none);
      assert.equal(row?.label, 'No pools match the filter');
      assert.match(row?.tooltip ?? '', /\(name: nothing-like-this\) hides all 4 pools/);
    });

    it('says a load has no pools, and that the server filtered them when it did', () => {
      assert.equal(emptyRow(snap({ pools }), undefined), undefined);
      assert.equal(emptyRow(snap({ error: 'HTTP 500' }), undefined), undefined);
      assert.equal(emptyRow(snap(), undefined)?.label, 'No pools in Sample pools.');
      const active = filterPools([], { labelSelector: 'a=b' }, true);
      const row = emptyRow(snap({ serverQuery: { labelSelector: 'a=b' } }), active);
      assert.equal(row?.label, 'No pools in Sample pools match the filter.');
      assert.equal(row?.action, 'clearFilters');
    });
  });

  describe('topRows', () => {
    it('shows a spinner before the first load, nothing when nothing loads', () => {
      const state = { snapshot: undefined, filter: undefined, roots: [], visibility: SHOW_EVERY_POOL };
      assert.deepEqual(topRows({ ...state, loading: true }), [loadingRow()]);
      assert.deepEqual(topRows({ ...state, loading: false }), []);
    });

    it('puts the error, problems and filter rows above the shown roots', () => {
      const filter = filterPools(pools, { phases: ['Error'] }, false);
      const rows = topRows({
        snapshot: snap({ pools, error: 'partial', problems: [{ severity: 'skipped', path: '$.items[9]', message: 'x' }] }),
        loading: false,
        filter,
        roots: buildHierarchy(pools).roots,
        visibility: visibilityOf(filter),
      });
      assert.deepEqual(
        rows.map((r) => (r.type === 'pool' ? `pool:${r.node.name}` : r.id)),
        ['error', 'problems', 'pool:phys'],
      );
    });
  });

  describe('poolRowView', () => {
    it('describes a pool: label, phase icon, tokens, and why it is shown', () => {
      const h = buildHierarchy(pools);
      const phys = poolRowView(h.byName.get('phys')!, SHOW_EVERY_POOL);
      assert.equal(phys.label, 'Physical');
      assert.deepEqual(phys.icon, { id: 'pass', color: 'testing.iconPassed' });
      assert.deepEqual(phys.tokens, ['pool', 'hasChildren']);
      assert.equal(phys.collapsible, true);

      const filter = filterPools(pools, { phases: ['Error'] }, false);
      const v = visibilityOf(filter);
      const logA = poolRowView(h.byName.get('log-a')!, v);
      assert.match(logA.description, /\(context\)$/);
      assert.deepEqual(logA.tokens, ['pool', 'hasChildren', 'filterContext']);
      assert.deepEqual(logA.tooltipExtra, ['Shown for context: it does not match the filter, a pool under it does.']);
      assert.match(logA.accessibilityLabel, /^A, Running, /);
    });

    it('marks a pool whose parent is missing, unless its parent\'s children were asked for', () => {
      const orphans = [pool('child', { parent: 'gone-parent', root: 'gone-parent' })];
      const node = buildHierarchy(orphans).byName.get('child')!;
      assert.deepEqual(poolRowView(node, SHOW_EVERY_POOL).tokens, ['pool', 'orphan']);
      assert.match(poolRowView(node, SHOW_EVERY_POOL).description, /not under its parent/);
      assert.deepEqual(poolRowView(node, { ...SHOW_EVERY_POOL, listedUnder: 'gone-parent' }).tokens, ['pool']);
    });
  });

  describe('matchesToReveal', () => {
    const h = buildHierarchy(pools);
    const nodeOf = (name: string) => h.byName.get(name);

    it('reveals a small result\'s matches below the top level', () => {
      assert.deepEqual(matchesToReveal(filterPools(pools, { name: 'sub' }, false), nodeOf), ['sub-a']);
      assert.deepEqual(matchesToReveal(filterPools(pools, { phases: ['Creating'] }, false), nodeOf), [], 'a root needs no reveal');
    });

    it('reveals nothing without a local filter, with no match, or beyond REVEAL_MATCHES_MAX', () => {
      assert.deepEqual(matchesToReveal(undefined, nodeOf), []);
      assert.deepEqual(matchesToReveal(filterPools(pools, {}, false), nodeOf), []);
      assert.deepEqual(matchesToReveal(filterPools(pools, { name: 'zzz' }, false), nodeOf), []);
      const many = [pool('p0'), ...Array.from({ length: REVEAL_MATCHES_MAX + 1 }, (_, i) => pool(`c${i}`, { parent: 'p0', root: 'p0' }))];
      const big = buildHierarchy(many);
      assert.deepEqual(matchesToReveal(filterPools(many, { name: 'c' }, false), (n) => big.byName.get(n)), []);
      const fits = many.slice(0, REVEAL_MATCHES_MAX + 1);
      assert.equal(matchesToReveal(filterPools(fits, { name: 'c' }, false), (n) => big.byName.get(n)).length, REVEAL_MATCHES_MAX);
    });
  });

  describe('viewTexts', () => {
    it('keeps a text that fits as it is, in both places', () => {
      assert.deepEqual(viewTexts('Sample pools', 'status: Abnormal, Error', undefined), {
        description: 'Sample pools · status: Abnormal, Error',
        message: 'Sample pools · status: Abnormal, Error',
      });
      assert.deepEqual(viewTexts('Sample pools', '', undefined), { description: 'Sample pools', message: 'Sample pools' });
      assert.deepEqual(viewTexts(undefined, '', undefined), {});
    });

    it('shortens the message to one line, the description keeps it all', () => {
      const long = 'label: os.modelarts/sharing=shared, team in (alpha,beta,gamma)';
      const t = viewTexts('cn-north-4 · 01234567… · env keys', long, undefined);
      assert.equal(t.description, `cn-north-4 · 01234567… · env keys · ${long}`);
      assert.ok(t.message?.endsWith('…'));
      assert.ok((t.message?.length ?? 0) < (t.description?.length ?? 0));
      assert.ok(t.description?.startsWith(t.message!.slice(0, -1)));
    });

    it('gives the match count of a result too large to reveal', () => {
      const many = Array.from({ length: REVEAL_MATCHES_MAX + 5 }, (_, i) => pool(`gpu-${i}`));
      const outcome = filterPools(many, { name: 'gpu' }, false);
      assert.equal(viewTexts('Sample pools', 'name: gpu', outcome).description, `Sample pools · ${REVEAL_MATCHES_MAX + 5} matches · name: gpu`);
    });

    it('cuts by estimated width, in a wide UI font: what measured 251 px fits, 295 px does not', () => {
      // Widths measured in Chromium with DejaVu Sans 13 px.
      assert.equal(fitWidth('Sample pools · status: Abnormal, Error', MESSAGE_MAX_WIDTH_PX), 'Sample pools · status: Abnormal, Error');
      assert.notEqual(fitWidth('Sample pools · name: "pool-2f1734d5-ac8e…', MESSAGE_MAX_WIDTH_PX), 'Sample pools · name: "pool-2f1734d5-ac8e…');
      // Wide scripts count as wide: 19 ideographs and the ellipsis are 260 px.
      assert.equal(fitWidth('资'.repeat(30), MESSAGE_MAX_WIDTH_PX), `${'资'.repeat(19)}…`);
    });

    it('never cuts a surrogate pair in two', () => {
      const cut = fitWidth('𝔸'.repeat(50), 100);
      assert.ok(cut.endsWith('…'));
      assert.equal(Array.from(cut.slice(0, -1)).every((c) => c === '𝔸'), true);
      assert.equal(fitWidth('short', 100), 'short');
    });
  });
});
