import * as assert from 'node:assert/strict';
import { SAFE_TEXT_ARG_MAX, UNTRUSTED_TEXT_MAX, safeText, untrustedText } from '../../src/common/untrusted';
import { prng } from '../bench/generate';

/*
 * What VS Code parses in notification, quick pick, progress and status bar
 * text, as shipped in its workbench (1.100.3 and 1.139.1 alike):
 * `parseLinkedText` (vs/base/common/linkedText.ts) and `renderLabelWithIcons`
 * (vs/base/browser/ui/iconLabel/iconLabels.ts, iconNameExpression
 * `[A-Za-z0-9-]+`, iconModifierExpression `~[A-Za-z]+`). A result is inert
 * when neither finds anything in it.
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const VSCODE_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
/** Anything else that reads as a link, an icon or markup somewhere: any "[…](", "$(", "<" or ">". */
const ANY_MARKUP = /\]\(|\$\(|[<>[\]]/;

function assertInert(out: string, input: string, max: number): void {
  const label = JSON.stringify(input).slice(0, 200);
  VSCODE_LINK.lastIndex = 0;
  VSCODE_ICON.lastIndex = 0;
  assert.ok(!VSCODE_LINK.test(out), `a link forms from ${label}: ${JSON.stringify(out)}`);
  assert.ok(!VSCODE_ICON.test(out), `an icon forms from ${label}: ${JSON.stringify(out)}`);
  assert.ok(!ANY_MARKUP.test(out), `markup left from ${label}: ${JSON.stringify(out)}`);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/.test(out), `a control character left from ${label}`);
  assert.ok(!/\s{2}|^\s|\s$/.test(out), `untrimmed or uncollapsed blanks from ${label}: ${JSON.stringify(out)}`);
  assert.ok(out.length <= max, `${out.length} > ${max}`);
  for (let i = 0; i < out.length; i++) {
    const c = out.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = out.charCodeAt(i + 1);
      assert.ok(n >= 0xdc00 && n <= 0xdfff, `an unpaired high surrogate from ${label}`);
      i++;
    } else {
      assert.ok(c < 0xdc00 || c > 0xdfff, `an unpaired low surrogate from ${label}`);
    }
  }
}

describe('untrusted text for notifications, quick picks, progress and the status bar', () => {
  it('turns link syntax into look-alikes that VS Code does not parse', () => {
    assert.equal(untrustedText('[a](command:workbench.extensions.installExtension?"x")'), '［a］(command:workbench.extensions.installExtension?"x")');
    assert.equal(untrustedText('[click](https://evil.example "title")'), '［click］(https://evil.example "title")');
    assert.equal(untrustedText('[f](file:///etc/passwd)'), '［f］(file:///etc/passwd)');
    assert.equal(untrustedText('<https://evil.example>'), '‹https://evil.example›');
    assert.equal(untrustedText('see [x][ref] and <b>bold</b>'), 'see ［x］［ref］ and ‹b›bold‹/b›');
  });

  it('never lets "$(" stand, so no codicon forms', () => {
    assert.equal(untrustedText('$(error) failed $(sync~spin)'), '＄(error) failed ＄(sync~spin)');
    assert.equal(untrustedText('\\$(x)'), '\\＄(x)');
    assert.equal(untrustedText('$$(x)'), '$＄(x)');
    assert.equal(untrustedText('$\u202e(alert)'), '＄(alert)', 'a dropped character between "$" and "(" does not bring them together');
    assert.equal(untrustedText('$\n(x)'), '$ (x)');
    assert.equal(untrustedText('costs $5 (plus tax)'), 'costs $5 (plus tax)', 'a "$" elsewhere stays');
  });

  it('makes one line: control characters and line breaks collapse, bidi overrides go', () => {
    assert.equal(untrustedText('  a\r\n\tb\u0000c\u0085d\u2028e\u00a0f\u3000g  '), 'a b c d e f g');
    assert.equal(untrustedText('pool\u202Egnp.exe\u202C'), 'poolgnp.exe');
    assert.equal(untrustedText('\uFEFFname\u2066x\u2069'), 'namex');
    assert.equal(untrustedText('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc');
    assert.equal(untrustedText('emoji 😀 ok'), 'emoji 😀 ok');
  });

  it('caps the length with "…", never between the halves of a surrogate pair', () => {
    assert.equal(UNTRUSTED_TEXT_MAX, 200);
    assert.equal(untrustedText('x'.repeat(300)), 'x'.repeat(199) + '…');
    assert.equal(untrustedText('abcdefghij', 5), 'abcd…');
    assert.equal(untrustedText('abcde', 5), 'abcde');
    assert.equal(untrustedText('abc😀😀', 5), 'abc…');
    assert.equal(untrustedText('ab😀😀', 5), 'ab😀…');
    assert.equal(untrustedText('abc    def', 5), 'abc…', 'no blank before the ellipsis');
    assert.equal(untrustedText('abcd' + ' '.repeat(100)), 'abcd', 'trailing blanks do not cause a cut');
    assert.equal(untrustedText('x', 0), 'x', 'a limit below 1 counts as 1');
    assert.equal(untrustedText('xy', 1), '…');
    assert.equal(untrustedText('x'.repeat(300), Number.NaN).length, 200);
  });

  it('stops reading once full, whatever the input', () => {
    const huge = '[a](command:x) $(y) <z>\n'.repeat(500_000);
    const out = untrustedText(huge, 80);
    assertInert(out, huge.slice(0, 200), 80);
    assert.equal(out.length, 80);
  });

  it('shows other values as text, and nothing for objects', () => {
    assert.equal(untrustedText(42), '42');
    assert.equal(untrustedText(true), 'true');
    assert.equal(untrustedText(10n), '10');
    assert.equal(untrustedText(undefined), '');
    assert.equal(untrustedText(null), '');
    assert.equal(untrustedText({ toString: () => '[a](command:x)' }), '');
    assert.equal(untrustedText(['[a](command:x)']), '');
  });

  it('leaves ordinary names as they are, and is idempotent', () => {
    for (const name of ['gpu-pool-01', 'Team A · training (v2)', 'pool_ÄÖÜ 训练池', 'a = b, c != d', 'C:\\path\\file', 'https://example.com/x']) {
      assert.equal(untrustedText(name), name);
    }
    for (const text of ['[a](command:x)', '$(x)', 'a\nb', 'x'.repeat(500), '<y>']) {
      assert.equal(untrustedText(untrustedText(text)), untrustedText(text));
    }
  });

  it('is inert for 5,000 generated adversarial inputs', () => {
    const parts = [
      '[', ']', '(', ')', '$', '$(', '](', '\\', '"', "'", ' ', '  ', '\n', '\r\n', '\t', '\u0000', '\u001b', '\u0085', '\u2028',
      '\u202e', '\u2066', '\ufeff', '\u200b', '\ud800', '\udc00', '😀', 'command:', 'https://', 'http://', 'file:', 'x', 'icon',
      'sync~spin', '<', '>', 'javascript:', '~', '-', '…', '［', '＄',
    ];
    const rand = prng(11);
    for (let n = 0; n < 5000; n++) {
      let input = '';
      const count = 1 + Math.floor(rand() * 40);
      for (let k = 0; k < count; k++) input += parts[Math.floor(rand() * parts.length)];
      const max = 1 + Math.floor(rand() * 60);
      assertInert(untrustedText(input, max), input, max);
      assertInert(untrustedText(input), input, UNTRUSTED_TEXT_MAX);
    }
  });
});

describe('safeText: a trusted template with inert arguments', () => {
  it('fills {0}, {1}, … with the arguments made inert, as vscode.l10n.t fills its placeholders', () => {
    assert.equal(
      safeText('Pool "{0}" is now {1}.', '[a](command:workbench.extensions.installExtension?"x")', 'Abnormal'),
      'Pool "［a］(command:workbench.extensions.installExtension?"x")" is now Abnormal.',
    );
    assert.equal(safeText('{1} then {0} then {1}', 'a', 'b'), 'b then a then b');
    assert.equal(safeText('{0} of {1}', 3, 10), '3 of 10');
    assert.equal(safeText('kept {2}', 'a'), 'kept {2}', 'a placeholder without an argument stays as written');
    assert.equal(safeText('no arguments: [link](command:modelarts.refresh)'), 'no arguments: [link](command:modelarts.refresh)', 'the template is trusted');
  });

  it('leaves no link, codicon or line break from any argument, each at most SAFE_TEXT_ARG_MAX long', () => {
    const rand = prng(5);
    const parts = ['[', ']', '(', ')', '$', '$(', '](', 'command:x', 'https://e.x', '\n', '\n', '\u202e', '<', '>', 'x'];
    for (let n = 0; n < 2000; n++) {
      const args: string[] = [];
      for (let k = 0; k < 3; k++) {
        let a = '';
        for (let j = Math.floor(rand() * 20); j > 0; j--) a += parts[Math.floor(rand() * parts.length)];
        args.push(a);
      }
      const out = safeText('A {0} B {1} C {2}', ...args);
      const filled = out.slice(2).split(/ [BC] /);
      assert.equal(filled.length, 3, JSON.stringify(out));
      for (let k = 0; k < 3; k++) assertInert(filled[k], args[k], SAFE_TEXT_ARG_MAX);
    }
    assert.equal(safeText('{0}', 'y'.repeat(10_000)).length, SAFE_TEXT_ARG_MAX);
  });

  it('does not let an argument ending in "$" meet a "(" of the template', () => {
    assert.equal(safeText('{0}(error)', 'US$'), 'US＄(error)');
    assert.equal(safeText('{0} (error)', 'US$'), 'US$ (error)');
  });
});
