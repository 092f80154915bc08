#!/usr/bin/env node
// Runs the extension-host and UI suites several times in a row and prints,
// per test, how many runs it passed: the check that a suite can be trusted.
//
//   MODELARTS_TEST_REPEAT=10 MODELARTS_TEST_CPU_LOAD=1 npm run test:repeat
//
// MODELARTS_TEST_REPEAT   runs (default 3)
// MODELARTS_TEST_CPU_LOAD 1: keep every core busy with a spinning process
//                         while the suites run (a noisy CI machine)
// MODELARTS_TEST_SUITES   "host,ui" (default) or one of them
// Each run's full output goes to .cache/repeat/run-N-<suite>.log.
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const runs = Math.max(1, Number(process.env.MODELARTS_TEST_REPEAT || 3));
const load = process.env.MODELARTS_TEST_CPU_LOAD === '1';
const suites = (process.env.MODELARTS_TEST_SUITES || 'host,ui').split(',').map((s) => s.trim()).filter(Boolean);
const logDir = path.join(ROOT, '.cache', 'repeat');
fs.mkdirSync(logDir, { recursive: true });

const SCRIPT = { host: 'test:host', ui: 'test:ui' };
for (const s of suites) if (!SCRIPT[s]) throw new Error(`unknown suite "${s}" in MODELARTS_TEST_SUITES (host, ui)`);

/** Busy loops, one per core, until stopped. */
function startLoad() {
  if (!load) return [];
  return os.cpus().map(() => cp.spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

function run(script, logFile) {
  return new Promise((resolve) => {
    const out = fs.openSync(logFile, 'w');
    const child = cp.spawn('npm', ['run', script], { cwd: ROOT, stdio: ['ignore', out, out], env: process.env });
    child.on('exit', (code) => {
      fs.closeSync(out);
      resolve(code ?? 1);
    });
  });
}

/**
 * Test outcomes from mocha's spec output: "✔ title" passes; the failure list
 * at the end ("  1) suite\n       title:") names failures. Titles are kept
 * with the suite headings above them, so equal titles of two versions differ.
 */
function outcomes(text) {
  const lines = text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').split('\n');
  const passed = [];
  const failed = [];
  const heads = [];
  let summary = false;
  let version = '';
  for (const line of lines) {
    if (/^\s+\d+ passing/.test(line)) summary = true; // the numbered failures below repeat the titles
    const next = /^=== .* in (VS Code \S+)/.exec(line); // the host runner's heading per version
    if (next) {
      summary = false;
      version = next[1];
    }
    if (summary) continue;
    const pass = /^(\s*)[✔✓] (.*?)(?: \(\d+ms\))?$/.exec(line);
    const fail = /^(\s*)\d+\) (.*)$/.exec(line);
    const head = /^(\s+)(\S.*)$/.exec(line);
    if (pass || fail) {
      const [, indent, title] = pass || fail;
      const scope = heads.filter((h) => h.indent < indent.length).map((h) => h.title);
      (pass ? passed : failed).push([...(version ? [version] : []), ...scope, title].join(' › '));
    } else if (head && !/https?:\/\/|screenshot:|trace:|log:|\||^\(/.test(head[2])) {
      while (heads.length && heads[heads.length - 1].indent >= head[1].length) heads.pop();
      heads.push({ indent: head[1].length, title: head[2] });
    } else if (/^\S/.test(line)) heads.length = 0;
  }
  return { passed, failed };
}

async function main() {
  const tally = new Map();
  const exits = [];
  const loadProcs = startLoad();
  const stopLoad = () => loadProcs.forEach((p) => p.kill());
  process.on('exit', stopLoad);
  const started = Date.now();
  try {
    for (let i = 1; i <= runs; i++) {
      for (const suite of suites) {
        const logFile = path.join(logDir, `run-${i}-${suite}.log`);
        const t0 = Date.now();
        const code = await run(SCRIPT[suite], logFile);
        const { passed, failed } = outcomes(fs.readFileSync(logFile, 'utf8'));
        for (const t of passed) tally.set(t, { pass: (tally.get(t)?.pass ?? 0) + 1, fail: tally.get(t)?.fail ?? 0, suite });
        for (const t of failed) tally.set(t, { pass: tally.get(t)?.pass ?? 0, fail: (tally.get(t)?.fail ?? 0) + 1, suite });
        exits.push(code);
        console.log(`run ${i}/${runs} ${suite}: exit ${code}, ${passed.length} passed, ${failed.length} failed, ${Math.round((Date.now() - t0) / 1000)} s${load ? ' (CPU load)' : ''} — ${path.relative(ROOT, logFile)}`);
      }
    }
  } finally {
    stopLoad();
  }
  console.log(`\nPer test, runs passed of ${runs}${load ? ', every core busy' : ''} (${Math.round((Date.now() - started) / 60000)} min):`);
  const rows = [...tally.entries()].sort((a, b) => a[1].suite.localeCompare(b[1].suite) || a[0].localeCompare(b[0]));
  for (const [title, t] of rows) console.log(`  ${t.pass}/${runs}${t.fail ? ` (${t.fail} failed)` : ''}  [${t.suite}] ${title}`);
  const shaky = rows.filter(([, t]) => t.pass !== runs);
  console.log(shaky.length ? `\n${shaky.length} test(s) did not pass every run.` : `\nEvery test passed ${runs}/${runs}.`);
  process.exitCode = shaky.length || exits.some((c) => c !== 0) ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
