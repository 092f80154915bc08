import * as assert from 'node:assert/strict';
import { parseNodeList, type ParsedNodePage } from '../../src/modelarts/parseNodes';
import { MAX_NODE_PAGE_SIZE, nodeContinueToken, pageSampleNodes } from '../../src/pools/samplePaging';

const nodes = (n: number): Array<{ metadata: { name: string } }> => Array.from({ length: n }, (_, i) => ({ metadata: { name: `node-${i}` } }));

function page(all: readonly unknown[], pool: string, limit: number, token?: string): ParsedNodePage {
  const r = pageSampleNodes(all, pool, limit, token);
  if ('error' in r) assert.fail(r.error);
  const parsed = parseNodeList(r.body, 'sample');
  if (!parsed.ok) assert.fail(parsed.error);
  assert.deepEqual(parsed.problems, []);
  return parsed;
}

function error(all: readonly unknown[], pool: string, limit: number, token?: string): string {
  const r = pageSampleNodes(all, pool, limit, token);
  if (!('error' in r)) assert.fail(`expected an error, got ${JSON.stringify(r.body).slice(0, 100)}`);
  return r.error;
}

describe('sample node paging', () => {
  it('pages through every node with opaque tokens and the remaining count', () => {
    const all = nodes(250);
    const seen: string[] = [];
    const remaining: Array<number | undefined> = [];
    const tokens: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = page(all, 'pool-a', 100, token);
      seen.push(...p.nodes.map((n) => n.metadata.name));
      remaining.push(p.remainingItemCount);
      if (!p.continueToken) break;
      tokens.push(p.continueToken);
      token = p.continueToken;
    }
    assert.deepEqual(seen, all.map((n) => n.metadata.name));
    assert.deepEqual(remaining, [150, 50, undefined]);
    assert.equal(tokens.length, 2);
    for (const t of tokens) {
      assert.match(t, /^[A-Za-z0-9_-]+$/);
      assert.doesNotMatch(t, /100|200/, 'the offset does not show');
    }
    assert.notEqual(tokens[0], tokens[1]);
  });

  it('answers a NodeList with an empty metadata on the last page, as the reference example', () => {
    const r = pageSampleNodes(nodes(3), 'p', 500, undefined);
    assert.ok('body' in r);
    assert.deepEqual(Object.keys(r.body as object), ['kind', 'apiVersion', 'metadata', 'items']);
    assert.equal((r.body as { kind: string }).kind, 'NodeList');
    assert.deepEqual((r.body as { metadata: unknown }).metadata, {});
    const exact = page(nodes(4), 'p', 2);
    assert.equal(exact.remainingItemCount, 2);
    const last = page(nodes(4), 'p', 2, exact.continueToken);
    assert.deepEqual(last.nodes.map((n) => n.metadata.name), ['node-2', 'node-3']);
    assert.equal(last.continueToken, undefined, 'no token when nothing remains');
    assert.deepEqual(page([], 'p', 1).nodes, []);
    assert.equal(page([], 'p', 1, '').continueToken, undefined, 'an empty token is the first page');
  });

  it('takes the limits 1 and 500 and refuses others clearly', () => {
    assert.equal(page(nodes(3), 'p', 1).nodes.length, 1);
    assert.equal(page(nodes(600), 'p', MAX_NODE_PAGE_SIZE).nodes.length, 500);
    for (const limit of [0, -1, 501, 1.5, Number.NaN, Infinity]) {
      assert.equal(error(nodes(3), 'p', limit), `The page size ${String(limit)} is not valid: use a whole number from 1 to 500.`);
    }
  });

  it('refuses a token it did not hand out for this pool, saying what to do', () => {
    const all = nodes(10);
    const good = page(all, 'pool-a', 3).continueToken ?? '';
    const bad = [
      'garbage',
      'b2Zmc2V0PTM',
      good + 'A',
      good.slice(0, -1),
      '../../etc',
      'x'.repeat(65),
      nodeContinueToken('pool-a', 11),
      Buffer.from('o0.p' + '0'.repeat(8)).toString('base64url'),
      '\u0000<b>',
    ];
    for (const token of bad) {
      assert.match(error(all, 'pool-a', 3, token), /^The continue token ".*" was not handed out for the nodes of pool-a; load them again from the first page\.$/, token);
    }
    assert.equal(
      error(all, 'pool-b', 3, good),
      `The continue token "${good}" was not handed out for the nodes of pool-b; load them again from the first page.`,
      'a token of another pool',
    );
    assert.match(error(all, 'pool-a', 3, 'x'.repeat(5000)), /"x{39}…"/, 'a long token is shown cut');
    assert.equal(page(all, 'pool-a', 3, nodeContinueToken('pool-a', 10)).nodes.length, 0, 'the end of a list that shrank is an empty last page');
  });

  it('gives the same token for the same place, so a repeated page can be noticed', () => {
    assert.equal(nodeContinueToken('p', 100), nodeContinueToken('p', 100));
    assert.notEqual(nodeContinueToken('p', 100), nodeContinueToken('q', 100));
  });

  it('hands out copies: changing a page leaves the samples alone', () => {
    const all = [{ metadata: { name: 'a', labels: { k: 'v' } } }];
    const r = pageSampleNodes(all, 'p', 10, undefined);
    assert.ok('body' in r);
    const item = (r.body as { items: Array<{ metadata: { labels: Record<string, string> } }> }).items[0];
    item.metadata.labels.k = 'changed';
    assert.equal(all[0].metadata.labels.k, 'v');
  });
});
