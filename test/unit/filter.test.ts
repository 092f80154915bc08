import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import {
  FILTER_PHASES,
  MAX_LABEL_SELECTOR_LENGTH as MAX_LABEL_SELECTOR_LENGTH_FROM_FILTER,
  MAX_NAME_FILTER_LENGTH,
  applyFilter,
  countByPhase,
  describeFilter,
  isFilterActive,
  nameFilterProblem,
  normalizeFilter,
  phaseKey,
  toListPoolsQuery,
} from '../../src/pools/filter';

function pool(name: string, phase: string | undefined, extra: { parent?: string; root?: string; labels?: Record<string, string> } = {}): Pool {
  return {
    metadata: { name, labels: extra.labels },
    status: { phase, parent: extra.parent, root: extra.root },
  };
}

function sorted(set: Set<string>): string[] {
  return [...set].sort();
}

describe('pool filter', () => {
  // physical (Running)
  //   ├─ logical-a (Running)
  //   │    └─ sub-a1 (Error)
  //   │         └─ sub-a1x (Running)
  //   └─ logical-b (Abnormal)
  // lone (weird phase)   orphan (parent missing, CreationFailed)
  const pools: Pool[] = [
    pool('physical', 'Running', { labels: { 'os.modelarts/name': 'GPU Physical', 'os.modelarts/sharing': 'shared' } }),
    pool('logical-a', 'Running', { parent: 'physical', root: 'physical', labels: { 'os.modelarts/name': 'team-a' } }),
    pool('sub-a1', 'Error', { parent: 'logical-a', root: 'physical', labels: { 'os.modelarts/name': 'A1 training' } }),
    pool('sub-a1x', 'Running', { parent: 'sub-a1', root: 'physical' }),
    pool('logical-b', 'Abnormal', { parent: 'physical', root: 'physical', labels: { 'os.modelarts/sharing': 'private' } }),
    pool('lone', 'Exploding'),
    pool('orphan', 'CreationFailed', { parent: 'gone', root: 'gone-too' }),
    pool('blank', undefined),
  ];

  describe('phaseKey and countByPhase', () => {
    it('maps missing and undocumented phases to "unknown"', () => {
      assert.equal(phaseKey(pools[0]), 'Running');
      assert.equal(phaseKey(pools[5]), 'unknown');
      assert.equal(phaseKey(pools[7]), 'unknown');
      assert.equal(phaseKey({ metadata: { name: 'x' }, status: { phase: '' } }), 'unknown');
      assert.equal(phaseKey({ metadata: { name: 'x' } }), 'unknown');
    });

    it('counts every phase, zeros included, in display order', () => {
      const counts = countByPhase(pools);
      assert.deepEqual([...counts.keys()], [...FILTER_PHASES]);
      assert.deepEqual(Object.fromEntries(counts), {
        Creating: 0,
        Running: 3,
        Abnormal: 1,
        Deleting: 0,
        Error: 1,
        CreationFailed: 1,
        ScalingFailed: 0,
        Waiting: 0,
        unknown: 2,
      });
    });
  });

  describe('applyFilter', () => {
    it('matches everything with an empty filter', () => {
      const result = applyFilter(pools, {});
      assert.equal(result.matched.size, pools.length);
      assert.equal(result.context.size, 0);
      assert.equal(result.error, undefined);
    });

    it('keeps ancestors of matched pools as context, at any depth', () => {
      const result = applyFilter(pools, { phases: ['Error'] });
      assert.deepEqual(sorted(result.matched), ['sub-a1']);
      assert.deepEqual(sorted(result.context), ['logical-a', 'physical']);
    });

    it('does not mark matched ancestors as context', () => {
      const result = applyFilter(pools, { phases: ['Error', 'Running'] });
      assert.deepEqual(sorted(result.matched), ['logical-a', 'physical', 'sub-a1', 'sub-a1x']);
      assert.deepEqual(sorted(result.context), []);
      const deep = applyFilter(pools, { phases: ['Running'] });
      assert.deepEqual(sorted(deep.matched), ['logical-a', 'physical', 'sub-a1x']);
      assert.deepEqual(sorted(deep.context), ['sub-a1']);
    });

    it('keeps a chain that ends at a missing parent', () => {
      const result = applyFilter(pools, { phases: ['CreationFailed', 'Abnormal'] });
      assert.deepEqual(sorted(result.matched), ['logical-b', 'orphan']);
      assert.deepEqual(sorted(result.context), ['physical']);
    });

    it('filters "unknown" for missing and undocumented phases', () => {
      const result = applyFilter(pools, { phases: ['unknown'] });
      assert.deepEqual(sorted(result.matched), ['blank', 'lone']);
      assert.deepEqual(sorted(result.context), []);
    });

    it('follows a root when no parent is given, like the tree', () => {
      const list = [pool('root', 'Running'), pool('child', 'Error', { root: 'root' })];
      const result = applyFilter(list, { phases: ['Error'] });
      assert.deepEqual(sorted(result.context), ['root']);
    });

    it('ends on cycles', () => {
      // a -> b -> c -> a, and d under c; self-parented e with child f.
      const list = [
        pool('a', 'Running', { parent: 'b' }),
        pool('b', 'Running', { parent: 'c' }),
        pool('c', 'Running', { parent: 'a' }),
        pool('d', 'Error', { parent: 'c' }),
        pool('e', 'Running', { parent: 'e' }),
        pool('f', 'Error', { parent: 'e' }),
        pool('g', 'Error', { parent: 'g' }),
      ];
      const result = applyFilter(list, { phases: ['Error'] });
      assert.deepEqual(sorted(result.matched), ['d', 'f', 'g']);
      assert.deepEqual(sorted(result.context), ['a', 'b', 'c', 'e']);
      const inCycle = applyFilter(list, { name: 'b' });
      assert.deepEqual(sorted(inCycle.matched), ['b']);
      assert.deepEqual(sorted(inCycle.context), ['a', 'c']);
    });

    it('uses each load\'s own parents', () => {
      const first = [pool('p', 'Running'), pool('q', 'Running'), pool('c', 'Error', { parent: 'p' })];
      assert.deepEqual(sorted(applyFilter(first, { phases: ['Error'] }).context), ['p']);
      const second = [pool('p', 'Running'), pool('q', 'Running'), pool('c', 'Error', { parent: 'q' })];
      assert.deepEqual(sorted(applyFilter(second, { phases: ['Error'] }).context), ['q']);
      assert.deepEqual(sorted(applyFilter(first, { phases: ['Error'] }).context), ['p']);
    });

    it('filters by label selector with Kubernetes semantics', () => {
      const shared = applyFilter(pools, { labelSelector: 'os.modelarts/sharing=shared' });
      assert.deepEqual(sorted(shared.matched), ['physical']);
      const notShared = applyFilter(pools, { labelSelector: 'os.modelarts/sharing!=shared' });
      assert.deepEqual(sorted(notShared.matched), ['blank', 'logical-a', 'logical-b', 'lone', 'orphan', 'sub-a1', 'sub-a1x']);
      assert.deepEqual(sorted(notShared.context), ['physical']);
      const named = applyFilter(pools, { labelSelector: ' os.modelarts/name in (team-a, A1 training) ' });
      assert.deepEqual(sorted(named.matched), ['logical-a', 'sub-a1']);
      assert.deepEqual(sorted(named.context), ['physical']);
    });

    it('reports an invalid selector and matches nothing', () => {
      const result = applyFilter(pools, { labelSelector: 'a in (b', phases: ['Running'] });
      assert.equal(result.error, 'Invalid label selector: Unclosed "(" opened at column 6');
      assert.equal(result.matched.size, 0);
      assert.equal(result.context.size, 0);
    });

    it('filters by name: case-insensitive substring of display name or ID', () => {
      assert.deepEqual(sorted(applyFilter(pools, { name: 'gpu' }).matched), ['physical']);
      assert.deepEqual(sorted(applyFilter(pools, { name: 'PHYSICAL' }).matched), ['physical']);
      assert.deepEqual(sorted(applyFilter(pools, { name: ' training ' }).matched), ['sub-a1']);
      assert.deepEqual(sorted(applyFilter(pools, { name: 'sub-a1' }).matched), ['sub-a1', 'sub-a1x']);
      assert.deepEqual(sorted(applyFilter(pools, { name: 'TEAM' }).context), ['physical']);
      assert.deepEqual(sorted(applyFilter(pools, { name: '.*' }).matched), []);
      assert.equal(applyFilter(pools, { name: '   ' }).matched.size, pools.length);
    });

    it('shows only the direct children of a parent, keeping its ancestors', () => {
      const result = applyFilter(pools, { parent: 'physical' });
      assert.deepEqual(sorted(result.matched), ['logical-a', 'logical-b']);
      assert.deepEqual(sorted(result.context), ['physical']);
      const deeper = applyFilter(pools, { parent: 'sub-a1' });
      assert.deepEqual(sorted(deeper.matched), ['sub-a1x']);
      assert.deepEqual(sorted(deeper.context), ['logical-a', 'physical', 'sub-a1']);
    });

    it('requires every term', () => {
      const result = applyFilter(pools, { phases: ['Running', 'Abnormal'], labelSelector: 'os.modelarts/sharing', parent: 'physical' });
      assert.deepEqual(sorted(result.matched), ['logical-b']);
      assert.deepEqual(sorted(result.context), ['physical']);
    });

    it('ignores the server-only status parameter', () => {
      assert.equal(applyFilter(pools, { statusParam: 'failed' }).matched.size, pools.length);
    });

    it('treats an empty phase list as no status filter', () => {
      assert.equal(applyFilter(pools, { phases: [] }).matched.size, pools.length);
    });
  });

  describe('isFilterActive', () => {
    it('is false for empty or blank terms', () => {
      assert.equal(isFilterActive({}), false);
      assert.equal(isFilterActive({ phases: [], labelSelector: ' ', name: '', parent: '  ' }), false);
    });
    it('is true for any term', () => {
      assert.equal(isFilterActive({ phases: ['Error'] }), true);
      assert.equal(isFilterActive({ labelSelector: 'a' }), true);
      assert.equal(isFilterActive({ name: 'x' }), true);
      assert.equal(isFilterActive({ statusParam: 'created' }), true);
      assert.equal(isFilterActive({ parent: 'p' }), true);
    });
  });

  describe('describeFilter', () => {
    it('describes every active term', () => {
      assert.equal(
        describeFilter({ phases: ['Error', 'Abnormal'], labelSelector: 'os.modelarts/sharing == shared', name: ' gpu ' }),
        'status: Abnormal, Error · label: os.modelarts/sharing=shared · name: "gpu"',
      );
      assert.equal(
        describeFilter({ phases: ['unknown', 'Running', 'Running'], statusParam: 'failed', parent: 'pool-1' }, (n) => (n === 'pool-1' ? 'My Pool' : undefined)),
        'status: Running, unknown · server status: failed · children of: My Pool',
      );
      assert.equal(describeFilter({ parent: 'pool-1' }), 'children of: pool-1');
      assert.equal(describeFilter({ labelSelector: ' a in (b ' }), 'label: a in (b');
    });
    it('is empty when nothing is active', () => {
      assert.equal(describeFilter({}), '');
      assert.equal(describeFilter({ phases: [], name: ' ' }), '');
    });
  });

  describe('normalizeFilter', () => {
    it('keeps a well-formed filter', () => {
      const filter = { phases: ['Abnormal', 'unknown'], labelSelector: 'a=1', name: 'gpu', statusParam: 'failed', parent: 'p' };
      assert.deepEqual(normalizeFilter(filter), filter);
    });

    it('returns an empty filter for garbage', () => {
      for (const value of [undefined, null, 42, 'text', true, [], ['Error'], () => 1]) {
        assert.deepEqual(normalizeFilter(value), {}, String(value));
      }
    });

    it('drops terms of the wrong type or with unknown values', () => {
      assert.deepEqual(
        normalizeFilter({
          phases: ['Error', 3, null, 'Bogus', 'Error', 'Abnormal', 'running'],
          labelSelector: 'a in (',
          name: 7,
          statusParam: 'Failed',
          parent: ['p'],
          extra: 'ignored',
        }),
        { phases: ['Abnormal', 'Error'] },
      );
      assert.deepEqual(normalizeFilter({ phases: 'Error', labelSelector: 5, name: '  ', statusParam: null, parent: ' ' }), {});
      assert.deepEqual(normalizeFilter({ phases: [1, 2], labelSelector: '  a = 1 ', parent: ' p ' }), { labelSelector: 'a = 1', parent: 'p' });
    });

    it('ignores inherited properties', () => {
      const proto = { phases: ['Error'], name: 'x' };
      assert.deepEqual(normalizeFilter(Object.create(proto) as unknown), {});
    });
  });

  describe('toListPoolsQuery', () => {
    it('sends exactly the server-side terms', () => {
      assert.deepEqual(toListPoolsQuery({}), {});
      assert.deepEqual(toListPoolsQuery({ phases: ['Error'], name: 'x' }), {});
      assert.deepEqual(
        toListPoolsQuery({ phases: ['Error'], labelSelector: ' os.modelarts/name == my pool , x notin (a) ', statusParam: 'creating', parent: ' p ' }),
        { labelSelector: 'os.modelarts/name=my pool,x notin (a)', status: 'creating', parent: 'p' },
      );
      assert.deepEqual(toListPoolsQuery({ labelSelector: 'a in (' }), {});
    });
  });
});

describe('pool filter: untrusted filter text', () => {
  const pools: Pool[] = [
    pool('p-1', 'Running', { labels: { 'os.modelarts/name': 'Team (A) [gpu] $x.*' } }),
    pool('p-2', 'Running', { labels: { 'os.modelarts/name': 'back\\slash ^caret| ÄÖÜ' } }),
    pool('p-3', 'Error'),
  ];

  it('matches the name filter as plain text, never as a pattern', () => {
    const names = (name: string): string[] => sorted(applyFilter(pools, { name }).matched);
    assert.deepEqual(names('(a)'), ['p-1']);
    assert.deepEqual(names('[GPU]'), ['p-1']);
    assert.deepEqual(names('$X.*'), ['p-1']);
    assert.deepEqual(names('.*'), ['p-1']);
    assert.deepEqual(names('\\s'), ['p-2'], 'a backslash is a backslash');
    assert.deepEqual(names('^caret|'), ['p-2']);
    assert.deepEqual(names('äöü'), ['p-2'], 'any case, beyond ASCII too');
    assert.deepEqual(names('P-'), ['p-1', 'p-2', 'p-3']);
    assert.deepEqual(names('p-1|p-2'), []);
    assert.deepEqual(names('\uD800'), [], 'an unpaired surrogate matches nothing and throws nothing');
  });

  it('refuses a name filter over the limit with a clear message, never "Regular expression too large"', () => {
    assert.equal(MAX_NAME_FILTER_LENGTH, 256);
    assert.equal(nameFilterProblem('x'.repeat(256)), undefined);
    for (const name of ['x'.repeat(257), '('.repeat(60_000), 'a'.repeat(1_000_000)]) {
      const result = applyFilter(pools, { name });
      assert.equal(result.error, `The name filter is too long: ${name.length} characters, at most 256 are accepted.`);
      assert.equal(result.matched.size, 0);
    }
    assert.equal(nameFilterProblem('x'.repeat(300)), 'The name filter is too long: 300 characters, at most 256 are accepted.');
    assert.equal(MAX_LABEL_SELECTOR_LENGTH_FROM_FILTER, 2048);
    assert.match(applyFilter(pools, { labelSelector: 'k in (' + 'v,'.repeat(3000) + 'v)' }).error ?? '', /^Invalid label selector: The label selector is too long/);
  });

  it('drops saved terms over their limits, so a saved filter never breaks later loads', () => {
    assert.deepEqual(normalizeFilter({ name: 'x'.repeat(60_000), labelSelector: 'a=' + 'b'.repeat(5000), parent: 'p'.repeat(5000), phases: ['Error'] }), { phases: ['Error'] });
    assert.deepEqual(normalizeFilter({ name: 'x'.repeat(256), parent: 'p'.repeat(1024) }), { name: 'x'.repeat(256), parent: 'p'.repeat(1024) });
  });

  it('describes long terms shortened', () => {
    const values = Array.from({ length: 300 }, (_, i) => `value${i}`).join(',');
    const text = describeFilter({ labelSelector: `k in (${values})`, name: 'n'.repeat(256), parent: 'q'.repeat(500) });
    assert.ok(text.length < 450, `${text.length}`);
    assert.match(text, /^label: k in \(value0,value1,[^·]*… · name: "n+…" · children of: q+…$/);
  });
});
