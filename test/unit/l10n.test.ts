import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { setDisplayLanguage } from '../../src/common/displayLanguage';
import { buildHierarchy } from '../../src/pools/hierarchy';
import { SHOW_EVERY_POOL } from '../../src/pools/filterView';
import { describePool, describeTime, phaseStyle } from '../../src/pools/summary';
import { errorRow, poolRowView } from '../../src/pools/treeRows';
import { typedCredentialProblem } from '../../src/modelarts/credentials';
import { httpError } from '../../src/modelarts/errors';
import { prettyJson } from '../../src/webview/json';
import { buildDetailsModel } from '../../src/webview/viewModel';
import type { Pool } from '../../src/modelarts/types';
import { pool } from './helpers';

/**
 * The translations stay complete: every English text (package.nls.json and
 * the bundle extracted from src/) has a Simplified Chinese one with the same
 * placeholders, no Chinese text is left over from English that is gone, and
 * the committed English bundle is what the extractor finds in the code today.
 */

const root = path.resolve(__dirname, '..', '..', '..');
type Bundle = Record<string, string | { message: string; comment: string[] }>;
const read = (file: string): Bundle => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Bundle;
const message = (v: Bundle[string]): string => (typeof v === 'string' ? v : v.message);

/** The placeholders of a text, sorted: `{0}`, `{1}`… */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[0]).sort();
}

/** What is wrong between an English file and its translation, one line each. */
function compare(english: Bundle, translated: Bundle, file: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    if (!Object.hasOwn(translated, key)) {
      problems.push(`${file} has no entry for ${JSON.stringify(key)}`);
      continue;
    }
    const want = placeholders(message(english[key]));
    const got = placeholders(message(translated[key]));
    if (want.join() !== got.join()) problems.push(`${file}: ${JSON.stringify(key)} has placeholders [${got}], English has [${want}]`);
    if (message(translated[key]).trim() === '' && message(english[key]).trim() !== '') problems.push(`${file}: ${JSON.stringify(key)} is empty`);
  }
  for (const key of Object.keys(translated)) {
    if (!Object.hasOwn(english, key)) problems.push(`${file} has a stale entry ${JSON.stringify(key)} (no longer in English)`);
  }
  return problems;
}

/** Every `%key%` string in the manifest. */
function manifestKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) manifestKeys(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) manifestKeys(v, out);
  }
  return out;
}

describe('translations', () => {
  describe('manifest (package.nls.json)', () => {
    it('has a zh-cn text for every key, no stale ones, the same placeholders', () => {
      assert.deepEqual(compare(read('package.nls.json'), read('package.nls.zh-cn.json'), 'package.nls.zh-cn.json'), []);
    });

    it('defines every %key% package.json uses, and uses every key it defines', () => {
      const used = manifestKeys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')));
      const defined = new Set(Object.keys(read('package.nls.json')));
      assert.deepEqual([...used].filter((k) => !defined.has(k)), [], 'used in package.json, missing from package.nls.json');
      assert.deepEqual([...defined].filter((k) => !used.has(k)), [], 'in package.nls.json, used nowhere');
    });

    it('leaves no command title, view name, welcome text or setting description in plain English in package.json', () => {
      const c = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).contributes;
      const texts: [string, unknown][] = [];
      for (const cmd of c.commands) texts.push([`${cmd.command} title`, cmd.title], [`${cmd.command} category`, cmd.category]);
      for (const v of c.viewsContainers.activitybar) texts.push([`${v.id} title`, v.title]);
      for (const [container, views] of Object.entries(c.views as Record<string, { id: string; name: string }[]>)) {
        for (const v of views) texts.push([`${container}/${v.id} name`, v.name]);
      }
      for (const w of c.viewsWelcome) texts.push([`${w.view} welcome`, w.contents]);
      texts.push(['configuration title', c.configuration.title]);
      for (const [name, p] of Object.entries(c.configuration.properties as Record<string, Record<string, unknown>>)) {
        for (const field of ['description', 'markdownDescription', 'markdownDeprecationMessage', 'deprecationMessage']) {
          if (p[field] !== undefined) texts.push([`${name} ${field}`, p[field]]);
        }
        for (const field of ['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']) {
          for (const [i, v] of ((p[field] as unknown[] | undefined) ?? []).entries()) texts.push([`${name} ${field}[${i}]`, v]);
        }
      }
      for (const w of c.walkthroughs ?? []) texts.push([`walkthrough ${w.id}`, w.title], [`walkthrough ${w.id}`, w.description]);
      const plain = texts.filter(([, v]) => typeof v !== 'string' || !/^%.+%$/.test(v)).map(([where]) => where);
      assert.deepEqual(plain, []);
    });
  });

  describe('runtime strings (l10n/bundle.l10n.json)', () => {
    it('has a zh-cn text for every key, no stale ones, the same placeholders', () => {
      assert.deepEqual(compare(read('l10n/bundle.l10n.json'), read('l10n/bundle.l10n.zh-cn.json'), 'l10n/bundle.l10n.zh-cn.json'), []);
    });

    it('is the bundle the extractor finds in src/ today (run npm run l10n:export after changing a string)', function () {
      this.timeout(120000);
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'modelarts-l10n-'));
      try {
        const cli = path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
        execFileSync(process.execPath, [cli, 'export', '--outDir', out, './src'], { cwd: root, stdio: 'pipe' });
        const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Bundle;
        const committed = read('l10n/bundle.l10n.json');
        const added = Object.keys(fresh).filter((k) => !Object.hasOwn(committed, k));
        const removed = Object.keys(committed).filter((k) => !Object.hasOwn(fresh, k));
        assert.deepEqual({ added, removed }, { added: [], removed: [] }, 'l10n/bundle.l10n.json is out of date: npm run l10n:export');
        assert.deepEqual(committed, fresh);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });
  });

  describe('plain modules in Simplified Chinese', () => {
    const zh = read('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    before(() => {
      l10n.config({ contents: zh });
      setDisplayLanguage('zh-cn');
    });
    after(() => {
      l10n.config({ contents: {} });
      setDisplayLanguage('en');
    });

    const withNodes = (p: Pool): Pool => ({
      ...p,
      spec: { ...p.spec, resources: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 4 }] },
      status: { ...p.status, resources: { available: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 3 }], abnormal: [{ flavor: 'modelarts.vm.gpu.t4u8', count: 1 }] } },
    });

    it('describes a tree row in Chinese: phase, nodes, abnormal nodes, flavor', () => {
      assert.equal(describePool(withNodes(pool('p', { phase: 'Abnormal' }))), '异常 · 3/4 个节点，1 个异常 · vm.gpu.t4u8');
      assert.equal(phaseStyle('CreationFailed').label, '创建失败');
      assert.equal(phaseStyle('Foo').label, '未知状态“Foo”');
    });

    it('explains an orphan row and an error row in Chinese', () => {
      const { roots } = buildHierarchy([pool('child', { parent: 'gone', root: 'gone' })]);
      const view = poolRowView(roots[0], SHOW_EVERY_POOL);
      assert.equal(view.description, '不在其父资源池下');
      assert.deepEqual(view.tooltipExtra, ['显示在顶层：其父资源池“gone”不在列表中。']);
      const row = errorRow('boom', 'auth');
      assert.equal(row.description, '配置凭证…');
      assert.equal(row.tooltip, 'boom\n\n单击以配置凭证。');
    });

    it('keeps the error code, request ID and the server\'s error_msg as received, around a Chinese sentence', () => {
      const e = httpError('ModelArts', 'modelarts.example.com', 400, JSON.stringify({ error_code: 'ModelArts.3002', error_msg: 'Invalid parameter' }), 'abc123');
      assert.equal(e.message, 'ModelArts 错误 ModelArts.3002：Invalid parameter（HTTP 400，请求 ID abc123）');
    });

    it('formats times and ages with Intl in the display language', () => {
      assert.equal(describeTime('2024-01-01T00:00:00Z', Date.parse('2024-01-03T12:00:00Z')), '2024年1月1日 00:00 UTC（2天前）');
    });

    it('titles the details page sections and labels in Chinese', () => {
      const model = buildDetailsModel({ name: 'p', pool: withNodes(pool('p')), now: Date.parse('2024-01-03T12:00:00Z') });
      assert.deepEqual(
        model.sections.map((s) => s.title),
        ['规格', '状态', '标签', '注解', 'JSON'],
      );
      assert.deepEqual(model.header?.rows.map((r) => r.label), ['状态信息', '类型', '创建时间']);
    });

    it('validates a typed key in Chinese, naming it as the input box does', () => {
      assert.equal(typedCredentialProblem('访问密钥 ID（AK）', '  '), '访问密钥 ID（AK）为必填项。');
      assert.equal(typedCredentialProblem('安全令牌', '', true), undefined);
      assert.equal(typedCredentialProblem('秘密访问密钥（SK）', 'ab\ncd'), '秘密访问密钥（SK）包含换行符；请重新输入或粘贴，不要包含该字符。');
    });

    it('says in Chinese when a pool cannot be shown as JSON', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      assert.match((JSON.parse(prettyJson(cyclic)) as { error: string }).error, /^此资源池无法以 JSON 显示：/);
    });
  });
});
