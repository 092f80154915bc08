/**
 * What the UI steps share: the sample data as read from src/samples/pools.json
 * (the expected rows, counts and texts are worked out from it here, without
 * the extension's code), and the session the steps of one VS Code version
 * run in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../vscode/env';
import type { ServerDirs } from '../vscode/server';
import { pollUntil, type Screenshots, type Workbench } from '../vscode/workbench';
import type { RunningModelArtsServer } from '../server/server';

export const CONTAINER_TITLE = 'ModelArts';
export const VIEW_NAME = 'Resource Pools';
/** The source's name in the view's description and message. */
export const SAMPLE_SOURCE_LABEL = 'Sample pools';

export interface RawFlavorCount {
  flavor?: string;
  count?: number;
}

export interface RawPool {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { type?: string; resources?: RawFlavorCount[] };
  status?: {
    phase?: string;
    parent?: string;
    root?: string;
    resources?: Partial<Record<'creating' | 'available' | 'abnormal' | 'deleting', RawFlavorCount[]>>;
  };
}

export const root = repoRoot();
export const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; publisher: string };
/** The packaged VSIX the UI suites install (env MODELARTS_VSIX, else the one `npm run package` made). */
export function vsixPath(): string {
  const file = process.env.MODELARTS_VSIX ?? path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run \`npm run package\` first (npm run test:ui does).`);
  return file;
}

export const samples = (JSON.parse(fs.readFileSync(path.join(root, 'src', 'samples', 'pools.json'), 'utf8')) as { items: RawPool[] }).items;

export const displayName = (p: RawPool): string => p.metadata.labels?.['os.modelarts/name'] || p.metadata.name;
export const parentOf = (p: RawPool): string | undefined =>
  p.status?.parent || (p.status?.root && p.status.root !== p.metadata.name ? p.status.root : undefined);
export const rootPools = samples.filter((p) => parentOf(p) === undefined);
export const childrenOf = (p: RawPool): RawPool[] => samples.filter((c) => parentOf(c) === p.metadata.name);

/** The sample pool with this display name (fails loudly if the data changed). */
export function sampleByDisplayName(name: string): RawPool {
  const pool = samples.find((p) => displayName(p) === name);
  if (!pool) throw new Error(`no pool named "${name}" in src/samples/pools.json`);
  return pool;
}

/** The ancestors of a pool, nearest first. */
export function ancestorsOf(p: RawPool): RawPool[] {
  const out: RawPool[] = [];
  const seen = new Set<string>([p.metadata.name]);
  for (let up = parentOf(p); up !== undefined && !seen.has(up); ) {
    seen.add(up);
    const next = samples.find((x) => x.metadata.name === up);
    if (!next) break;
    out.push(next);
    up = parentOf(next);
  }
  return out;
}

/** Tree level (1 at the top) of a pool whose whole ancestry is shown. */
export const levelOf = (p: RawPool): number => ancestorsOf(p).length + 1;

/**
 * What a filter should show: the pools that match, and their ancestors that
 * do not (shown only for context), by display name.
 */
export function expectedRows(pools: readonly RawPool[], matches: (p: RawPool) => boolean): { matched: Set<string>; context: Set<string> } {
  const matched = new Set(pools.filter(matches).map(displayName));
  const context = new Set<string>();
  for (const p of pools.filter(matches)) {
    for (const a of ancestorsOf(p)) if (!matched.has(displayName(a))) context.add(displayName(a));
  }
  return { matched, context };
}

/** Node counts per flavor in one state of status.resources (entries of a flavor summed). */
export function nodeCounts(p: RawPool, state: 'creating' | 'available' | 'abnormal' | 'deleting'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of p.status?.resources?.[state] ?? []) {
    if (!item.flavor) continue;
    counts.set(item.flavor, (counts.get(item.flavor) ?? 0) + (item.count ?? 0));
  }
  return counts;
}

/** Desired node count per flavor (spec.resources). */
export function desiredCounts(p: RawPool): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of p.spec?.resources ?? []) {
    if (!item.flavor || item.count === undefined) continue;
    counts.set(item.flavor, (counts.get(item.flavor) ?? 0) + item.count);
  }
  return counts;
}

/** The session one VS Code version's steps run in; filled in by the suite's `before`. */
export interface UiSession {
  version: string;
  page: Page;
  wb: Workbench;
  shots: Screenshots;
  modelarts: RunningModelArtsServer;
  /** The workspace folder open in the window (its .vscode/settings.json points at `modelarts`). */
  workspace: string;
  /** The server's folders (user settings, machine settings, extensions). */
  dirs: ServerDirs;
  /** The server's --user-data-dir: the extension host's logs are under logs/. */
  userDataDir: string;
  /** Every local ModelArts server the steps use, by role: their request logs are printed when a step fails. */
  servers: Map<string, RunningModelArtsServer>;
}

/**
 * Whether `message` is the view's message line for `text`: all of it, or
 * its start and "…" (the line is cut to fit the side bar).
 */
export function isMessageLineOf(message: string, text: string): boolean {
  return message === text || (message.endsWith('…') && message.length > 1 && text.startsWith(message.slice(0, -1)));
}

/** The rows a tree shows now, by display name (an accessible name reads "name, phase, description"). */
export function rowName(accessibleName: string): string {
  const comma = accessibleName.indexOf(',');
  return comma < 0 ? accessibleName : accessibleName.slice(0, comma);
}

/** Waits for `check` to hold (polling), then returns; throws with its last complaint otherwise. */
export async function eventually(page: Page, check: () => Promise<string | undefined>, timeout = 15000): Promise<void> {
  await pollUntil(page, check, timeout);
}
