import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentSecurityPolicy, createNonce, escapeHtml, renderHtml } from '../../src/webview/html';
import type { HtmlOptions } from '../../src/webview/html';
import { buildDetailsModel } from '../../src/webview/viewModel';
import { HOSTILE, hostile } from './webviewHostile';
import { ROOT, fixture, walk } from './webviewTestUtil';

const OPTIONS: HtmlOptions = {
  // What VS Code gives as webview.cspSource: several sources.
  cspSource: "'self' https://*.vscode-cdn.net",
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.css',
};

function metaCsp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'no CSP meta tag');
  return m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('details page HTML shell', () => {
  it('has a strict CSP: nothing by default, styles from media/, scripts only with the nonce', () => {
    const html = renderHtml(OPTIONS);
    const csp = metaCsp(html).split(';').map((d) => d.trim());
    assert.deepEqual(csp, [
      "default-src 'none'",
      `style-src ${OPTIONS.cspSource}`,
      `script-src 'nonce-${OPTIONS.nonce}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.ok(csp.every((d) => !d.split(/\s+/).includes('*')), 'no wildcard source');
    // The CSP meta comes before anything that loads.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
  });

  it('loads one script, from media/, carrying the nonce; no inline script, style or handler', () => {
    const html = renderHtml(OPTIONS);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${OPTIONS.nonce}" src="${OPTIONS.scriptUri}">`]);
    assert.match(html, /<script [^>]*><\/script>/, 'the script element is empty');
    assert.ok(html.includes(`<link rel="stylesheet" href="${OPTIONS.styleUri}">`));
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i);
    assert.doesNotMatch(html, /javascript:/i);
  });

  it('contains no pool data: the page gets the model by postMessage', () => {
    const raw = hostile(fixture('details-full-pool.json'));
    const model = buildDetailsModel({ name: 'x', raw });
    const html = renderHtml({ ...OPTIONS, nonce: createNonce() });
    // Every string of the model (and of the pool) is absent from the HTML.
    const strings = new Set<string>();
    for (const o of walk({ model, raw })) {
      for (const [k, v] of Object.entries(o)) {
        strings.add(k);
        if (typeof v === 'string') strings.add(v);
      }
    }
    for (const s of strings) {
      if (s.length < 12) continue; // short words like "text" or "Count" may be markup
      assert.ok(!html.includes(s), `the HTML contains pool data: ${s}`);
    }
    for (const h of HOSTILE) assert.ok(!html.includes(h), `the HTML contains ${h}`);
  });

  it('escapes whatever it is given, so hostile URIs or sources cannot break out', () => {
    for (const h of HOSTILE) {
      const uri = `https://file+.vscode-resource.vscode-cdn.net/${h}`;
      const html = renderHtml({ cspSource: h, nonce: createNonce(), scriptUri: uri, styleUri: uri });
      if (/[<>"'&]/.test(h)) assert.ok(!html.includes(h), `unescaped: ${h}`);
      assert.equal((html.match(/<script\b/g) ?? []).length, 1);
      assert.doesNotMatch(html, /<(img|svg|iframe|style)\b/);
      // The webview's source cannot end style-src or add a directive.
      assert.equal(contentSecurityPolicy(h, 'bm9uY2Utbm9uY2Utbm9uY2U=').split(';').length, 5);
    }
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it("keeps every source of the webview's cspSource, and nothing more", () => {
    const csp = contentSecurityPolicy("'self' https://*.vscode-cdn.net", 'bm9uY2Utbm9uY2Utbm9uY2U=');
    assert.ok(csp.includes("style-src 'self' https://*.vscode-cdn.net;"), csp);
    const injected = contentSecurityPolicy("https://a.example; script-src *,\nimg-src *", 'bm9uY2Utbm9uY2Utbm9uY2U=');
    const directives = injected.split(';').map((d) => d.trim());
    assert.equal(directives.length, 5, injected);
    assert.equal(directives[0], "default-src 'none'");
    assert.equal(directives[2], "script-src 'nonce-bm9uY2Utbm9uY2Utbm9uY2U='");
  });

  it('refuses resource URIs that are not webview resources', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/javascript,alert(1)', '//evil.example/x.js', 'media/details.js']) {
      assert.throws(() => renderHtml({ ...OPTIONS, scriptUri: bad }), /not a webview resource URI/);
      assert.throws(() => renderHtml({ ...OPTIONS, styleUri: bad }), /not a webview resource URI/);
    }
  });

  it('refuses a nonce that is not a long random token', () => {
    for (const bad of ['', 'short', `"${'a'.repeat(20)}`, `${'a'.repeat(20)}' 'unsafe-inline`]) {
      assert.throws(() => renderHtml({ ...OPTIONS, nonce: bad }), /nonce/);
    }
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    assert.equal(nonces.size, 1000);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
  });
});

describe('details page script (media/src/details.ts)', () => {
  const source = fs.readFileSync(path.join(ROOT, 'media/src/details.ts'), 'utf8');
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

  it('never parses data as HTML or code', () => {
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'DOMParser', 'createContextualFragment', 'srcdoc']) {
      assert.ok(!code.includes(sink), `the page script uses ${sink}`);
    }
  });

  it('sets no inline styles and no event-handler or URL attributes', () => {
    assert.doesNotMatch(code, /\.style\b|'style'|"style"/);
    assert.doesNotMatch(code, /setAttribute\(\s*['"`]on|['"`](href|src|action|formaction|xlink:href)['"`]/);
    assert.doesNotMatch(code, /\.on[a-z]+\s*=/, 'handlers are added with addEventListener');
  });

  it('loads nothing from anywhere: no fetch, import() or new script elements', () => {
    assert.doesNotMatch(code, /\bfetch\(|\bimport\(|XMLHttpRequest|WebSocket|createElement\(\s*['"`](script|iframe|img|link|style)['"`]/);
  });
});
