import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DETAILS_VIEW_TYPE } from '../../src/webview/protocol';
import { CONFIG_SECTION, Commands, ContextKeys, MACHINE_SETTING_KEYS, Settings, VIEW_CONTAINER_ID, VIEW_ID } from '../../src/common/constants';

const root = path.join(__dirname, '../../..');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** The manifest as VS Code shows it in English: every `%key%` replaced by its package.nls.json text. */
function resolveNls(value: unknown): unknown {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (!m) return value;
    assert.ok(Object.hasOwn(nls, m[1]), `package.nls.json has ${m[1]}`);
    return nls[m[1]];
  }
  if (Array.isArray(value)) return value.map(resolveNls);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveNls(v)]));
  return value;
}

const pkg = resolveNls(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))) as ReturnType<typeof JSON.parse>;
const contributes = pkg.contributes;

describe('package.json manifest', () => {
  const declared: string[] = contributes.commands.map((c: { command: string }) => c.command);

  it('declares exactly the commands in constants, all under modelarts. with the ModelArts category', () => {
    assert.deepEqual([...declared].sort(), [...Object.values(Commands)].sort());
    for (const c of contributes.commands) {
      assert.match(c.command, /^modelarts\./);
      assert.equal(c.category, 'ModelArts', c.command);
    }
    assert.equal(new Set(declared).size, declared.length, 'no command declared twice');
  });

  it('names only declared commands in menus and welcome links', () => {
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string }[]>)) {
      for (const item of items) assert.ok(declared.includes(item.command), `${menu}: ${item.command}`);
    }
    for (const w of contributes.viewsWelcome) {
      for (const m of (w.contents as string).matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.includes(m[1]), m[1]);
    }
  });

  it('activates on the details panel it restores', () => {
    assert.deepEqual(pkg.activationEvents, [`onWebviewPanel:${DETAILS_VIEW_TYPE}`]);
  });

  it('declares the view container and view the code uses', () => {
    assert.equal(contributes.viewsContainers.activitybar[0].id, VIEW_CONTAINER_ID);
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'ModelArts');
    assert.equal(contributes.views[VIEW_CONTAINER_ID][0].id, VIEW_ID);
    assert.equal(contributes.views[VIEW_CONTAINER_ID][0].name, 'Resource Pools');
  });

  it('declares exactly the settings in constants, all under modelarts.', () => {
    const props = Object.keys(contributes.configuration.properties).sort();
    const known = Object.values(Settings).map((k) => `${CONFIG_SECTION}.${k}`);
    for (const p of props) assert.ok(known.includes(p), `${p} is in constants`);
    for (const p of props) assert.ok(contributes.configuration.properties[p].description || contributes.configuration.properties[p].markdownDescription, `${p} is described`);
  });

  it('uses only context keys from constants in when clauses', () => {
    const keys = new Set<string>(Object.values(ContextKeys));
    const clauses: string[] = [];
    for (const items of Object.values(contributes.menus as Record<string, { when?: string }[]>)) for (const i of items) if (i.when) clauses.push(i.when);
    for (const w of contributes.viewsWelcome) if (w.when) clauses.push(w.when);
    for (const clause of clauses) {
      for (const m of clause.matchAll(/\bmodelarts\.[A-Za-z]+\b/g)) {
        if (m[0] === VIEW_ID || m[0] === DETAILS_VIEW_TYPE) continue;
        assert.ok(keys.has(m[0]), `${m[0]} in "${clause}"`);
      }
    }
  });

  it('every context key is set by the code and used in a when clause: none is dead', () => {
    const manifest = JSON.stringify(contributes);
    const sources = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
    const code = sources('src').join('\n');
    for (const [name, key] of Object.entries(ContextKeys)) {
      assert.ok(new RegExp(`setContext', ContextKeys\\.${name}\\b`).test(code), `${key} is set`);
      assert.ok(new RegExp(`"when":"[^"]*\\b${key.replace('.', '\\.')}\\b`).test(manifest), `${key} is used in a when clause`);
    }
  });

  it('makes the settings that decide where keys go machine-scoped: a workspace cannot set them', () => {
    const props = contributes.configuration.properties as Record<string, { scope?: string }>;
    assert.deepEqual(MACHINE_SETTING_KEYS, ['endpoint', 'iamEndpoint', 'projectId', 'maxResponseMegabytes']);
    for (const key of MACHINE_SETTING_KEYS) assert.equal(props[`${CONFIG_SECTION}.${key}`].scope, 'machine', key);
    for (const [key, p] of Object.entries(props)) {
      if (!MACHINE_SETTING_KEYS.some((k) => `${CONFIG_SECTION}.${k}` === key)) assert.notEqual(p.scope, 'machine', `${key} is not machine-scoped`);
    }
  });

  it('shows the English titles', () => {
    const titles = Object.fromEntries(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    assert.equal(titles['modelarts.refresh'], 'Refresh');
    assert.equal(titles['modelarts.openSamplePools'], 'Explore Sample Pools');
    assert.match(contributes.viewsWelcome[0].contents, /^See your Huawei Cloud ModelArts resource pools/);
  });

  it('is ready for the marketplace', () => {
    for (const field of ['publisher', 'license', 'icon', 'repository', 'categories', 'keywords', 'displayName', 'description']) {
      assert.ok(pkg[field], field);
    }
    assert.equal(pkg.name, 'modelarts-pools');
    assert.equal(pkg.displayName, 'ModelArts Resource Pools');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.ok(fs.existsSync(path.join(root, pkg.icon)));
    const typesVersion = pkg.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
    assert.ok(typesVersion.startsWith('1.100.'), '@types/vscode matches the oldest supported VS Code');
  });
});
