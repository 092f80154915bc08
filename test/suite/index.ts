/**
 * Entry point of the extension-host tests: VS Code loads this module in the
 * extension host (extensionTestsPath) and awaits `run()`. It runs every
 * out/test/suite/**\/*.test.js with mocha (BDD: describe/it), prints mocha's
 * report to the host console (forwarded to the terminal by the runner), and
 * rejects when a test fails, which makes VS Code exit with code 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { addCoverageSuite, recordCommands } from './coverage';

export interface SuiteCounts {
  passed: number;
  failed: number;
  pending: number;
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: process.env.MODELARTS_TEST_COLOR === '1',
    timeout: 20000,
    reporter: 'spec',
    ...(process.env.MODELARTS_TEST_GREP ? { grep: process.env.MODELARTS_TEST_GREP } : {}),
  });
  for (const f of testFiles(__dirname)) mocha.addFile(f);
  recordCommands();
  return new Promise<void>((resolve, reject) => {
    try {
      // Load the suites first so that the coverage check runs after all of them.
      const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
      loader.loadFiles();
      loader.lazyLoadFiles(true); // loaded: run() must not load them again
      if (!process.env.MODELARTS_TEST_GREP) addCoverageSuite(mocha.suite);
      const runner = mocha.run((failures) => {
        const counts: SuiteCounts = {
          passed: runner.stats?.passes ?? 0,
          failed: failures,
          pending: runner.stats?.pending ?? 0,
        };
        const file = process.env.MODELARTS_TEST_RESULTS;
        if (file) fs.writeFileSync(file, JSON.stringify(counts));
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else if (counts.passed === 0) reject(new Error('no extension-host test ran'));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
