/**
 * Runs the extension-host suites (out/test/suite) in a real VS Code, once per
 * tested version, through @vscode/test-electron's runTests.
 *
 * Here (no VS Code download possible) the executable is the adapter over the
 * VS Code server from code-server. With MODELARTS_VSCODE_DESKTOP=1, runTests
 * downloads and runs the desktop build of each version instead (same suites).
 * Env MODELARTS_VSCODE_VERSIONS=1.100.3 limits the versions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { adapterExecutable } from './adapter';
import { freshDir, repoRoot, requireInstallation, testVersions } from './env';

export interface SuiteCounts {
  passed: number;
  failed: number;
  pending: number;
}

async function runVersion(version: string, desktop: boolean): Promise<{ ok: boolean; counts?: SuiteCounts; error?: string }> {
  const root = repoRoot();
  const scratch = freshDir(`host-${version}`);
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const resultsFile = path.join(scratch, 'results.json');
  const launchArgs = [
    workspace,
    `--user-data-dir=${path.join(scratch, 'user-data')}`,
    `--extensions-dir=${path.join(scratch, 'extensions')}`,
    '--disable-extensions',
  ];
  try {
    await runTests({
      ...(desktop ? { version } : { vscodeExecutablePath: adapterExecutable(version) }),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'suite', 'index.js'),
      launchArgs,
      extensionTestsEnv: {
        MODELARTS_TEST_RESULTS: resultsFile,
        MODELARTS_TEST_VSCODE_VERSION: version,
        MODELARTS_TEST_API: '1',
        MODELARTS_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
      },
    });
    return { ok: true, counts: readCounts(resultsFile) };
  } catch (e) {
    return { ok: false, counts: readCounts(resultsFile), error: e instanceof Error ? e.message : String(e) };
  }
}

function readCounts(file: string): SuiteCounts | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteCounts;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const desktop = process.env.MODELARTS_VSCODE_DESKTOP === '1';
  const versions = testVersions().map((v) => v.vscode);
  if (!desktop) for (const v of versions) requireInstallation(v);
  const total: SuiteCounts = { passed: 0, failed: 0, pending: 0 };
  const lines: string[] = [];
  let ok = true;
  for (const version of versions) {
    const started = Date.now();
    process.stdout.write(`\n=== Extension-host tests in VS Code ${version}${desktop ? ' (desktop)' : ''} ===\n`);
    const r = await runVersion(version, desktop);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const c = r.counts;
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.pending += c.pending;
    }
    // A run that reports no test at all is a failure too (the suite did not load).
    const good = r.ok && c !== undefined && c.failed === 0 && c.passed > 0;
    ok &&= good;
    lines.push(
      `VS Code ${version}: ${good ? 'ok' : 'FAILED'} in ${secs} s` +
        (c ? ` (${c.passed} passed, ${c.failed} failed, ${c.pending} pending)` : ' (no results reported)') +
        (r.error ? ` - ${r.error}` : ''),
    );
  }
  process.stdout.write(`\nExtension-host tests:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  process.stdout.write(`host: ${total.passed} passed, ${total.failed} failed\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
