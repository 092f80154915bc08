/**
 * What a failing UI step leaves behind, so that CI's output alone explains
 * it: the screenshot, a Playwright trace of the step, the VS Code server's
 * log, the last lines of the extension's own log and the request log of
 * every local ModelArts server the suite runs. Every path is printed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RecordedRequest, RunningModelArtsServer } from '../server/server';

/** Lines of the extension's log printed inline on a failure. */
const EXTENSION_LOG_LINES = 40;
/** Requests per server printed inline on a failure (all of them go to the file). */
const REQUEST_LINES = 15;

/** Every ModelArts.log under the user data dir's logs, oldest first (one per extension host: a reload starts another). */
export function extensionLogFiles(userDataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === 'ModelArts.log') out.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return out.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}

/** How many times the extension has logged its activation, across extension hosts. */
export function activations(userDataDir: string): number {
  let n = 0;
  for (const file of extensionLogFiles(userDataDir)) n += (fs.readFileSync(file, 'utf8').match(/\] ModelArts Resource Pools \S+ activated\./g) ?? []).length;
  return n;
}

/** One line per request, without headers (they hold signatures). */
export function requestLine(r: RecordedRequest): string {
  const query = Object.entries(r.query)
    .map(([k, vs]) => vs.map((v) => `${k}=${v}`).join('&'))
    .join('&');
  return `${r.method} ${r.path}${query ? `?${query}` : ''} → ${r.status < 0 ? 'dropped' : r.status}${r.misbehaved ? ' (misbehaved on purpose)' : ''}${r.authFailure ? ` [${r.authFailure}]` : ''}`;
}

export interface FailureContext {
  /** test-results/<version>/ */
  dir: string;
  /** Repository root, for relative paths in the output. */
  root: string;
  /** The step's file name stem (e.g. "12-failed-keeps-the-filter"). */
  stem: string;
  serverLog: string;
  userDataDir: string;
  /** The local ModelArts servers by role ("first", "typed keys", …). */
  servers: ReadonlyMap<string, RunningModelArtsServer>;
  print(line: string): void;
}

/** Writes and prints what explains a failed step (never throws: a failure report must not fail). */
export function reportFailure(ctx: FailureContext): void {
  const rel = (p: string) => path.relative(ctx.root, p);
  const safe = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      ctx.print(`      (${what} unavailable: ${e instanceof Error ? e.message : String(e)})`);
    }
  };
  safe('server log', () => ctx.print(`      VS Code server log: ${rel(ctx.serverLog)}`));
  safe('extension log', () => {
    const files = extensionLogFiles(ctx.userDataDir);
    if (files.length === 0) {
      ctx.print(`      extension log: none under ${rel(path.join(ctx.userDataDir, 'logs'))}`);
      return;
    }
    const last = files[files.length - 1];
    const lines = fs.readFileSync(last, 'utf8').trimEnd().split('\n');
    ctx.print(`      extension log: ${rel(last)} (last ${Math.min(EXTENSION_LOG_LINES, lines.length)} of ${lines.length} lines):`);
    for (const l of lines.slice(-EXTENSION_LOG_LINES)) ctx.print(`        | ${l}`);
  });
  for (const [role, server] of ctx.servers) {
    safe(`request log of ${role}`, () => {
      const lines = server.requests.map(requestLine);
      const file = path.join(ctx.dir, `${ctx.stem}.requests-${role.replace(/[^\w-]+/g, '-')}.log`);
      fs.writeFileSync(file, `${server.url} (${role}): ${server.count()} requests since the last reset, the last ${lines.length} kept\n${lines.join('\n')}\n`);
      ctx.print(`      request log of the ModelArts server "${role}" (${server.url}): ${rel(file)} (last ${Math.min(REQUEST_LINES, lines.length)}):`);
      for (const l of lines.slice(-REQUEST_LINES)) ctx.print(`        | ${l}`);
    });
  }
}

/**
 * A Playwright trace per step: recorded in chunks, kept only for a failed
 * step (as `<stem>.trace.zip`, open with `npx playwright show-trace`).
 */
export class StepTraces {
  private started = false;

  constructor(private readonly context: BrowserContext) {}

  async start(): Promise<void> {
    await this.context.tracing.start({ screenshots: true, snapshots: true });
    this.started = true;
  }

  async beginStep(title: string): Promise<void> {
    if (this.started) await this.context.tracing.startChunk({ title });
  }

  /** Ends the step's chunk: saved to `file` when given, else dropped. */
  async endStep(file?: string): Promise<void> {
    if (!this.started) return;
    await this.context.tracing.stopChunk(file ? { path: file } : undefined);
  }

  async stop(): Promise<void> {
    if (this.started) await this.context.tracing.stop().catch(() => undefined);
    this.started = false;
  }
}

/** What a suite hands to finishStep. */
export interface StepContext {
  page: Page;
  shots: { dir: string; take(page: Page, step: string): Promise<string> };
  traces: StepTraces | undefined;
  root: string;
  serverLog: string;
  userDataDir: string;
  servers: ReadonlyMap<string, RunningModelArtsServer>;
}

/**
 * Ends a step (mocha's afterEach): drops its trace when it passed; when it
 * failed, leaves everything that explains it, with its path (CI's output is
 * all there is): a screenshot, the step's trace and reportFailure's logs.
 */
export async function finishStep(step: { title: string; state?: string } | undefined, ctx: StepContext): Promise<void> {
  if (step?.state !== 'failed') {
    await ctx.traces?.endStep().catch(() => undefined);
    return;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const shot = await ctx.shots.take(ctx.page, `failed-${step.title}`).catch((e: unknown) => {
    print(`      (no screenshot: ${why(e)})`);
    return undefined;
  });
  const stem = shot ? path.basename(shot, '.png') : `failed-${step.title.replace(/[^\w-]+/g, '-')}`;
  const trace = path.join(ctx.shots.dir, `${stem}.trace.zip`);
  const rel = path.relative(ctx.root, trace);
  await ctx.traces?.endStep(trace).then(
    () => print(`      trace: ${rel} (npx playwright show-trace ${rel})`),
    (e: unknown) => print(`      (no trace: ${why(e)})`),
  );
  reportFailure({ dir: ctx.shots.dir, root: ctx.root, stem, serverLog: ctx.serverLog, userDataDir: ctx.userDataDir, servers: ctx.servers, print });
}
