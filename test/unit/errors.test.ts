import * as assert from 'node:assert/strict';
import {
  EXCERPT_INPUT_LIMIT,
  badBodyError,
  cut,
  excerpt,
  formatBytes,
  htmlToText,
  httpError,
  looksLikeHtml,
  redact,
  stripBom,
} from '../../src/modelarts/errors';

const SECRETS = {
  accessKey: 'HSTAKSECRET1234567890',
  secretKey: 'skSECRETskSECRETskSECRETskSECRETskSECRE',
  securityToken: 'tokSECRETtokSECRETtokSECRET+/=tokSECRET',
};

/** No piece of a secret of 5 characters or more (the AK's first 4 may be shown). */
function assertNoPieceOf(text: string, secret: string, label = ''): void {
  for (let i = 0; i + 5 <= secret.length; i++) {
    const piece = secret.slice(i, i + 5);
    assert.ok(!text.includes(piece), `${label} shows "${piece}" of a secret: ${JSON.stringify(text)}`);
  }
}

describe('error bodies and redaction', () => {
  describe('excerpt (bounded work on untrusted bodies)', () => {
    it('looks at the first few KB only, whatever the body', () => {
      // Bodies that used to stall the extension host for tens of seconds per try.
      const bodies = [
        '<'.repeat(200_000),
        '<html>' + '<'.repeat(1_000_000),
        '<script'.repeat(100_000),
        '<html><script>' + '<script>'.repeat(100_000),
        '<!doctype html>' + '<a '.repeat(300_000),
        ' \u0000'.repeat(500_000) + 'tail',
      ];
      for (const body of bodies) {
        const text = excerpt(body);
        assert.ok(text.length <= 160, `${text.length} characters`);
        const long = excerpt(body, 400);
        assert.ok(long.length <= 400);
      }
      // Past the limit nothing is looked at: not even a closing tag that would change the start.
      const tail = 'visible start ' + 'x'.repeat(EXCERPT_INPUT_LIMIT) + '</title>';
      assert.equal(looksLikeHtml(tail), false);
      assert.equal(excerpt(tail, 20), 'visible start xxxxx…');
    });

    it('strips tags, scripts and styles and decodes entities, in one pass', () => {
      assert.equal(
        htmlToText('<html><head><style>p { color: red }</style><SCRIPT type="x">if (a < b) alert(1)</script ></head><body>a &lt;b&gt; &amp; c&nbsp;d</body></html>'),
        '      a <b> & c d  ',
      );
      assert.equal(htmlToText('a < b and c > d'), 'a   d', 'a "<" before a ">" is taken as a tag, as before');
      assert.equal(htmlToText('1 < 2'), '1 < 2', 'a "<" with no ">" after it stays');
      assert.equal(htmlToText('<script>never closed <b>bold</b>'), ' never closed  bold ');
      assert.equal(htmlToText('<scripts>x</scripts>'), ' x ', 'only the script element itself');
      assert.equal(excerpt('<html><body><h1>502 Bad Gateway</h1>\n\n<hr>nginx</body></html>'), '502 Bad Gateway nginx');
    });

    it('collapses whitespace and control characters and cuts with "…", never inside a surrogate pair', () => {
      assert.equal(excerpt('a\r\n\tb\u0000\u0085c\u2028d   e'), 'a b c d e');
      assert.equal(excerpt('x'.repeat(200), 10), 'xxxxxxxxx…');
      assert.equal(cut('abcdefgh😀z', 10), 'abcdefgh…');
      assert.equal(cut('abcdefg😀zz', 10), 'abcdefg😀…');
      assert.equal(cut('short', 10), 'short');
    });

    it('skips a byte order mark; formats sizes', () => {
      assert.equal(stripBom('\uFEFF{"a":1}'), '{"a":1}');
      assert.equal(stripBom('{}'), '{}');
      assert.equal(formatBytes(64 * 1024 * 1024), '64 MiB');
      assert.equal(formatBytes(4096), '4 KiB');
      assert.equal(formatBytes(1500), '1.5 KiB');
      assert.equal(formatBytes(100), '100 bytes');
    });
  });

  describe('redaction before cutting', () => {
    it('finds a secret whatever whitespace was added, removed or changed in it', () => {
      const token = 'tokSECRETline1\ntokSECRETline2';
      for (const shown of ['tokSECRETline1\ntokSECRETline2', 'tokSECRETline1 tokSECRETline2', 'tokSECRETline1tokSECRETline2', 'tokSECRETline1\r\n   tokSECRETline2', 'tok SECRET line1 tokSECRET line2']) {
        const out = redact(`error: ${shown}; done`, { securityToken: token });
        assert.equal(out, 'error: ***; done', JSON.stringify(shown));
      }
      assert.equal(redact('sk=skSECRETsk SECRETskSECRET-end', { secretKey: 'skSECRETskSECRETskSECRET' }), 'sk=***-end');
    });

    it('removes a piece of a secret cut at the start or end of the text', () => {
      assert.equal(redact('request failed: tokSECR', SECRETS), 'request failed: ***');
      assert.equal(redact('request failed: tok SE\nCR', SECRETS), 'request failed: ***');
      assert.equal(redact('CRET+/=tokSECRET was rejected', SECRETS), '*** was rejected');
      assert.equal(redact('key HSTAKSEC', SECRETS), 'key HSTA****');
      // Three characters are not a piece worth hiding (and too common to remove).
      assert.equal(redact('it ends in tok', SECRETS), 'it ends in tok');
    });

    it('cuts only after redacting: no prefix of a secret at an excerpt\'s edge', () => {
      for (let at = 120; at < 170; at += 3) {
        const body = 'x'.repeat(at) + SECRETS.securityToken + ' and more text after it';
        const text = excerpt(body, 160, SECRETS);
        assertNoPieceOf(text, SECRETS.securityToken, `cut at ${at}`);
      }
      // A secret across the input limit: the part before the limit goes too.
      for (const shift of [2, 5, 9, 20]) {
        const body = 'y'.repeat(EXCERPT_INPUT_LIMIT - shift) + SECRETS.secretKey + 'z'.repeat(100);
        const text = excerpt(body, EXCERPT_INPUT_LIMIT + 100, SECRETS);
        assertNoPieceOf(text, SECRETS.secretKey, `shift ${shift}`);
      }
    });

    it('redacts the raw text of an error body, before whitespace is collapsed or text cut', () => {
      const wrapped = SECRETS.securityToken.slice(0, 12) + '\n' + SECRETS.securityToken.slice(12);
      const secrets = { ...SECRETS, securityToken: wrapped };
      const body = JSON.stringify({ error_code: 'APIGW.0301', error_msg: `Incorrect token ${wrapped.replace('\n', '\r\n  ')} for key ${SECRETS.accessKey}`, request_id: 'r-1' });
      const e = httpError('ModelArts', 'h', 401, body, undefined, undefined, secrets);
      assert.equal(e.message, 'API gateway error APIGW.0301: Incorrect token *** for key HSTA**** (HTTP 401, request ID r-1)');
      const html = httpError('ModelArts', 'h', 502, `<html><body>${'a'.repeat(140)} ${SECRETS.secretKey}</body></html>`, undefined, undefined, SECRETS);
      assertNoPieceOf(html.message, SECRETS.secretKey);
      const bad = badBodyError('ModelArts', 'h', 200, `not json ${SECRETS.secretKey}`, undefined, undefined, SECRETS);
      assertNoPieceOf(bad.message, SECRETS.secretKey);
    });

    it('is linear: long texts, periodic secrets', () => {
      const secret = 'a'.repeat(4000) + 'b';
      const text = 'a'.repeat(1_000_000);
      assert.equal(redact(text, { secretKey: secret }), 'a'.repeat(1_000_000 - 4000) + '***', 'only the piece at the end, as long as the secret less one');
      const spaced = redact('ab '.repeat(300_000), { secretKey: 'abababab' });
      assert.ok(!/[ab]/.test(spaced), 'every piece, across the blanks, is gone');
    });
  });

  describe('error messages from untrusted answers', () => {
    it('keeps codes and request IDs short and on one line', () => {
      const body = JSON.stringify({ error_code: 'ModelArts.' + 'X'.repeat(5000), error_msg: 'm'.repeat(5000), request_id: 'r\n'.repeat(5000) });
      const e = httpError('ModelArts', 'h', 400, body, undefined);
      assert.ok(e.message.length < 800, `${e.message.length}`);
      assert.ok(!e.message.includes('\n'));
      assert.ok((e.code ?? '').length <= 80);
      assert.ok((e.requestId ?? '').length <= 128);
      const fromHeader = httpError('ModelArts', 'h', 500, '', 'id\r\nX-Injected: 1' + 'z'.repeat(1000));
      assert.ok(!fromHeader.message.includes('\n'));
      assert.ok(fromHeader.message.length < 300);
    });

    it('does not decode a huge error body as JSON, and still says what it was', () => {
      const huge = JSON.stringify({ error_code: 'ModelArts.1', error_msg: 'y'.repeat(100_000) });
      const e = httpError('ModelArts', 'h', 503, huge, 'rid');
      assert.match(e.message, /^ModelArts at h answered HTTP 503, request ID rid with a non-JSON body: "\{"error_code":"ModelArts\.1","error_msg":"y+…"$/);
    });

    it('reads a JSON error body that starts with a byte order mark', () => {
      const e = httpError('ModelArts', 'h', 400, '\uFEFF{"error_code":"ModelArts.0101","error_msg":"bad"}', undefined);
      assert.equal(e.message, 'ModelArts error ModelArts.0101: bad (HTTP 400)');
    });
  });
});
