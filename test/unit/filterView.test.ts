import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import type { FilterOutcome } from '../../src/pools/filterView';
import {
  SHOW_EVERY_POOL,
  filterPools,
  localTerms,
  phaseChoices,
  pickServerStatus,
  poolCount,
  sameVisibility,
  serverQuery,
  serverTermsChanged,
  statusArgument,
  visibilityOf,
} from '../../src/pools/filterView';

function pool(name: string, phase: string | undefined, extra: { parent?: string; labels?: Record<string, string> } = {}): Pool {
  return { metadata: { name, labels: extra.labels }, status: { phase, parent: extra.parent } };
}

function sorted(set: ReadonlySet<string> | undefined): string[] {
  return [...(set ?? [])].sort();
}

// phys (Running)
//   ├─ log-a (Running, team=a)
//   │    └─ sub-a (Error, team=a)
//   └─ log-b (Abnormal, team=b)
// lone (Creating)
const pools: Pool[] = [
  pool('phys', 'Running'),
  pool('log-a', 'Running', { parent: 'phys', labels: { team: 'a' } }),
  pool('sub-a', 'Error', { parent: 'log-a', labels: { team: 'a', 'os.modelarts/name': 'Sub A' } }),
  pool('log-b', 'Abnormal', { parent: 'phys', labels: { team: 'b' } }),
  pool('lone', 'Creating'),
];

describe('filter view', () => {
  describe('localTerms', () => {
    const filter = { phases: ['Error'], labelSelector: 'team=a', name: 'sub', statusParam: 'failed', parent: 'log-a' } as const;

    it('keeps only phases and name on live sources: the server applies the rest', () => {
      assert.deepEqual(localTerms(filter, true), { phases: ['Error'], name: 'sub' });
    });

    it('keeps every term but the API status on sample and file sources', () => {
      assert.deepEqual(localTerms(filter, false), { phases: ['Error'], labelSelector: 'team=a', name: 'sub', parent: 'log-a' });
    });
  });

  describe('filterPools', () => {
    it('shows every pool, with no outcome sets, when nothing is filtered', () => {
      const o = filterPools(pools, {}, false);
      assert.equal(o.active, false);
      assert.equal(o.matched, undefined);
      assert.equal(o.shownCount, 5);
      assert.equal(o.hidesEverything, false);
      assert.equal(visibilityOf(o), SHOW_EVERY_POOL);
    });

    it('keeps the ancestors of matching pools as context', () => {
      const o = filterPools(pools, { phases: ['Error'] }, false);
      assert.deepEqual(sorted(o.matched), ['sub-a']);
      assert.deepEqual(sorted(o.context), ['log-a', 'phys']);
      const v = visibilityOf(o);
      assert.ok(v.isShown('sub-a') && v.isShown('log-a') && v.isShown('phys'));
      assert.ok(!v.isShown('log-b') && !v.isShown('lone'));
      assert.ok(v.isContextOnly('phys') && !v.isContextOnly('sub-a'));
    });

    it('says when the filter hides every pool, but not for an empty load', () => {
      const o = filterPools(pools, { phases: ['ScalingFailed'] }, false);
      assert.equal(o.hidesEverything, true);
      assert.equal(o.shownCount, 0);
      assert.equal(o.total, 5);
      assert.equal(filterPools([], { phases: ['ScalingFailed'] }, false).hidesEverything, false);
    });

    it('applies the API status locally on sample and file sources, as the server maps it', () => {
      // failed = CreationFailed, Error
      assert.deepEqual(sorted(filterPools(pools, { statusParam: 'failed' }, false).matched), ['sub-a']);
      // created = Running, Abnormal, ScalingFailed, Deleting; intersected with the phases chosen
      assert.deepEqual(sorted(filterPools(pools, { statusParam: 'created', phases: ['Abnormal', 'Error'] }, false).matched), ['log-b']);
      const none = filterPools(pools, { statusParam: 'creating', phases: ['Error'] }, false);
      assert.equal(none.hidesEverything, true);
      assert.deepEqual(sorted(none.matched), []);
    });

    it('does not apply server terms again on live sources (the server answered them)', () => {
      // The server was asked for team=b; its answer is shown as is, only phases and name are local.
      const o = filterPools(pools, { labelSelector: 'team=b', statusParam: 'failed', parent: 'nope' }, true);
      assert.equal(o.active, true);
      assert.equal(o.matched, undefined);
      assert.equal(o.shownCount, 5);
      const named = filterPools(pools, { labelSelector: 'team=b', name: 'SUB' }, true);
      assert.deepEqual(sorted(named.matched), ['sub-a']);
    });

    it('reports an invalid selector instead of showing everything', () => {
      const o = filterPools(pools, { labelSelector: 'team in (a' }, false);
      assert.match(o.error ?? '', /^Invalid label selector: Unclosed "\(" opened at column 9$/);
      assert.equal(o.shownCount, 0);
    });
  });

  describe('sameVisibility', () => {
    it('compares the shown and context rows', () => {
      const a = filterPools(pools, { phases: ['Error'] }, false);
      const b = filterPools(pools.map((p) => ({ ...p })), { phases: ['Error'] }, false);
      assert.ok(sameVisibility(a, b));
      assert.ok(sameVisibility(undefined, filterPools(pools, {}, false)));
      assert.ok(!sameVisibility(a, filterPools(pools, { phases: ['Abnormal'] }, false)));
      assert.ok(!sameVisibility(a, undefined));
      const moreContext: FilterOutcome = { ...a, context: new Set([...a.context, 'lone']) };
      assert.ok(!sameVisibility(a, moreContext));
    });
  });

  describe('server terms', () => {
    it('are the selector in canonical text, the API status and the parent', () => {
      assert.deepEqual(serverQuery({ phases: ['Error'], name: 'x', labelSelector: ' team == a ', statusParam: 'failed', parent: 'p' }), {
        labelSelector: 'team=a',
        status: 'failed',
        parent: 'p',
      });
      assert.deepEqual(serverQuery({ phases: ['Error'], name: 'x' }), {});
    });

    it('change only when what the server is asked changes', () => {
      assert.equal(serverTermsChanged({}, { phases: ['Error'] }), false);
      assert.equal(serverTermsChanged({}, { name: 'gpu' }), false);
      assert.equal(serverTermsChanged({ labelSelector: 'a=b' }, { labelSelector: 'a == b' }), false);
      assert.equal(serverTermsChanged({}, { labelSelector: 'a=b' }), true);
      assert.equal(serverTermsChanged({ statusParam: 'failed' }, {}), true);
      assert.equal(serverTermsChanged({}, { parent: 'p' }), true);
    });
  });

  describe('status choices', () => {
    it('lists the eight phases and "unknown" with counts, the current ones picked', () => {
      const choices = phaseChoices([...pools, pool('odd', 'Exploding')], { phases: ['Error', 'unknown'] });
      assert.deepEqual(
        choices.map((c) => `${c.phase}:${c.count}${c.picked ? '*' : ''}`),
        ['Creating:1', 'Running:2', 'Abnormal:1', 'Deleting:0', 'Error:1*', 'CreationFailed:0', 'ScalingFailed:0', 'Waiting:0', 'unknown:1*'],
      );
    });

    it('keeps one server status: the one just picked', () => {
      assert.equal(pickServerStatus([], ['failed']), 'failed');
      assert.equal(pickServerStatus(['failed'], ['failed', 'created']), 'created');
      assert.equal(pickServerStatus(['failed'], ['failed']), 'failed');
      assert.equal(pickServerStatus(['failed'], []), undefined);
    });

    it('reads a status filter given as a command argument', () => {
      assert.deepEqual(statusArgument(['Error', 'unknown']), { phases: ['Error', 'unknown'] });
      assert.deepEqual(statusArgument({ statusParam: 'failed' }), { phases: [], statusParam: 'failed' });
      assert.deepEqual(statusArgument({ phases: ['Bogus'] }), {
        error: 'Unknown phase "Bogus": use Creating, Running, Abnormal, Deleting, Error, CreationFailed, ScalingFailed, Waiting, unknown.',
      });
      assert.deepEqual(statusArgument({ statusParam: 'broken' }), { error: 'Unknown status "broken": use created, failed, creating.' });
      assert.equal(statusArgument(undefined), undefined);
      assert.equal(statusArgument({ poolName: 'x' }), undefined, 'a tree node is not a filter');
    });
  });

  it('counts pools in words', () => {
    assert.equal(poolCount(1), '1 pool');
    assert.equal(poolCount(0), '0 pools');
    assert.equal(poolCount(12), '12 pools');
  });
});
