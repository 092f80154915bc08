#!/usr/bin/env node
// Writes src/samples/nodes.json, the sample nodes bundled with the extension:
// for every pool of src/samples/pools.json, nodes consistent with its
// status.resources counts (see poolNodes in test/server/nodes.ts, which the
// local server uses for other pools files too). Deterministic: run it again
// after editing the sample pools, and review the diff.
//
//   node scripts/sample-nodes.js          (compiles the tests first)
//   node scripts/sample-nodes.js --check  (fails when the file is not what it would write)
'use strict';

const cp = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const POOLS = path.join(ROOT, 'src', 'samples', 'pools.json');
const NODES = path.join(ROOT, 'src', 'samples', 'nodes.json');

const build = cp.spawnSync(process.execPath, ['esbuild.js', '--tests'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { poolNodes } = require(path.join(ROOT, 'out', 'test', 'server', 'nodes.js'));
const nodes = poolNodes(JSON.parse(fs.readFileSync(POOLS, 'utf8')));
// One node a line: readable diffs, a third of the size of indented JSON.
const entries = [...nodes].map(([pool, list]) =>
  `  ${JSON.stringify(pool)}: [${list.length ? `\n${list.map((n) => `    ${JSON.stringify(n)}`).join(',\n')}\n  ` : ''}]`,
);
const text = `{\n${entries.join(',\n')}\n}\n`;

if (process.argv.includes('--check')) {
  const current = fs.existsSync(NODES) ? fs.readFileSync(NODES, 'utf8') : '';
  if (current !== text) {
    console.error('src/samples/nodes.json is not what scripts/sample-nodes.js writes; run it and review the diff.');
    process.exit(1);
  }
  console.log('src/samples/nodes.json is up to date.');
} else {
  fs.writeFileSync(NODES, text);
  const count = [...nodes.values()].reduce((n, list) => n + list.length, 0);
  console.log(`Wrote ${path.relative(ROOT, NODES)}: ${nodes.size} pools, ${count} node items, ${(text.length / 1024).toFixed(1)} KiB.`);
}
