/**
 * A stand-in for the VS Code executable, for @vscode/test-electron's
 * `runTests({ vscodeExecutablePath })` on machines that cannot download VS Code.
 *
 * It takes the flags runTests passes to VS Code (--extensionDevelopmentPath=,
 * --extensionTestsPath=, --user-data-dir=, --extensions-dir=, a folder; Electron
 * flags are ignored), starts the real VS Code server of the version given by
 * --adapter-vscode-version= on 127.0.0.1, opens its workbench in Chromium with
 * the test payload, forwards the extension host's console to stdout and exits
 * with the suite's exit code (0 pass, 1 failure), as VS Code itself does.
 *
 * Run through the small executable wrapper that `adapterExecutable()` writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchChromium } from './browser';
import { requireInstallation, repoRoot } from './env';
import { startServer } from './server';
import type { RunningServer } from './server';
import type { Browser } from 'playwright-core';

export interface AdapterArgs {
  version: string;
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
}

const VALUE_FLAGS: Record<string, keyof AdapterArgs> = {
  'adapter-vscode-version': 'version',
  extensionTestsPath: 'extensionTestsPath',
  'user-data-dir': 'userDataDir',
  'extensions-dir': 'extensionsDir',
};

export function parseArgs(argv: readonly string[]): AdapterArgs {
  const out: AdapterArgs = { version: '', extensionDevelopmentPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.folder = path.resolve(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const takesValue = name === 'extensionDevelopmentPath' || name in VALUE_FLAGS;
    if (!takesValue) continue; // Electron/desktop-only flags: --no-sandbox, --disable-gpu-sandbox, ...
    const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined) throw new Error(`${a} needs a value`);
    if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPaths.push(path.resolve(value));
    else if (name === 'adapter-vscode-version') out.version = value;
    else (out as unknown as Record<string, string>)[VALUE_FLAGS[name]] = path.resolve(value);
  }
  if (!out.version) throw new Error('--adapter-vscode-version= is required');
  return out;
}

/** Writes (once per version) an executable that runs this adapter for `version`. */
export function adapterExecutable(version: string): string {
  const file = path.join(repoRoot(), '.cache', 'vscode-test', 'bin', `code-${version}`);
  const script = path.join(__dirname, 'adapter.js');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const body = `#!/bin/sh\nexec ${q(process.execPath)} ${q(script)} --adapter-vscode-version=${q(version)} "$@"\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== body) fs.writeFileSync(file, body);
  fs.chmodSync(file, 0o755);
  return file;
}

/**
 * Turns a console call forwarded from the workbench into text: the extension
 * host's console.log(format, ...args) arrives as its argument list.
 */
export function formatLogArgs(args: unknown): string {
  const list: unknown[] = Array.isArray(args) ? args : [args];
  return util.formatWithOptions({ depth: 4, breakLength: Infinity }, ...list);
}

/**
 * The workbench's own chatter, which arrives on the same channel as the
 * extension host's console: connection progress, and the marketplace and
 * service-worker look-ups that fail on a closed network. Shown with
 * MODELARTS_VSCODE_VERBOSE=1.
 */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /ENOTFOUND open-vsx\.org/,
  /^ChatSessionStore:/,
  /^\[reconnection-grace-time\]/,
  /^\[AgentHost:/,
  /^\[AccountPolicyGate\]/,
  /^Creation of workbench contribution/,
  /^Timed out waiting for authentication provider 'github'/,
];

export function isWorkbenchNoise(line: string): boolean {
  return WORKBENCH_NOISE.some((re) => re.test(line));
}

async function run(args: AdapterArgs): Promise<number> {
  const inst = requireInstallation(args.version);
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath= is required');
  const userData = args.userDataDir ?? path.join(repoRoot(), '.cache', 'vscode-test', `adapter-${args.version}`, 'user-data');
  const dirs = {
    userData,
    serverData: `${userData}-server`,
    extensions: args.extensionsDir ?? `${userData}-extensions`,
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const folder = args.folder ?? path.join(path.dirname(userData), 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  const timeoutMs = Number(process.env.MODELARTS_HOST_TEST_TIMEOUT_MS || 600000);
  const verbose = process.env.MODELARTS_VSCODE_VERBOSE === '1';

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`[vscode ${args.version}] ${sig}: stopping\n`);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const serverLog = path.join(path.dirname(userData), 'server.log');
    server = await startServer({ inst, dirs, logFile: serverLog, verbose });
    process.stdout.write(`[vscode ${args.version}] server on ${server.origin} (log: ${path.relative(process.cwd(), serverLog)})\n`);
    browser = await launchChromium();
    const page = await browser.newPage();
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown) => {
      const line = formatLogArgs(logArgs);
      if (!verbose && isWorkbenchNoise(line)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      // Keep the workbench's logs for post-mortems.
      for (const l of logs ?? []) {
        const file = path.join(path.dirname(userData), 'logs', l.relativePath);
        if (!file.startsWith(path.dirname(userData))) continue;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, l.contents);
      }
      resolveExit(code);
    });
    if (verbose) page.on('console', (m) => process.stderr.write(`[browser] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[vscode ${args.version}] page error: ${e.message}\n`));
    const payload: [string, string][] = [
      ...args.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', server!.remoteUri(p)]),
      ['extensionTestsPath', server.remoteUri(args.extensionTestsPath)],
    ];
    await page.goto(server.workbenchUrl(folder, payload));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(`[vscode ${args.version}] no test result within ${timeoutMs / 1000} s\n`);
        resolve(1);
      }, timeoutMs);
    });
    const crashed = new Promise<number>((resolve) => {
      page.on('crash', () => {
        process.stderr.write(`[vscode ${args.version}] the workbench page crashed\n`);
        resolve(1);
      });
    });
    const code = await Promise.race([exited, timedOut, crashed]);
    clearTimeout(timer);
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  }
}

if (require.main === module) {
  let args: AdapterArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`adapter: ${(e as Error).message}\n`);
    process.exit(2);
  }
  run(args).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`[vscode ${args.version}] ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
