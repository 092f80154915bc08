/**
 * Where things are for the real-VS Code harness, shared by the extension-host
 * runner, the UI tests and the demo. The version table and the install layout
 * live in scripts/provision-vscode.js (plain JS: it runs before anything is
 * compiled); this module gives them types.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface VersionSpec {
  /** VS Code version, e.g. "1.100.3". */
  vscode: string;
  /** The npm code-server version that ships it. */
  codeServer: string;
  node: { major: number; pkg: string };
}

export interface Installation {
  vscode: string;
  codeServer: string;
  dir: string;
  marker: string;
  /** The Node.js binary the server runs on (its native modules are built for it). */
  node: string;
  codeServerDir: string;
  /** lib/vscode/out/server-main.js inside the code-server package. */
  serverMain: string;
  /** code-server's own CLI entry (out/node/entry.js). */
  codeServerEntry: string;
}

interface ProvisionModule {
  VERSIONS: VersionSpec[];
  ROOT: string;
  cacheRoot(): string;
  chromiumPath(): string | undefined;
  installation(version: string): Installation;
  isInstalled(inst: Installation): boolean;
  provision(opts?: { check?: boolean; versions?: string }): Promise<Installation[]>;
  selectedVersions(list?: string): VersionSpec[];
}

/** The repository root: the nearest folder above this file with our package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'modelarts-pools') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no modelarts-pools package.json above ${__dirname}`);
    dir = up;
  }
}

let provisionModule: ProvisionModule | undefined;
export function provisioning(): ProvisionModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  provisionModule ??= require(path.join(repoRoot(), 'scripts', 'provision-vscode.js')) as ProvisionModule;
  return provisionModule;
}

/** The versions to test: all, or env MODELARTS_VSCODE_VERSIONS (comma-separated). */
export function testVersions(): VersionSpec[] {
  return provisioning().selectedVersions();
}

/** An installed VS Code server, or an error that says how to provision it. */
export function requireInstallation(version: string): Installation {
  const p = provisioning();
  const inst = p.installation(version);
  if (!p.isInstalled(inst)) {
    throw new Error(`VS Code ${version} is not provisioned in ${p.cacheRoot()}: run \`npm run provision\` first.`);
  }
  return inst;
}

export function chromium(): string {
  const p = provisioning().chromiumPath();
  if (!p) throw new Error('Chromium not found (set CHROMIUM_PATH, or run `npm run provision`).');
  return p;
}

/** Scratch space for test runs (git-ignored), emptied per use. */
export function freshDir(...parts: string[]): string {
  const dir = path.join(repoRoot(), '.cache', 'vscode-test', ...parts);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Chromium flags for this closed network (see docs on running the real VS Code). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
