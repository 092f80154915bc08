// Builds the extension bundle (dist/) and, with --tests, transpiles the
// sources and tests file by file into out/ for mocha and the extension host.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Logs build results the way VS Code's problem matchers expect. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * node-fetch 2 takes URL from Node's `url` module and falls back to the
 * `whatwg-url` package only where Node has none (before Node 10). That package
 * and its Unicode tables (tr46) are about 280 KB of the bundle that never run:
 * give node-fetch Node's own URL instead.
 */
const nodeUrlForWhatwgUrl = {
  name: 'node-url-for-whatwg-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url' }));
    build.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({
      contents: "module.exports = { URL: require('node:url').URL };",
      loader: 'js',
    }));
  },
};

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

async function buildExtension() {
  const options = {
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node20',
    outfile: 'dist/extension.js',
    external: ['vscode'],
    logLevel: 'silent',
    plugins: watch ? [nodeUrlForWhatwgUrl, problemMatcherPlugin] : [nodeUrlForWhatwgUrl],
  };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    return;
  }
  const result = await esbuild.build({ ...options, metafile: true });
  if (production) {
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    console.log(`dist/extension.js: ${(bytes / 1024).toFixed(1)} KiB`);
  }
}

async function buildMedia() {
  // Webview scripts: one bundle per entry in media/src, written next to them in media/.
  const entries = listTs('media/src');
  if (entries.length === 0) return;
  await esbuild.build({
    entryPoints: entries,
    bundle: true,
    format: 'iife',
    minify: production,
    sourcemap: false,
    platform: 'browser',
    target: 'es2022',
    outdir: 'media',
    logLevel: 'warning',
  });
}

async function buildTests() {
  // Plain transpile (no bundle) so each module is its own file and tests can
  // require src modules directly. vscode stays external by nature.
  await esbuild.build({
    entryPoints: [...listTs('src'), ...listTs('test')],
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    outdir: 'out',
    outbase: '.',
    logLevel: 'warning',
  });
  // JSON files imported by sources are copied alongside.
  for (const dir of ['src', 'test']) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!e.isFile() || !e.name.endsWith('.json')) continue;
      const from = path.join(e.parentPath ?? e.path, e.name);
      const to = path.join('out', from);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

async function main() {
  if (tests) {
    await buildTests();
    return;
  }
  await Promise.all([buildExtension(), buildMedia()]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
