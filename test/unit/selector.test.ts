import * as assert from 'node:assert/strict';
import { MAX_LABEL_SELECTOR_LENGTH, formatSelector, matchesSelector, parseSelector } from '../../src/pools/selector';
import type { LabelSelector } from '../../src/pools/selector';

function parse(text: string): LabelSelector {
  const result = parseSelector(text);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(text)} to parse, got: ${result.message}`);
  return result.selector;
}

function parseError(text: string): { message: string; offset: number } {
  const result = parseSelector(text);
  if (result.ok) assert.fail(`expected ${JSON.stringify(text)} to be rejected, got ${JSON.stringify(result.selector)}`);
  return { message: result.message, offset: result.offset };
}

function matches(text: string, labels: Record<string, string | undefined> | undefined): boolean {
  return matchesSelector(parse(text), labels);
}

describe('label selector', () => {
  describe('parseSelector: valid input', () => {
    it('parses every operator', () => {
      assert.deepEqual(parse('a=1'), [{ key: 'a', operator: 'equals', values: ['1'] }]);
      assert.deepEqual(parse('a==1'), [{ key: 'a', operator: 'equals', values: ['1'] }]);
      assert.deepEqual(parse('a!=1'), [{ key: 'a', operator: 'notEquals', values: ['1'] }]);
      assert.deepEqual(parse('a'), [{ key: 'a', operator: 'exists', values: [] }]);
      assert.deepEqual(parse('!a'), [{ key: 'a', operator: 'doesNotExist', values: [] }]);
      assert.deepEqual(parse('a in (x,y)'), [{ key: 'a', operator: 'in', values: ['x', 'y'] }]);
      assert.deepEqual(parse('a notin (x,y)'), [{ key: 'a', operator: 'notIn', values: ['x', 'y'] }]);
    });

    it('ANDs comma-separated requirements, in order', () => {
      assert.deepEqual(parse('os.modelarts/sharing=shared,!os.modelarts/create-from,os.modelarts.pool/biz in (a,b)'), [
        { key: 'os.modelarts/sharing', operator: 'equals', values: ['shared'] },
        { key: 'os.modelarts/create-from', operator: 'doesNotExist', values: [] },
        { key: 'os.modelarts.pool/biz', operator: 'in', values: ['a', 'b'] },
      ]);
    });

    it('tolerates whitespace around every token', () => {
      assert.deepEqual(parse('  a = 1 ,\tb != 2 , c , ! d , e  in  ( x , y ) , f notin(z)  '), [
        { key: 'a', operator: 'equals', values: ['1'] },
        { key: 'b', operator: 'notEquals', values: ['2'] },
        { key: 'c', operator: 'exists', values: [] },
        { key: 'd', operator: 'doesNotExist', values: [] },
        { key: 'e', operator: 'in', values: ['x', 'y'] },
        { key: 'f', operator: 'notIn', values: ['z'] },
      ]);
      assert.deepEqual(parse('a in(x)'), [{ key: 'a', operator: 'in', values: ['x'] }]);
    });

    it('treats an empty or blank selector as matching everything', () => {
      assert.deepEqual(parse(''), []);
      assert.deepEqual(parse('   \t '), []);
      assert.equal(matches('', undefined), true);
      assert.equal(matches(' ', { a: '1' }), true);
    });

    it('accepts values with spaces and non-ASCII characters, trimmed', () => {
      assert.deepEqual(parse('os.modelarts/name=my pool'), [{ key: 'os.modelarts/name', operator: 'equals', values: ['my pool'] }]);
      assert.deepEqual(parse('os.modelarts/name =  my  pool  , x'), [
        { key: 'os.modelarts/name', operator: 'equals', values: ['my  pool'] },
        { key: 'x', operator: 'exists', values: [] },
      ]);
      assert.deepEqual(parse('n in (my pool, 资源池 , a!b)'), [{ key: 'n', operator: 'in', values: ['my pool', '资源池', 'a!b'] }]);
    });

    it('accepts empty values like Kubernetes', () => {
      assert.deepEqual(parse('a='), [{ key: 'a', operator: 'equals', values: [''] }]);
      assert.deepEqual(parse('a!= ,b'), [
        { key: 'a', operator: 'notEquals', values: [''] },
        { key: 'b', operator: 'exists', values: [] },
      ]);
      assert.deepEqual(parse('a in ()'), [{ key: 'a', operator: 'in', values: [''] }]);
      assert.deepEqual(parse('a in (x,)'), [{ key: 'a', operator: 'in', values: ['x', ''] }]);
    });

    it('drops duplicate set values', () => {
      assert.deepEqual(parse('a in (x,y,x)'), [{ key: 'a', operator: 'in', values: ['x', 'y'] }]);
    });

    it('accepts keys that are also operator words', () => {
      assert.deepEqual(parse('in in (notin),notin=in'), [
        { key: 'in', operator: 'in', values: ['notin'] },
        { key: 'notin', operator: 'equals', values: ['in'] },
      ]);
    });
  });

  describe('parseSelector: invalid input', () => {
    const cases: [string, string, number][] = [
      ['=v', 'Expected a label key at column 1', 0],
      [',a', 'Expected a label key at column 1', 0],
      ['a=1,', 'Expected a label key at column 5', 4],
      ['a=1,,b', 'Expected a label key at column 5', 4],
      ['!', 'Expected a label key at column 2', 1],
      ['!=v', 'Expected a label key at column 2', 1],
      ['a@b=1', 'Invalid character "@" in label key at column 2', 1],
      ['ä=1', 'Invalid character "ä" in label key at column 1', 0],
      ['a/b/c=1', 'Label key has more than one "/" at column 4', 3],
      ['/b=1', 'Label key has an empty prefix before "/" at column 1', 0],
      ['os.modelarts/ =1', 'Label key has an empty name after "/" at column 14', 13],
      ['a!b', 'Expected "=" after "!" at column 3', 2],
      ['a b', 'Expected an operator (=, ==, !=, in, notin), "," or end of selector at column 3', 2],
      ['a IN (b)', 'Expected an operator (=, ==, !=, in, notin), "," or end of selector at column 3', 2],
      ['a (b)', 'Expected an operator (=, ==, !=, in, notin), "," or end of selector at column 3', 2],
      ['a in b', 'Expected "(" after "in" at column 6', 5],
      ['a notin', 'Expected "(" after "notin" at column 8', 7],
      ['env in  (a,b', 'Unclosed "(" opened at column 9', 8],
      ['a in (', 'Unclosed "(" opened at column 6', 5],
      ['a in (b=c)', 'Unexpected "=" in value at column 8', 7],
      ['a in (b (c))', 'Unexpected "(" in value at column 9', 8],
      ['a in (b) c', 'Expected "," or end of selector at column 10', 9],
      ['a in (x,y) , b notin (z) d', 'Expected "," or end of selector at column 26', 25],
      ['!a=1', 'Expected "," or end of selector at column 3', 2],
      ['! a b', 'Expected "," or end of selector at column 5', 4],
      ['a===1', 'Unexpected "=" in value at column 4', 3],
      ['a=(x,y)', 'Unexpected "(" in value at column 3', 2],
      ['a=x)', 'Unexpected ")" in value at column 4', 3],
      ['a=b=c', 'Unexpected "=" in value at column 4', 3],
    ];
    for (const [text, message, offset] of cases) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        assert.deepEqual(parseError(text), { message, offset });
      });
    }

    it('rejects non-text input without throwing', () => {
      assert.deepEqual(parseError(42 as unknown as string), { message: 'The label selector must be text', offset: 0 });
    });

    it('never throws on arbitrary input', () => {
      const alphabet = 'ab/.=!,() \tin notin资';
      let seed = 7;
      for (let n = 0; n < 2000; n++) {
        let text = '';
        const length = n % 17;
        for (let i = 0; i < length; i++) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          text += alphabet[seed % alphabet.length];
        }
        const result = parseSelector(text);
        if (result.ok) {
          // Valid selectors survive a round trip through their canonical text.
          assert.deepEqual(parse(formatSelector(result.selector)), result.selector, text);
        } else {
          assert.ok(result.offset >= 0 && result.offset <= text.length, text);
          assert.ok(result.message.endsWith(`at column ${result.offset + 1}`), result.message);
        }
      }
    });
  });

  describe('matchesSelector', () => {
    const labels = { 'os.modelarts/sharing': 'shared', 'os.modelarts/name': 'my pool', empty: '' };

    it('equals needs the key present with that value', () => {
      assert.equal(matches('os.modelarts/sharing=shared', labels), true);
      assert.equal(matches('os.modelarts/sharing==shared', labels), true);
      assert.equal(matches('os.modelarts/sharing=private', labels), false);
      assert.equal(matches('missing=shared', labels), false);
      assert.equal(matches('os.modelarts/name=my pool', labels), true);
      assert.equal(matches('empty=', labels), true);
      assert.equal(matches('missing=', labels), false);
    });

    it('!= matches a different value or an absent key', () => {
      assert.equal(matches('os.modelarts/sharing!=shared', labels), false);
      assert.equal(matches('os.modelarts/sharing!=private', labels), true);
      assert.equal(matches('missing!=shared', labels), true);
      assert.equal(matches('missing!=x', undefined), true);
    });

    it('in needs the key present with one of the values', () => {
      assert.equal(matches('os.modelarts/sharing in (private,shared)', labels), true);
      assert.equal(matches('os.modelarts/sharing in (private)', labels), false);
      assert.equal(matches('missing in (private,shared)', labels), false);
      assert.equal(matches('empty in ()', labels), true);
    });

    it('notin matches other values or an absent key', () => {
      assert.equal(matches('os.modelarts/sharing notin (private,shared)', labels), false);
      assert.equal(matches('os.modelarts/sharing notin (private)', labels), true);
      assert.equal(matches('missing notin (private)', labels), true);
    });

    it('exists and does-not-exist test presence only', () => {
      assert.equal(matches('os.modelarts/sharing', labels), true);
      assert.equal(matches('empty', labels), true);
      assert.equal(matches('missing', labels), false);
      assert.equal(matches('!missing', labels), true);
      assert.equal(matches('!empty', labels), false);
      assert.equal(matches('missing', undefined), false);
      assert.equal(matches('!missing', undefined), true);
    });

    it('a label whose value is undefined counts as absent', () => {
      assert.equal(matches('a', { a: undefined }), false);
      assert.equal(matches('a!=1', { a: undefined }), true);
    });

    it('ANDs every requirement', () => {
      assert.equal(matches('os.modelarts/sharing=shared,empty,!missing', labels), true);
      assert.equal(matches('os.modelarts/sharing=shared,empty,missing', labels), false);
    });

    it('is case-sensitive', () => {
      assert.equal(matches('os.modelarts/sharing=Shared', labels), false);
      assert.equal(matches('OS.modelarts/sharing=shared', labels), false);
    });

    it('ignores inherited properties and non-string values', () => {
      assert.equal(matches('constructor', {}), false);
      assert.equal(matches('toString', {}), false);
      assert.equal(matches('!__proto__', {}), true);
      assert.equal(matches('hasOwnProperty notin (x)', {}), true);
      const odd = JSON.parse('{"__proto__":"x","n":5}') as Record<string, string>;
      assert.equal(matches('__proto__=x', odd), true);
      assert.equal(matches('n', odd), false);
      assert.equal(matches('n!=5', odd), true);
    });

    it('treats non-object labels as none', () => {
      assert.equal(matchesSelector(parse('a'), null as unknown as undefined), false);
      assert.equal(matchesSelector(parse('!a'), 'a' as unknown as undefined), true);
    });
  });

  describe('formatSelector', () => {
    it('writes canonical text', () => {
      assert.equal(
        formatSelector(parse(' a == 1 , b!=2,c, ! d,e in ( x , y ),f notin(z) , n = my pool ')),
        'a=1,b!=2,c,!d,e in (x,y),f notin (z),n=my pool',
      );
      assert.equal(formatSelector(parse('')), '');
      assert.equal(formatSelector(parse('a=,b in ()')), 'a=,b in ()');
    });
  });
});

describe('label selector: untrusted text', () => {
  it('de-duplicates in/notin sets in first-seen order', () => {
    assert.deepEqual(parse('k in (b, a, b, c ,a, , ,b)')[0].values, ['b', 'a', 'c', '']);
    assert.deepEqual(parse('k notin (x,x,x)')[0].values, ['x']);
    // Across the size where a Set takes over from includes.
    const across = parse('k in (a,b,c,d,e,f,g,h,a,i,b,j,i,k)');
    assert.deepEqual(across[0].values, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
    for (const v of ['a', 'h', 'i', 'k']) assert.equal(matchesSelector(across, { k: v }), true, v);
    assert.equal(matchesSelector(across, { k: 'l' }), false);
  });

  it('matches large sets exactly (through a Set)', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${i}`);
    const text = `k in (${[...values, ...values].join(',')}), j notin (${values.join(',')})`;
    const selector = parseSelector(text, { maxLength: Infinity });
    assert.ok(selector.ok);
    if (!selector.ok) return;
    assert.equal(selector.selector[0].values.length, 20_000);
    assert.equal(matchesSelector(selector.selector, { k: 'v19999' }), true);
    assert.equal(matchesSelector(selector.selector, { k: 'v0', j: 'w' }), true);
    assert.equal(matchesSelector(selector.selector, { k: 'v0', j: 'v7' }), false);
    assert.equal(matchesSelector(selector.selector, { k: 'v20000' }), false);
    assert.equal(matchesSelector(selector.selector, { k: 'constructor' }), false);
    assert.equal(matchesSelector(selector.selector, {}), false);
    // Small sets behave the same.
    assert.equal(matches('k in (a,b)', { k: 'b' }), true);
    assert.equal(matches('k notin (a,b)', { k: 'b' }), false);
  });

  it('refuses text over the length limit at once, saying so', () => {
    assert.equal(MAX_LABEL_SELECTOR_LENGTH, 2048);
    const long = 'k in (' + 'v,'.repeat(2000) + 'v)';
    const error = parseError(long);
    assert.equal(error.message, `The label selector is too long: ${long.length} characters, at most 2048 are accepted (at column 2049)`);
    assert.equal(error.offset, 2048);
    assert.ok(parseSelector('k=' + 'v'.repeat(2046)).ok, 'exactly at the limit');
    assert.ok(!parseSelector('k=' + 'v'.repeat(2047)).ok);
    assert.ok(parseSelector(long, { maxLength: 10_000 }).ok);
  });

  it('refuses an unpaired surrogate in a value, where it is', () => {
    assert.deepEqual(parseError('a=\uD800'), { message: 'Invalid character (an unpaired UTF-16 surrogate) in value at column 3', offset: 2 });
    assert.deepEqual(parseError('a=x\uDC00y'), { message: 'Invalid character (an unpaired UTF-16 surrogate) in value at column 4', offset: 3 });
    assert.equal(parseError('a in (ok, \uDBFF)').offset, 10);
    assert.deepEqual(parse('a=\uD83D\uDE00, b in (\uD83D\uDE01)'), [
      { key: 'a', operator: 'equals', values: ['\uD83D\uDE00'] },
      { key: 'b', operator: 'in', values: ['\uD83D\uDE01'] },
    ]);
    assert.match(parseError('\uD800=1').message, /^Invalid character .* in label key at column 1$/);
  });
});
