import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import { labelInput, labelStats, lastRequirementStart, markOffset } from '../../src/pools/labelSuggest';
import { MAX_LABEL_SELECTOR_LENGTH, matchesSelector, parseSelector } from '../../src/pools/selector';
import samples from '../../src/samples/pools.json';

function pool(name: string, labels: Record<string, unknown> | undefined): Pool {
  return { metadata: { name, labels: labels as Pool['metadata']['labels'] } };
}

const pools: Pool[] = [
  pool('p1', { 'os.modelarts/sharing': 'shared', team: 'a', 'os.modelarts/name': 'GPU one' }),
  pool('p2', { 'os.modelarts/sharing': 'shared', team: 'b' }),
  pool('p3', { 'os.modelarts/sharing': 'unshared', team: 'a' }),
  pool('p4', { 'bad key!': 'x', weird: 'a,b', spaced: ' x ', notText: 5 }),
  pool('p5', undefined),
];

describe('label suggestions', () => {
  describe('labelStats', () => {
    it('counts keys and values, most common first, leaving out what a selector cannot express', () => {
      const stats = labelStats(pools);
      assert.deepEqual(
        stats.map((k) => [k.key, k.pools, k.values.map((v) => `${v.value}:${v.pools}`)]),
        [
          ['os.modelarts/sharing', 3, ['shared:2', 'unshared:1']],
          ['team', 3, ['a:2', 'b:1']],
          ['os.modelarts/name', 1, ['GPU one:1']],
          ['spaced', 1, []],
          ['weird', 1, []],
        ],
      );
    });

    it('reads the sample pools', () => {
      const stats = labelStats((samples as { items: Pool[] }).items);
      const sharing = stats.find((k) => k.key === 'os.modelarts/sharing');
      assert.deepEqual(sharing?.values, [
        { value: 'shared', pools: 16 },
        { value: 'unshared', pools: 12 },
      ]);
    });
  });

  describe('lastRequirementStart', () => {
    it('finds the requirement being typed, ignoring commas inside a set', () => {
      assert.equal(lastRequirementStart('a=b'), 0);
      assert.equal(lastRequirementStart('a=b,c'), 4);
      assert.equal(lastRequirementStart('a in (x,y'), 0);
      assert.equal(lastRequirementStart('a in (x,y), b'), 11);
    });
  });

  describe('labelInput', () => {
    it('offers key=value pairs from the data for an empty input, with how many pools each matches', () => {
      const state = labelInput(pools, '');
      assert.equal(state.ok, true);
      assert.equal(state.matches, 5);
      assert.deepEqual(
        state.suggestions.map((s) => `${s.selector} (${s.matches})`),
        ['os.modelarts/sharing=shared (2)', 'team=a (2)', 'os.modelarts/sharing=unshared (1)', 'team=b (1)', 'os.modelarts/name=GPU one (1)'],
      );
    });

    it('narrows to keys or values containing what is typed, in any case', () => {
      assert.deepEqual(
        labelInput(pools, 'SHAR').suggestions.map((s) => s.selector),
        ['os.modelarts/sharing=shared', 'os.modelarts/sharing=unshared'],
      );
      assert.deepEqual(labelInput(pools, 'gpu').suggestions.map((s) => s.selector), ['os.modelarts/name=GPU one']);
    });

    it('completes the value of an operator being typed', () => {
      assert.deepEqual(labelInput(pools, 'team!=').suggestions.map((s) => s.selector), ['team!=a', 'team!=b']);
      assert.deepEqual(labelInput(pools, 'os.modelarts/sharing==un').suggestions.map((s) => s.selector), ['os.modelarts/sharing==unshared']);
      assert.deepEqual(labelInput(pools, '!te').suggestions.map((s) => s.selector), ['!team']);
    });

    it('completes the last requirement and counts the whole selector', () => {
      const state = labelInput(pools, 'team=a, os.modelarts/sharing=');
      assert.equal(state.ok, true);
      assert.equal(state.matches, 0, 'an empty value matches no pool here');
      assert.deepEqual(
        state.suggestions.map((s) => `${s.selector} (${s.matches})`),
        ['team=a, os.modelarts/sharing=shared (1)', 'team=a, os.modelarts/sharing=unshared (1)'],
      );
    });

    it('answers invalid text with the parser message and where, and suggests nothing on a broken prefix', () => {
      const state = labelInput(pools, 'team in (a, b');
      assert.equal(state.ok, false);
      assert.deepEqual(state.error, { message: 'Unclosed "(" opened at column 9', offset: 8 });
      assert.equal(state.matches, undefined);
      const broken = labelInput(pools, 'te$m=a, te');
      assert.equal(broken.ok, false);
      assert.deepEqual(broken.error, { message: 'Invalid character "$" in label key at column 3', offset: 2 });
      assert.deepEqual(broken.suggestions, []);
    });

    it('offers nothing for a set being typed and never more than the limit', () => {
      assert.deepEqual(labelInput(pools, 'team in (').suggestions, []);
      assert.equal(labelInput(pools, '', 2).suggestions.length, 2);
    });

    it('counts each suggestion exactly as the evaluator does', () => {
      const all = [...(samples as { items: Pool[] }).items, ...pools];
      const inputs = ['', 'os', 'shared', 'os.modelarts/sharing=shared, ', 'os.modelarts/sharing!=', 'os.modelarts.pool/biz==', '!os', 'team=a, !', 'team!=b,os.modelarts/sharing='];
      let checked = 0;
      for (const text of inputs) {
        for (const s of labelInput(all, text, 100).suggestions) {
          const parsed = parseSelector(s.selector);
          assert.ok(parsed.ok, s.selector);
          const expected = all.filter((p) => matchesSelector(parsed.selector, p.metadata.labels)).length;
          assert.equal(s.matches, expected, s.selector);
          checked++;
        }
      }
      assert.ok(checked > 50, `${checked} suggestions checked`);
    });

    it('does not suggest the text already typed', () => {
      assert.ok(!labelInput(pools, 'team=a').suggestions.some((s) => s.selector === 'team=a'));
    });
  });

  it('marks where the parser stopped', () => {
    assert.equal(markOffset('a in (b', 5), 'a in ▸(b');
    assert.equal(markOffset('abc', 99), 'abc▸');
  });
});

describe('label input: untrusted text', () => {
  it('gives the parser\'s "too long" error and no suggestions for text over the limit', () => {
    const pools = Array.from({ length: 50 }, (_, i) => pool(`p${i}`, { team: `t${i}`, [`key${i}`]: 'v' }));
    for (const text of ['t'.repeat(MAX_LABEL_SELECTOR_LENGTH + 1), 'team=' + 'x'.repeat(1_000_000), '!' + 'k'.repeat(500_000)]) {
      const state = labelInput(pools, text);
      assert.equal(state.ok, false);
      assert.match(state.error?.message ?? '', /^The label selector is too long: \d+ characters, at most 2048 are accepted/);
      assert.deepEqual(state.suggestions, []);
    }
    // At the limit, suggestions still come.
    assert.ok(labelInput(pools, 'TEAM').suggestions.length > 0);
  });
});
