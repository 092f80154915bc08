import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The layering the code promises: every module under src/ that does not
 * reach vscode (itself or through the modules it imports) is listed as plain
 * in eslint.plain.json, so ESLint keeps it plain; and every module listed
 * there imports no vscode.
 */

const root = path.resolve(__dirname, '..', '..', '..');
const plain = (JSON.parse(fs.readFileSync(path.join(root, 'eslint.plain.json'), 'utf8')) as { files: string[] }).files;

function listed(file: string): boolean {
  return plain.some((pattern) => {
    if (pattern.endsWith('/**/*.ts')) return file.startsWith(pattern.slice(0, -'**/*.ts'.length)) && file.endsWith('.ts');
    return file === pattern;
  });
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

const text = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const importsVscode = (file: string): boolean => /^\s*import\b[^;]*from\s+'vscode'/m.test(text(file));

/** The local modules a module imports or re-exports (types included), as repo paths. */
function localImports(file: string): string[] {
  const out: string[] = [];
  for (const m of text(file).matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'(\.[^']*)'/gm)) {
    const base = path.join(path.dirname(file), m[1]).split(path.sep).join('/');
    for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
      if (fs.existsSync(path.join(root, candidate))) out.push(candidate);
    }
  }
  return out;
}

/** Whether a module reaches vscode, itself or through what it imports. */
function reachesVscode(file: string, memo = new Map<string, boolean>()): boolean {
  const known = memo.get(file);
  if (known !== undefined) return known;
  memo.set(file, false); // a cycle adds nothing
  const result = importsVscode(file) || localImports(file).some((f) => reachesVscode(f, memo));
  memo.set(file, result);
  return result;
}

describe('layers', () => {
  it('lists every module under src/ that does not reach vscode as plain', () => {
    const unlisted = sources('src').filter((f) => !reachesVscode(f) && !listed(f));
    assert.deepEqual(unlisted, [], 'add these to eslint.plain.json (or import vscode where the module is editor code)');
  });

  it('lists only modules that exist and import no vscode', () => {
    const all = [...sources('src'), ...sources('media/src')];
    for (const pattern of plain) {
      const files = all.filter((f) => (pattern.includes('*') ? listed(f) && f.startsWith(pattern.split('*')[0]) : f === pattern));
      assert.ok(files.length > 0, `${pattern} matches no module`);
      for (const f of files) assert.ok(!importsVscode(f), `${f} is listed as plain but imports vscode`);
    }
  });
});
