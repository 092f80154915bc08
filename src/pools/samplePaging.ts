import * as l10n from '@vscode/l10n';
import { excerpt } from '../modelarts/errors';

/**
 * Pages a pool's node list the way ListPoolNodes does, for the bundled
 * samples (and the local server, which answers its errors with 400):
 * `limit` nodes from where the `continue` token says, a NodeList body with
 * `metadata.continue` (opaque: base64url, bound to the pool and the offset)
 * and `metadata.remainingItemCount` while more remain, and an empty
 * `metadata` on the last page, as in the reference's example.
 */

/** The API's largest page. */
export const MAX_NODE_PAGE_SIZE = 500;

/** Longest token looked at; anything longer was not handed out here. */
const MAX_TOKEN_LENGTH = 64;
const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;
const TOKEN_TEXT = /^o([1-9]\d{0,8})\.p([0-9a-f]{8})$/;

/** FNV-1a over the UTF-16 code units: binds a token to its pool. */
function poolHash(poolName: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < poolName.length; i++) {
    h ^= poolName.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The token of the page starting at `offset` (≥ 1) of a pool's nodes. */
export function nodeContinueToken(poolName: string, offset: number): string {
  return Buffer.from(`o${offset}.p${poolHash(poolName)}`, 'latin1').toString('base64url');
}

/** The offset a token stands for, or undefined when it was not handed out for this pool. */
function tokenOffset(token: string, poolName: string): number | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN_CHARS.test(token)) return undefined;
  const text = Buffer.from(token, 'base64url').toString('latin1');
  const m = TOKEN_TEXT.exec(text);
  // Base64 decoding ignores stray trailing bits: only the canonical form counts.
  if (!m || m[2] !== poolHash(poolName) || Buffer.from(text, 'latin1').toString('base64url') !== token) return undefined;
  return Number(m[1]);
}

/**
 * One page of `all` (a pool's node items, in order). `limit` must be a whole
 * number from 1 to MAX_NODE_PAGE_SIZE; `continueToken` absent or empty for
 * the first page, else the `metadata.continue` of the previous page. The
 * items are copies, so nothing downstream can alter `all`.
 */
export function pageSampleNodes(
  all: readonly unknown[],
  poolName: string,
  limit: number,
  continueToken: string | undefined,
): { body: unknown } | { error: string } {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NODE_PAGE_SIZE) {
    return { error: l10n.t('The page size {0} is not valid: use a whole number from 1 to {1}.', String(limit), MAX_NODE_PAGE_SIZE) };
  }
  let offset = 0;
  if (continueToken !== undefined && continueToken !== '') {
    const at = tokenOffset(continueToken, poolName);
    if (at === undefined || at > all.length) {
      return {
        error: l10n.t('The continue token "{0}" was not handed out for the nodes of {1}; load them again from the first page.', excerpt(continueToken, 40), excerpt(poolName, 80)),
      };
    }
    offset = at;
  }
  const end = Math.min(all.length, offset + limit);
  const metadata: { continue?: string; remainingItemCount?: number } = {};
  if (end < all.length) {
    metadata.continue = nodeContinueToken(poolName, end);
    metadata.remainingItemCount = all.length - end;
  }
  return { body: { kind: 'NodeList', apiVersion: 'v2', metadata, items: structuredClone(all.slice(offset, end)) } };
}
