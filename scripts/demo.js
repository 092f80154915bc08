#!/usr/bin/env node
// npm run demo: builds and packages the extension, starts the local ModelArts
// server with the sample pools on 127.0.0.1, and opens VS Code with the
// extension installed and pointed at that server:
//   - the desktop `code` when it is on PATH (the VSIX is installed into it);
//   - else a VS Code server (code-server) on 127.0.0.1, whose URL is printed.
// Ctrl-C stops everything this script started.
//
// Options:
//   --server            use code-server even when `code` is on PATH
//   --version 1.139.1   VS Code version for code-server (default: newest provisioned,
//                       else 1.100.3, provisioned on the spot)
//   --port N            code-server port (default: a free one)
//   --no-build          reuse the existing VSIX and out/ (faster restarts)
//   --smoke             start everything, check the workbench answers, then stop
'use strict';

const cp = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const provisioning = require('./provision-vscode.js');

const { which } = provisioning;

const ROOT = path.resolve(__dirname, '..');
const DEMO_DIR = path.join(ROOT, '.cache', 'demo');

function log(msg) {
  process.stdout.write(`[demo] ${msg}\n`);
}

function parseArgs(argv) {
  const out = { server: false, version: undefined, port: 0, build: true, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--server') out.server = true;
    else if (a === '--no-build') out.build = false;
    else if (a === '--smoke') out.smoke = true;
    else if (a === '--version') out.version = argv[++i];
    else if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port needs a port number');
  return out;
}

function runStep(title, cmd, args) {
  log(title);
  const r = cp.spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${title} failed (${r.status ?? r.signal})`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5000, () => req.destroy());
  });
}

/** Children started in their own process group, killed as groups on exit. */
const groups = [];
function spawnGroup(cmd, args, opts) {
  const child = cp.spawn(cmd, args, { ...opts, detached: true });
  groups.push(child);
  return child;
}
function killGroups() {
  for (const child of groups) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => {
    for (const child of groups) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 2000).unref();
}

async function startModelArts() {
  const modulePath = path.join(ROOT, 'out', 'test', 'server', 'server.js');
  if (!fs.existsSync(modulePath)) {
    log('the local ModelArts server is not built (out/test/server): the demo shows the sample pools only');
    return undefined;
  }
  const { startModelArtsServer, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } = require(modulePath);
  const server = await startModelArtsServer({ log: (line) => process.stdout.write(`[modelarts] ${line}\n`) });
  return { server, ak: DEFAULT_ACCESS_KEY, sk: DEFAULT_SECRET_KEY };
}

/** A folder whose workspace settings choose the local server's region (its endpoints go in the user settings: see openServer). */
function demoWorkspace(modelarts) {
  const ws = path.join(DEMO_DIR, 'workspace');
  fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  const settings = modelarts ? { 'modelarts.region': modelarts.server.region } : {};
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  fs.writeFileSync(
    path.join(ws, 'README.md'),
    '# ModelArts Resource Pools demo\n\nOpen the ModelArts entry in the activity bar. "Connect to ModelArts" lists the pools\n' +
      'of the local ModelArts server (keys from the environment); "Explore Sample Pools" shows the bundled sample.\n',
  );
  return ws;
}

function pickVersion(wanted) {
  if (wanted) return wanted;
  const present = [...provisioning.VERSIONS].reverse().find((v) => provisioning.isInstalled(provisioning.installation(v.vscode)));
  return present ? present.vscode : provisioning.VERSIONS[0].vscode;
}

async function openDesktop(vsix, ws, env) {
  const code = which('code');
  runStep(`installing ${path.basename(vsix)} into the desktop VS Code`, code, ['--install-extension', vsix, '--force']);
  cp.spawn(code, ['--new-window', ws], { env, stdio: 'ignore', detached: true }).unref();
  log(`opened ${ws} in the desktop VS Code (\`code\`); it keeps running after Ctrl-C here`);
}

async function openServer(opts, vsix, ws, env, endpoints) {
  const version = pickVersion(opts.version);
  let inst = provisioning.installation(version);
  if (!provisioning.isInstalled(inst)) {
    log(`VS Code ${version} is not provisioned yet: installing it (a minute or a few)`);
    await provisioning.provision({ versions: version });
    inst = provisioning.installation(version);
  }
  const dir = path.join(DEMO_DIR, version);
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  const settingsFile = path.join(userData, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(
      settingsFile,
      `${JSON.stringify(
        {
          'workbench.startupEditor': 'readme',
          'telemetry.telemetryLevel': 'off',
          'git.openRepositoryInParentFolders': 'never',
          'extensions.autoCheckUpdates': false,
        },
        null,
        2,
      )}\n`,
    );
  }
  // modelarts.endpoint and iamEndpoint are machine-scoped: only the user settings can point the
  // extension at the local server. code-server reads them from User/ and the server's Machine/.
  if (endpoints) {
    for (const file of [settingsFile, path.join(userData, 'Machine', 'settings.json')]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const current = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      fs.writeFileSync(file, `${JSON.stringify({ ...current, ...endpoints }, null, 2)}\n`);
    }
  }
  const port = opts.port || (await freePort());
  // code-server reads this instead of writing a default into ~/.config.
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const base = [inst.codeServerEntry, '--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  const serverEnv = { ...env, PATH: `${path.dirname(inst.node)}${path.delimiter}${env.PATH || ''}` };
  log(`installing ${path.basename(vsix)} into code-server ${inst.codeServer} (VS Code ${version})`);
  const r = cp.spawnSync(inst.node, [...base, '--install-extension', vsix, '--force'], { env: serverEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`--install-extension failed:\n${r.stdout}${r.stderr}`);
  const logFile = path.join(dir, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const child = spawnGroup(
    inst.node,
    [...base, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', ws],
    { env: serverEnv, stdio: ['ignore', out, out] },
  );
  const origin = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60000;
  while ((await httpStatus(`${origin}/healthz`)) !== 200) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${logFile}`);
    if (Date.now() > until) throw new Error(`code-server did not answer within 60 s; see ${logFile}`);
    await new Promise((res) => setTimeout(res, 300));
  }
  const url = `${origin}/?folder=${encodeURIComponent(ws)}`;
  log(`VS Code ${version} (code-server ${inst.codeServer}) is up; log: ${path.relative(ROOT, logFile)}`);
  return { url, origin, child };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.build) {
    runStep('building and packaging the extension (npm run package)', 'npm', ['run', '--silent', 'package']);
    runStep('compiling the local ModelArts server', process.execPath, ['esbuild.js', '--tests']);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found (run without --no-build)`);

  let modelarts;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    killGroups();
    await modelarts?.server.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));

  try {
    modelarts = await startModelArts();
    const ws = demoWorkspace(modelarts);
    // The extension finds the keys in the environment (after VS Code secret storage).
    const env = { ...process.env };
    if (modelarts) {
      env.HUAWEICLOUD_SDK_AK = modelarts.ak;
      env.HUAWEICLOUD_SDK_SK = modelarts.sk;
    }
    delete env.ELECTRON_RUN_AS_NODE;
    const desktop = which('code') && !opts.server && !opts.smoke;
    let url;
    if (desktop) {
      await openDesktop(vsix, ws, env);
    } else {
      const endpoints = modelarts ? { 'modelarts.endpoint': modelarts.server.url, 'modelarts.iamEndpoint': modelarts.server.url } : undefined;
      ({ url } = await openServer(opts, vsix, ws, env, endpoints));
    }
    process.stdout.write('\n');
    if (modelarts) {
      log(`local ModelArts server: ${modelarts.server.url} (project ${modelarts.server.projectId}, region ${modelarts.server.region})`);
      log(`  keys for "ModelArts: Configure Credentials…": AK ${modelarts.ak}  SK ${modelarts.sk} (already in the environment)`);
      if (desktop) {
        log(`  in your user settings (a workspace cannot set them): "modelarts.endpoint": "${modelarts.server.url}", "modelarts.iamEndpoint": "${modelarts.server.url}"`);
      }
    }
    if (url) log(`open VS Code in your browser: ${url}`);
    log('in VS Code: the ModelArts entry in the activity bar → "Connect to ModelArts" (local server) or "Explore Sample Pools"');
    if (opts.smoke) {
      const status = await httpStatus(url);
      log(`smoke check: the workbench answered HTTP ${status}`);
      await stop(status === 200 ? 0 : 1);
      return;
    }
    log('press Ctrl-C to stop everything');
  } catch (e) {
    process.stderr.write(`[demo] ${e.message}\n`);
    await stop(1);
  }
}

main();
