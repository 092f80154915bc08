import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePoolList, parsePoolListText } from '../../src/modelarts/parse';
import type { ParsedPools } from '../../src/modelarts/parse';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../../../test/fixtures', name), 'utf8');

function ok(result: ReturnType<typeof parsePoolList>): ParsedPools {
  if (!result.ok) assert.fail(`expected success, got: ${result.error}`);
  return result;
}

describe('parsePoolList', () => {
  it('parses the example response of the API contract', () => {
    const r = ok(parsePoolListText(fixture('seed-example.json'), 'seed example'));
    assert.equal(r.kind, 'PoolList');
    assert.equal(r.apiVersion, 'v2');
    assert.equal(r.pools.length, 1);
    const p = r.pools[0];
    assert.equal(p.metadata.name, 'auto-pool-os-86c13962597848eeb29c5861153a391f');
    assert.equal(p.metadata.labels?.['os.modelarts/name'], 'auto-pool-os');
    assert.deepEqual(p.spec?.scope, ['Train', 'Infer']);
    assert.equal(p.status?.resources?.available?.[0].azs?.[0].az, 'az-7c');
    assert.deepEqual(r.problems, []);
  });

  it('uses valid items as they are and keeps each raw item by name', () => {
    const body = JSON.parse(fixture('seed-example.json'));
    const r = ok(parsePoolList(body, 'x'));
    assert.equal(r.pools[0], body.items[0], 'a valid pool is not copied');
    assert.equal(r.raw.get(r.pools[0].metadata.name), body.items[0]);
  });

  it('parses every bundled sample pool without a problem', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../src/samples/pools.json'), 'utf8');
    const r = ok(parsePoolListText(text, 'samples'));
    assert.ok(r.pools.length >= 15 && r.pools.length <= 30, `${r.pools.length} sample pools`);
    assert.deepEqual(r.problems, []);
  });

  it('accepts a bare array of pools', () => {
    const r = ok(parsePoolList([{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }], 'x'));
    assert.deepEqual(r.pools.map((p) => p.metadata.name), ['a', 'b']);
    assert.equal(r.kind, undefined);
  });

  it('reports items that are not objects or have no metadata.name, by index, and skips only them', () => {
    const r = ok(parsePoolListText(fixture('bad-items.json'), 'bad'));
    assert.deepEqual(r.pools.map((p) => p.metadata.name), ['good-1', 'good-2', 'good-3']);
    const skipped = r.problems.filter((p) => p.severity === 'skipped').map((p) => [p.index, p.message]);
    assert.deepEqual(skipped, [
      [1, 'item 1 is a string, not a pool object; skipped'],
      [2, 'item 2 is null, not a pool object; skipped'],
      [3, 'item 3 has no metadata; skipped'],
      [4, 'item 4 has no metadata.name; skipped'],
      [5, 'item 5 has an invalid metadata.name (a number); skipped'],
      [6, 'item 6 has an invalid metadata.name (a string, empty); skipped'],
      [7, 'item 7 is an array, not a pool object; skipped'],
      [9, 'item 9 has metadata of the wrong type (a string); skipped'],
      [11, 'item 11 repeats the pool name "good-1" of an earlier item; skipped'],
    ]);
  });

  it('drops wrong-typed optional fields with a warning and keeps the rest', () => {
    const raw = {
      metadata: { name: 'p', creationTimestamp: 12, labels: { 'os.modelarts/name': 'Pretty', bad: 3 } },
      spec: {
        type: 'Dedicate',
        scope: ['Train', 7],
        resources: [{ flavor: 'f', count: '2', azs: 'az-1' }, 'nope', { flavor: 'g', count: 1 }],
        network: 'net',
      },
      status: { phase: 5, parent: null, root: 'p', resources: { available: { flavor: 'f' } } },
    };
    const snapshot = JSON.stringify(raw);
    const r = ok(parsePoolList({ items: [raw] }, 'x'));
    const p = r.pools[0];
    assert.equal(p.metadata.creationTimestamp, undefined);
    assert.deepEqual(p.metadata.labels, { 'os.modelarts/name': 'Pretty' });
    assert.deepEqual(p.spec?.scope, ['Train']);
    assert.deepEqual(p.spec?.resources, [{ flavor: 'f' }, { flavor: 'g', count: 1 }]);
    assert.equal(p.spec?.network, undefined);
    assert.equal(p.spec?.type, 'Dedicate');
    assert.equal(p.status?.phase, undefined);
    assert.equal(p.status?.root, 'p');
    assert.equal(p.status?.resources?.available, undefined);
    assert.deepEqual(
      r.problems.map((x) => `${x.path}: ${x.message}`),
      [
        'items[0].metadata.creationTimestamp: expected a string, got a number',
        'items[0].metadata.labels["bad"]: expected a string, got a number',
        'items[0].spec.scope[1]: expected a string, got a number',
        'items[0].spec.resources[0].count: expected a number, got a string',
        'items[0].spec.resources[0].azs: expected an array, got a string',
        'items[0].spec.resources[1]: expected an object, got a string',
        'items[0].spec.network: expected an object, got a string',
        'items[0].status.phase: expected a string, got a number',
        'items[0].status.resources.available: expected an array, got an object',
      ],
    );
    assert.ok(r.problems.every((x) => x.severity === 'dropped' && x.index === 0));
    assert.equal(JSON.stringify(raw), snapshot, 'the raw item is never modified');
    assert.equal(r.raw.get('p'), raw);
  });

  it('keeps unknown phases and unknown fields', () => {
    const r = ok(parsePoolList({ items: [{ metadata: { name: 'p', extra: 1 }, status: { phase: 'Hibernating' }, more: true }] }, 'x'));
    assert.equal(r.pools[0].status?.phase, 'Hibernating');
    assert.equal((r.pools[0] as unknown as { more: boolean }).more, true);
  });

  it('gives one clear error naming the source for a body that is not JSON', () => {
    const r = parsePoolListText('<html><body>502 Bad Gateway</body></html>', 'The file pools.json');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /^The file pools\.json is not valid JSON \(it looks like HTML or XML\): /);
    const truncated = parsePoolListText('{"items": [{"metadata": {"name": "a"', 'The file t.json');
    assert.match(!truncated.ok ? truncated.error : '', /^The file t\.json is not valid JSON: /);
    const empty = parsePoolListText('  \n', 'The file e.json');
    assert.deepEqual(empty, { ok: false, error: 'The file e.json is empty: expected a ListPools JSON response.' });
  });

  it('gives one clear error for JSON that is not a ListPools shape', () => {
    assert.deepEqual(parsePoolList({ error_code: 'ModelArts.0101', error_msg: 'x' }, 'S'), {
      ok: false,
      error: 'S is not a ListPools response: expected an object with "items" (or an array of pools), found keys "error_code", "error_msg".',
    });
    assert.deepEqual(parsePoolList({ items: {} }, 'S'), {
      ok: false,
      error: 'S is not a ListPools response: "items" is an object, expected an array of pools.',
    });
    assert.deepEqual(parsePoolList(42, 'S'), {
      ok: false,
      error: 'S is not a ListPools response: the JSON is a number, expected an object with "items" or an array of pools.',
    });
    assert.deepEqual(parsePoolList({}, 'S'), {
      ok: false,
      error: 'S is not a ListPools response: expected an object with "items" (or an array of pools), found an empty object.',
    });
  });
});
