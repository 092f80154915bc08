/**
 * Deterministic synthetic ListPools responses for the benchmarks (and for
 * tests that need many pools). A seeded PRNG drives every choice, so the same
 * (count, seed) always yields byte-identical output.
 *
 * Shape: about 10% physical pools (spec.type "Dedicate"), the rest logical
 * sub-pools whose parents sit at depths 0..4 (so children reach depth 1..5),
 * in shuffled order (children may come before their parents, as the API does
 * not promise an order). Every phase appears; every pool carries the seven
 * well-known labels plus a team label, so multi-term label selectors have
 * something to match and something to reject.
 */
import type {
  Pool,
  PoolList,
  PoolResource,
  PoolResourceStatus,
  PoolScopeStatus,
  ScopeType,
} from '../../src/modelarts/types';
import { POOL_PHASES } from '../../src/modelarts/types';

export interface GeneratedPoolList {
  /** The response body, as the server would send it. */
  body: string;
  /** The same items as objects (the body is already serialised; mutating them does not change it). */
  pools: unknown[];
}

/** Deepest sub-pool level produced (a physical pool is depth 0). */
export const MAX_GENERATED_DEPTH = 5;

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLAVORS = [
  'modelarts.bm.npu.arm.8snt9b3.d',
  'modelarts.bm.gpu.8v100nv32',
  'modelarts.vm.gpu.t4u8',
  'modelarts.vm.cpu.8ud',
  'modelarts.vm.gpu.pnt004',
];
const AZS = ['cn-north-4a', 'cn-north-4b', 'cn-north-4c', 'cn-north-4g'];
const WORKSPACES = ['0', '0', '0', '0', 'b3f1c0d2a4e54f6a8b7c9d0e1f2a3b4c', '6e5d4c3b2a1f40e9d8c7b6a5f4e3d2c1'];
const TEAMS = ['llm', 'vision', 'speech', 'search', 'ads', 'platform', 'research'];
const USES = ['train', 'infer', 'dev', 'eval', 'batch', 'sandbox'];
const SCOPES: ScopeType[] = ['Train', 'Infer', 'Notebook'];
/** Running dominates, as in real accounts; every phase still shows up. */
const PHASE_WEIGHTS: Record<string, number> = {
  Running: 12,
  Creating: 1,
  Abnormal: 1,
  Deleting: 1,
  Error: 1,
  CreationFailed: 1,
  ScalingFailed: 1,
  Waiting: 1,
};
const FAILURE_MESSAGES: Record<string, string> = {
  Creating: 'Creating nodes: batch 1 of 2 in progress.',
  Abnormal: '1 node is abnormal: node NotReady (kubelet stopped posting node status).',
  Deleting: 'Releasing nodes.',
  Error: 'Failed to synchronize the quota with the parent pool (ModelArts.50015204).',
  CreationFailed: 'Failed to create nodes: insufficient capacity in the selected AZ (ModelArts.50004112).',
  ScalingFailed: 'Scaling failed: the parent pool has no idle nodes of the requested flavor.',
  Waiting: 'Waiting for payment of the order.',
};

/**
 * Builds a ListPools response of `count` pools. `seed` (default 1) picks the
 * variant; equal arguments give identical output.
 */
export function generatePoolList(count: number, seed = 1): GeneratedPoolList {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
  }
  const rand = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
    return s;
  };
  const phaseTotal = Object.values(PHASE_WEIGHTS).reduce((a, b) => a + b, 0);
  const pickPhase = (i: number): string => {
    // The first few pools after the roots cover every phase once.
    if (i >= 1 && i <= POOL_PHASES.length) return POOL_PHASES[i - 1];
    let r = rand() * phaseTotal;
    for (const [phase, w] of Object.entries(PHASE_WEIGHTS)) {
      if ((r -= w) < 0) return phase;
    }
    return 'Running';
  };

  interface Node {
    pool: Pool;
    depth: number;
    root: Node | undefined;
    flavors: string[];
    workspace: string;
  }
  const byDepth: Node[][] = Array.from({ length: MAX_GENERATED_DEPTH + 1 }, () => []);
  const nodes: Node[] = [];
  const start = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;

  for (let i = 0; i < count; i++) {
    const physical = i % 10 === 0;
    const team = pick(TEAMS);
    const displayName = `${team}-${pick(USES)}-${i.toString(36)}`;
    const name = `pool-${hex(8)}-${hex(4)}-${i.toString(16).padStart(8, '0')}`;
    const phase = pickPhase(i);

    let parent: Node | undefined;
    let depth = 0;
    if (!physical) {
      // Aim for depth 1..5 in turn; fall back to the deepest level available.
      let want = (i % MAX_GENERATED_DEPTH) + 1;
      while (byDepth[want - 1].length === 0) want--;
      parent = pick(byDepth[want - 1]);
      depth = want;
    }
    const root = parent ? (parent.root ?? parent) : undefined;
    const flavors = parent
      ? parent.flavors.slice(0, Math.max(1, int(1, parent.flavors.length)))
      : [...new Set([pick(FLAVORS), pick(FLAVORS)])];
    const workspace = parent && rand() < 0.8 ? parent.workspace : pick(WORKSPACES);
    const scope = SCOPES.filter(() => rand() < 0.6);
    if (scope.length === 0) scope.push('Train');

    const resources: PoolResource[] = flavors.map((flavor) => {
      const n = physical ? int(4, 64) : int(1, 16);
      const azs = physical ? [pick(AZS)] : [];
      return {
        flavor,
        count: n,
        maxCount: physical ? n : n + int(0, 4),
        ...(physical ? { azs: azs.map((az) => ({ az, count: n })) } : {}),
      };
    });

    const status: PoolResourceStatus = {};
    for (const r of resources) {
      const n = r.count ?? 0;
      const entry = { flavor: r.flavor, count: n, maxCount: r.maxCount };
      if (phase === 'Creating') (status.creating ??= []).push(entry);
      else if (phase === 'Deleting') (status.deleting ??= []).push(entry);
      else if (phase === 'Abnormal' && n > 1) {
        (status.available ??= []).push({ ...entry, count: n - 1 });
        (status.abnormal ??= []).push({ ...entry, count: 1 });
      } else if (phase === 'Abnormal') (status.abnormal ??= []).push(entry);
      else if (phase !== 'Waiting' && phase !== 'CreationFailed') (status.available ??= []).push(entry);
    }
    const scopeStatus: PoolScopeStatus[] = scope.map((scopeType) => ({
      scopeType,
      state: phase === 'CreationFailed' ? 'EnableFailed' : phase === 'Creating' ? 'Enabling' : 'Enabled',
      plugins: [
        { name: 'volcano', phase: phase === 'Abnormal' ? 'Abnormal' : 'Running' },
        { name: 'modelarts-job-agent', phase: 'Running' },
      ],
    }));

    const pool: Pool = {
      kind: 'Pool',
      apiVersion: 'v2',
      metadata: {
        name,
        creationTimestamp: new Date(start + Math.floor(rand() * span)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        labels: {
          'os.modelarts/workspace.id': workspace,
          'os.modelarts/name': displayName,
          'os.modelarts/resource.id': `maos-${displayName}-${hex(5)}`,
          'os.modelarts/tenant.domain.id': '0d9f3c4b7a5e4e1f9c2b8a6d3e7f1a20',
          'os.modelarts/create-from': 'admin-console',
          'os.modelarts.pool/biz': rand() < 0.85 ? 'private' : 'public',
          'os.modelarts/sharing': rand() < 0.5 ? 'shared' : 'unshared',
          'os.modelarts/team': team,
        },
        annotations: {
          'os.modelarts/description': `Synthetic ${physical ? 'physical' : 'logical'} pool #${i} for ${team}`,
          'os.modelarts/billing.mode': rand() < 0.5 ? '0' : '1',
        },
      },
      spec: {
        type: physical ? 'Dedicate' : 'Logical',
        scope,
        resources,
        ...(physical
          ? {
              network: { name: `network-${hex(8)}-${hex(24)}` },
              containerNetwork: { mode: 'overlay_l2', cidr: '10.0.0.0/16' },
              kubernetesSvcIpRange: '10.247.0.0/16',
              masters: [{ az: resources[0].azs?.[0]?.az }],
            }
          : {}),
      },
      status: {
        phase,
        ...(phase === 'Running' ? {} : { message: FAILURE_MESSAGES[phase] }),
        resources: status,
        scope: scopeStatus,
        ...(parent ? { parent: parent.pool.metadata.name } : {}),
        root: root ? root.pool.metadata.name : name,
      },
    };
    const node: Node = { pool, depth, root, flavors, workspace };
    nodes.push(node);
    if (depth < MAX_GENERATED_DEPTH) byDepth[depth].push(node);
  }

  // Shuffle (Fisher-Yates) so parents do not always precede their children.
  const items = nodes.map((n) => n.pool);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  const list: PoolList = { kind: 'PoolList', apiVersion: 'v2', items };
  const body = JSON.stringify(list);
  return { body, pools: items };
}
