/**
 * Starts and stops a real VS Code server (server-main.js from the code-server
 * package) on 127.0.0.1, and installs VSIX files into it the way a user does.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Installation } from './env';

export interface ServerDirs {
  /** --server-data-dir */
  serverData: string;
  /** --user-data-dir (User/settings.json lives here) */
  userData: string;
  /** --extensions-dir */
  extensions: string;
}

export interface StartOptions {
  inst: Installation;
  dirs: ServerDirs;
  /** Written to <userData>/User/settings.json before start (merged over the defaults). */
  userSettings?: Record<string, unknown>;
  /** Extra environment for the server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Server output goes here (a file path); always kept for post-mortems. */
  logFile: string;
  /** Print the server's output as it comes (env MODELARTS_VSCODE_VERBOSE=1). */
  verbose?: boolean;
  /** More command-line arguments for the server (e.g. `--locale zh-cn`). */
  extraArgs?: string[];
}

export interface RunningServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The workbench URL opening `folder`, with an optional test payload. */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  /** vscode-remote URI of a path on the server. */
  remoteUri(p: string): string;
  /** Kills the server's whole process group (extension host, watchers). */
  stop(): Promise<void>;
}

export const DEFAULT_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Settings are edited through the JSON editor by the UI steps: what is typed is what is saved.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnSave': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  // Test workspaces live inside this repository's .cache: no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
  'git.autoRepositoryDetection': false,
};

export function makeDirs(root: string): ServerDirs {
  const dirs = {
    serverData: path.join(root, 'server-data'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

function writeUserSettings(dirs: ServerDirs, extra: Record<string, unknown> | undefined): void {
  const settings = { ...DEFAULT_USER_SETTINGS, ...extra };
  // The window's user settings and the remote machine settings, which code-server keeps in the
  // user data dir too (<user-data-dir>/Machine): a window on a server reads machine-scoped
  // settings such as modelarts.endpoint from there.
  for (const file of [path.join(dirs.userData, 'User', 'settings.json'), machineSettingsFile(dirs)]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
  }
}

/**
 * The server's machine settings (what "Preferences: Open Remote Settings (JSON)" edits): in a
 * window on a VS Code server, machine-scoped settings such as modelarts.endpoint apply from there.
 */
export function machineSettingsFile(dirs: ServerDirs): string {
  return path.join(dirs.userData, 'Machine', 'settings.json');
}

/** Environment for the server: the installation's Node first on PATH. */
function serverEnv(inst: Installation, extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.PATH = `${path.dirname(inst.node)}${path.delimiter}${env.PATH ?? ''}`;
  // Keep the server (and the extension host) from inheriting an Electron/Node setup of ours.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_OPTIONS;
  return env;
}

/** Installs a .vsix with the server's own CLI, as `code --install-extension` does. */
export async function installExtension(inst: Installation, dirs: ServerDirs, vsix: string, logFile: string): Promise<void> {
  const args = [
    inst.serverMain,
    '--accept-server-license-terms',
    '--server-data-dir', dirs.serverData,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--install-extension', vsix,
    '--force',
  ];
  const out = fs.openSync(logFile, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = cp.spawn(inst.node, args, { env: serverEnv(inst, undefined), stdio: ['ignore', out, out] });
      child.on('error', reject);
      child.on('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`--install-extension ${vsix} exited ${code}; see ${logFile}`);
  } finally {
    fs.closeSync(out);
  }
  const installed = fs.readdirSync(dirs.extensions).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
  if (installed.length === 0) throw new Error(`--install-extension ${vsix} installed nothing into ${dirs.extensions}; see ${logFile}`);
}

/** Kills a detached child's process group; resolves once the leader has exited. */
export async function killGroup(child: cp.ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  const exited = child.exitCode !== null || child.signalCode !== null;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  if (!exited) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        signal('SIGKILL');
        resolve();
      }, graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  // Whatever is left of the group (extension host, file watcher, pty host).
  signal('SIGKILL');
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { inst, dirs } = opts;
  writeUserSettings(dirs, opts.userSettings);
  const args = [
    inst.serverMain,
    '--host', '127.0.0.1',
    '--port', '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--telemetry-level', 'off',
    '--disable-workspace-trust',
    '--server-data-dir', dirs.serverData,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(opts.extraArgs ?? []),
  ];
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.createWriteStream(opts.logFile);
  const child = cp.spawn(inst.node, args, {
    env: serverEnv(inst, opts.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopped = false;
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`VS Code ${inst.vscode} server did not start within 60 s; see ${opts.logFile}`)), 60000);
    const onData = (d: Buffer) => {
      log.write(d);
      if (opts.verbose) process.stderr.write(`[server ${inst.vscode}] ${d}`);
      seen += d.toString();
      const m = /Extension host agent listening on (\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
      if (seen.length > 100000) seen = seen.slice(-1000);
    };
    function fail(e: Error) {
      clearTimeout(timer);
      void killGroup(child);
      reject(e);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code, sig) => {
      if (!stopped) fail(new Error(`VS Code ${inst.vscode} server exited (${code ?? sig}) before listening; see ${opts.logFile}`));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  const authority = `127.0.0.1:${port}`;
  const remoteUri = (p: string) => `vscode-remote://${authority}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
  return {
    port,
    origin,
    remoteUri,
    workbenchUrl(folder, payload) {
      const q = new URLSearchParams({ folder });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${origin}/?${q.toString()}`;
    },
    async stop() {
      stopped = true;
      await killGroup(child);
      log.end();
    },
  };
}
