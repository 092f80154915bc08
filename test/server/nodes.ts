/**
 * Deterministic node lists (ListPoolNodes items) for the local server, the
 * bundled samples (src/samples/nodes.json, written by
 * scripts/sample-nodes.js) and the benchmarks.
 *
 * - `poolNodes(pools)`: nodes for every pool of a ListPools response,
 *   consistent with each pool's `status.resources`: per state, flavor and AZ
 *   as many nodes as counted, in the matching phase (available → Available,
 *   abnormal → Abnormal, deleting → Deleting, creating → Creating, and
 *   Checking, the node self-check, for the first `creatingStep.step` nodes of
 *   a creating count larger than one step: that step is built and being
 *   checked). A logical pool lists nodes of its parent where the parent has
 *   one of the same flavor, AZ and state to spare (siblings never share),
 *   labelled with the logical pool (`os.modelarts.node/elastic.quota`);
 *   nodes the parent does not have (a child counting a state its parent
 *   does not) are its own.
 * - `generateNodes(count, options)`: any number of nodes of one pool, for
 *   scale tests; mostly Available, every phase present from 100 on.
 * - `resourcesFromNodes(nodes)`: the `status.resources` counts that fit a
 *   node list.
 *
 * Everything is seeded by names, never by the order of requests, so the same
 * pools always give the same nodes byte for byte.
 */
import { parsePoolList } from '../../src/modelarts/parse';
import {
  NODE_ANNOTATION_DRAIN,
  NODE_ANNOTATION_NPU_PLACEMENT,
  NODE_LABEL_BATCH_NAME,
  NODE_LABEL_CABINET,
  NODE_LABEL_CLUSTER,
  NODE_LABEL_NODEPOOL,
  RESOURCE_STATES,
  type Pool,
  type PoolResourceFlavorCount,
  type PoolResourceStatus,
  type ResourceState,
} from '../../src/modelarts/types';
import { prng } from '../bench/generate';

/** The most nodes generated for one pool (a hostile pools file may count a million). */
export const MAX_GENERATED_NODES_PER_POOL = 20_000;
/** The SDK's label for the logical pool a node is bound to. */
export const NODE_LABEL_ELASTIC_QUOTA = 'os.modelarts.node/elastic.quota';
export const NODE_LABEL_BATCH_UID = 'os.modelarts.node/batch.uid';
export const NODE_LABEL_BATCH_TYPE = 'os.modelarts.node/batch.type';
export const NODE_LABEL_CABINET_EXCLUSIVE = 'os.modelarts.node/volcano.scheduler.cabinet-exclusive';

/** A node item as generated (plain JSON). */
export interface GeneratedNode {
  kind: 'Node';
  apiVersion: 'v2';
  metadata: { name: string; creationTimestamp: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { flavor: string; os: { name: string; imageId?: string; imageType: string }; hostNetwork: { vpc: string; subnet: string; securityGroups: string[] } };
  status: {
    phase: string;
    az: string;
    privateIp?: string;
    resources?: Record<string, string>;
    availableResources?: Record<string, string>;
    taints?: Array<{ key: string; value?: string; effect: string; timeAdded?: string }>;
  };
}

// ---- flavors ------------------------------------------------------------------

interface Capacity {
  cpu: number;
  memoryGi: number;
  accelerator?: { key: string; count: number };
  bareMetal: boolean;
  os: string;
}

const KNOWN_FLAVORS: Record<string, Capacity> = {
  'modelarts.bm.npu.arm.8snt9b3.d': { cpu: 192, memoryGi: 1536, accelerator: { key: 'huawei.com/ascend-snt9', count: 8 }, bareMetal: true, os: 'EulerOS 2.10 (aarch64)' },
  'modelarts.bm.npu.arm.cline.8snt9c.d': { cpu: 320, memoryGi: 1536, accelerator: { key: 'huawei.com/ascend-snt9', count: 16 }, bareMetal: true, os: 'HCE 2.0 (aarch64)' },
  'modelarts.bm.gpu.8v100nv32': { cpu: 72, memoryGi: 512, accelerator: { key: 'nvidia.com/gpu', count: 8 }, bareMetal: true, os: 'Ubuntu 20.04 (x86_64)' },
  'modelarts.vm.gpu.t4u8': { cpu: 8, memoryGi: 32, accelerator: { key: 'nvidia.com/gpu', count: 1 }, bareMetal: false, os: 'Ubuntu 22.04 (x86_64)' },
  'modelarts.vm.cpu.8ud': { cpu: 8, memoryGi: 32, bareMetal: false, os: 'HCE 2.0 (x86_64)' },
  'modelarts.vm.npu.snt3': { cpu: 16, memoryGi: 64, accelerator: { key: 'huawei.com/ascend-snt3', count: 1 }, bareMetal: false, os: 'EulerOS 2.9 (aarch64)' },
};

/** What a node of a flavor has: the known flavors as listed, others guessed from the name. */
export function capacityOf(flavor: string): Capacity {
  const known = KNOWN_FLAVORS[flavor];
  if (known) return known;
  const bareMetal = flavor.includes('.bm.');
  const cards = Number(/\.(\d{1,2})(?:snt|v100|a100|t4|p)/.exec(flavor)?.[1] ?? 0) || (bareMetal ? 8 : 1);
  if (flavor.includes('npu')) {
    return { cpu: bareMetal ? 192 : 24, memoryGi: bareMetal ? 1536 : 96, accelerator: { key: flavor.includes('snt3') ? 'huawei.com/ascend-snt3' : 'huawei.com/ascend-snt9', count: cards }, bareMetal, os: 'EulerOS 2.10 (aarch64)' };
  }
  if (flavor.includes('gpu')) return { cpu: bareMetal ? 64 : 8 * cards, memoryGi: bareMetal ? 512 : 32 * cards, accelerator: { key: 'nvidia.com/gpu', count: cards }, bareMetal, os: 'Ubuntu 22.04 (x86_64)' };
  const cpus = Number(/\.(\d{1,3})u/.exec(flavor)?.[1] ?? 0) || 4;
  return { cpu: cpus, memoryGi: cpus * 4, bareMetal, os: 'HCE 2.0 (x86_64)' };
}

/** Allocatable quantities, as the API reports them ("3920m", "6270Mi" for 4 vCPUs and 8 GiB). */
function allocatable(c: Capacity): { cpuM: number; memoryMi: number } {
  return { cpuM: c.cpu * 1000 - 80, memoryMi: Math.round(c.memoryGi * 1024 * 0.9) - 1102 };
}

// ---- seeds ----------------------------------------------------------------------

/** FNV-1a of a text, for seeding by name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hexOf(seed: string, length: number): string {
  const rand = prng(hash(seed));
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function uuidOf(seed: string): string {
  const h = hexOf(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A node name as ModelArts makes them (`os-node-created-zlncn`), unique among `taken`. */
function nodeName(rand: () => number, taken: Set<string>): string {
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_CHARS[Math.floor(rand() * NAME_CHARS.length)];
    const name = `os-node-created-${suffix}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function isoPlus(base: string | undefined, minutes: number): string {
  const start = Date.parse(base ?? '') || Date.UTC(2024, 0, 1);
  return new Date(start + Math.round(minutes) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A host address for the k-th node of a block: 250 hosts (2 to 251) per /24. */
function hostIp(prefix: string, block: number, k: number): string {
  return `${prefix}.${(block + Math.floor(k / 250)) % 256}.${(k % 250) + 2}`;
}

// ---- one node -------------------------------------------------------------------

const PHASE_OF_STATE: Record<ResourceState, string> = { available: 'Available', creating: 'Creating', abnormal: 'Abnormal', deleting: 'Deleting' };

/** The `status.resources` state a phase counts in: Checking (the self-check after creation) counts as creating. */
export function stateOfPhase(phase: string | undefined): ResourceState | undefined {
  switch (phase) {
    case 'Available':
      return 'available';
    case 'Creating':
    case 'Checking':
      return 'creating';
    case 'Abnormal':
      return 'abnormal';
    case 'Deleting':
      return 'deleting';
    default:
      return undefined;
  }
}

/** Where a pool's nodes live: its physical pool's cluster and network. */
interface Site {
  cluster: string;
  vpc: string;
  subnet: string;
  securityGroup: string;
  /** Second and third octet base of the cabinets' TOR switch addresses. */
  torBlock: number;
  cabinetExclusive: boolean;
  /** Its nodes run a private image (the GPU bare-metal pools: a custom CUDA stack). */
  privateImage: boolean;
}

function siteOf(root: Pool, index: number): Site {
  const name = root.metadata.name;
  return {
    cluster: `modelarts-${name.replace(/^pool-/, '').slice(0, 8)}-cce`,
    vpc: uuidOf(`${name}/vpc`),
    subnet: uuidOf(`${name}/subnet`),
    securityGroup: uuidOf(`${name}/sg`),
    torBlock: index % 256,
    cabinetExclusive: root.metadata.annotations?.['os.modelarts/volcano.scheduler.cabinet-exclusive.enabled'] === 'true',
    privateImage: (root.spec?.resources ?? []).some((r) => (r.flavor ?? '').includes('.bm.gpu.')),
  };
}

interface NodeRequest {
  name: string;
  flavor: string;
  az: string;
  phase: string;
  ip: string | undefined;
  created: string;
  /** When taints were added and drains started. */
  now: string;
  site: Site;
  /** The creation batch (rack or hyperinstance step), when the node was created in one. */
  batch?: { uid: string; name: string; type: string };
  /** A private image (with its ID), else a public one. */
  privateImage: boolean;
  nodepool: string;
  /** Position of the node among its flavor's nodes in its AZ, for cabinets. */
  slot: number;
  rand: () => number;
}

const DRAIN_NOTES = [
  'Drain requested by ops: "HBM ECC errors on NPU 3 & 5" <ticket #4821>',
  'Draining before deletion: 2 pods left (evicted jobs are requeued)',
  'Auto-drain: kubelet stopped posting node status; jobs moved to other nodes',
];

function buildNode(r: NodeRequest): GeneratedNode {
  const capacity = capacityOf(r.flavor);
  const { cpuM, memoryMi } = allocatable(capacity);
  const resources: Record<string, string> = { cpu: `${cpuM}m`, memory: `${memoryMi}Mi` };
  const accel = capacity.accelerator;
  if (accel) resources[accel.key] = String(accel.count);

  const labels: Record<string, string> = {
    [NODE_LABEL_CLUSTER]: r.site.cluster,
    [NODE_LABEL_NODEPOOL]: r.nodepool,
  };
  if (r.batch) {
    labels[NODE_LABEL_BATCH_UID] = r.batch.uid;
    labels[NODE_LABEL_BATCH_NAME] = r.batch.name;
    labels[NODE_LABEL_BATCH_TYPE] = r.batch.type;
  }
  // Bare-metal nodes sit four to a cabinet, under a pair of TOR switches.
  const cabinet = Math.floor(r.slot / 4);
  if (capacity.bareMetal) {
    const tor = `10.${200 + (r.site.torBlock % 50)}.${((hash(r.az) % 16) * 16 + (cabinet % 16)) % 256}`;
    labels[NODE_LABEL_CABINET] = `${tor}.1-${tor}.2`;
  }
  const annotations: Record<string, string> = {};

  // What is in use: daemon sets on every node, jobs on the Available ones.
  let usedCards = 0;
  let busy = 0;
  if (r.phase === 'Available') {
    if (accel && r.site.cabinetExclusive && cabinet === 0 && r.slot < 4) {
      // The first cabinet runs one whole-cabinet job.
      usedCards = accel.count;
      labels[NODE_LABEL_CABINET_EXCLUSIVE] = `job-${hexOf(`${r.site.cluster}/exclusive`, 8)}`;
    } else if (accel) {
      usedCards = Math.min(accel.count, Math.floor(r.rand() * (accel.count + 2)));
    }
    busy = accel ? usedCards / accel.count : r.rand() * 0.8;
  } else if (r.phase === 'Abnormal') {
    usedCards = accel?.count ?? 0;
    busy = 0.5;
  } else if (r.phase === 'Deleting') {
    busy = 0.1;
  }
  const freeCpu = Math.max(0, Math.round((cpuM - 950 - busy * (cpuM - 950) * 0.9) / 10) * 10);
  const freeMemory = Math.max(0, memoryMi - 1712 - Math.round(busy * (memoryMi - 1712) * 0.85));
  let available: Record<string, string> | undefined = { cpu: `${freeCpu}m`, memory: `${freeMemory}Mi` };
  if (accel) available[accel.key] = String(accel.count - usedCards);
  if (accel && accel.key.startsWith('huawei.com/') && r.phase !== 'Creating') {
    // Bit i (from the right) set: card i is occupied.
    annotations[NODE_ANNOTATION_NPU_PLACEMENT] = ((1 << usedCards) - 1).toString(2).padStart(16, '0');
  }

  const taints: GeneratedNode['status']['taints'] = [];
  switch (r.phase) {
    case 'Creating':
      available = undefined;
      taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: r.created });
      break;
    case 'Checking':
      taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: r.now });
      break;
    case 'Abnormal':
      taints.push(
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: r.now },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: r.now },
      );
      annotations[NODE_ANNOTATION_DRAIN] = accel?.key.startsWith('huawei.com/') ? DRAIN_NOTES[0] : DRAIN_NOTES[2];
      break;
    case 'Deleting':
      taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: r.now });
      annotations[NODE_ANNOTATION_DRAIN] = DRAIN_NOTES[1];
      break;
    default:
      if (accel && r.rand() < 0.08) taints.push({ key: 'dedicated', value: 'llm-eval', effect: 'PreferNoSchedule', timeAdded: r.created });
  }

  const status: GeneratedNode['status'] = { phase: r.phase, az: r.az };
  if (r.ip !== undefined) status.privateIp = r.ip;
  status.resources = resources;
  if (available) status.availableResources = available;
  if (taints.length) status.taints = taints;
  const node: GeneratedNode = {
    kind: 'Node',
    apiVersion: 'v2',
    metadata: { name: r.name, creationTimestamp: r.created, labels },
    spec: {
      flavor: r.flavor,
      os: r.privateImage ? { name: capacity.os, imageId: uuidOf(`${r.site.cluster}/${capacity.os}`), imageType: 'private' } : { name: capacity.os, imageType: 'public' },
      hostNetwork: { vpc: r.site.vpc, subnet: r.site.subnet, securityGroups: [r.site.securityGroup] },
    },
    status,
  };
  if (Object.keys(annotations).length) node.metadata.annotations = annotations;
  return node;
}

// ---- a pool list's nodes -----------------------------------------------------------

/** The AZs of a count and how many nodes each: as given when they add up, else spread over `fallback`. */
function azSplit(entry: PoolResourceFlavorCount, count: number, fallback: readonly string[]): Array<[string, number]> {
  const azs = (entry.azs ?? []).filter((a) => typeof a.az === 'string' && (a.count ?? 0) > 0);
  const sum = azs.reduce((n, a) => n + (a.count ?? 0), 0);
  if (azs.length && sum === (entry.count ?? 0)) {
    let left = count;
    return azs.map((a) => {
      const n = Math.min(left, a.count ?? 0);
      left -= n;
      return [a.az as string, n];
    });
  }
  const list = fallback.length ? fallback : ['cn-north-4a'];
  return list.map((az, i) => [az, Math.floor(count / list.length) + (i < count % list.length ? 1 : 0)]);
}

/**
 * The nodes of every pool of a ListPools response (anything else gives no
 * pools), by pool name in the order of the pools, consistent with the pools'
 * counts (see the top of this file). A node listed by several pools (a
 * logical pool and its parents) is one object.
 */
export function poolNodes(poolList: unknown): Map<string, GeneratedNode[]> {
  const parsed = parsePoolList(poolList, 'pools');
  const pools = parsed.ok ? parsed.pools : [];
  const byName = new Map(pools.map((p) => [p.metadata.name, p]));
  const index = new Map(pools.map((p, i) => [p.metadata.name, i]));
  const children = new Map<string, Pool[]>();
  const roots: Pool[] = [];
  const cycles = cycleMembers(pools, byName);
  for (const p of pools) {
    const parent = p.status?.parent;
    // A pool whose parent is missing or in a cycle with it is a root of its own.
    if (parent && byName.has(parent) && !cycles.has(p.metadata.name)) {
      const list = children.get(parent) ?? [];
      list.push(p);
      children.set(parent, list);
    } else {
      roots.push(p);
    }
  }
  let latest = '';
  for (const p of pools) if ((p.metadata.creationTimestamp ?? '') > latest) latest = p.metadata.creationTimestamp ?? '';
  const now = isoPlus(latest || undefined, 18);

  const out = new Map<string, GeneratedNode[]>();
  const fill = (pool: Pool, site: Site, spare: Spare | undefined, names: Set<string>): GeneratedNode[] => {
    const name = pool.metadata.name;
    const logical = pool.spec?.type !== 'Dedicate' && spare !== undefined;
    const rand = prng(hash(name));
    const nodes: GeneratedNode[] = [];
    const fallbackAzs = [...new Set((pool.spec?.resources ?? []).flatMap((r) => (r.azs ?? []).map((a) => a.az ?? '')).filter(Boolean))];
    if (!fallbackAzs.length) for (const m of pool.spec?.masters ?? []) if (m.az) fallbackAzs.push(m.az);
    let fresh = 0;
    const ipBlock = 10 + ((index.get(name) ?? 0) % 200);
    for (const state of RESOURCE_STATES) {
      for (const entry of pool.status?.resources?.[state] ?? []) {
        const flavor = entry.flavor ?? 'modelarts.vm.cpu.8ud';
        const room = MAX_GENERATED_NODES_PER_POOL - nodes.length;
        const count = Math.min(entry.count ?? 0, room);
        if (count <= 0) continue;
        const step = entry.creatingStep?.step;
        const checking = state === 'creating' && step !== undefined && step > 0 && count > step ? step : 0;
        // Nodes created in steps (racks, hyperinstances) carry their batch.
        const creatingStep = entry.creatingStep ?? pool.spec?.resources?.find((r) => r.flavor === flavor)?.creatingStep;
        const batchOf = (k: number): NodeRequest['batch'] => {
          const size = creatingStep?.step;
          if (!size || size < 1 || !creatingStep?.type) return undefined;
          const b = Math.floor(k / size);
          return {
            uid: uuidOf(`${name}/${flavor}/${state}/${b}`),
            name: `${(pool.metadata.labels?.['os.modelarts/name'] ?? 'pool').slice(0, 30)}-${creatingStep.type}-${b + 1}`,
            type: creatingStep.type,
          };
        };
        const privateImage = site.privateImage;
        let made = 0;
        for (const [az, n] of azSplit(entry, count, fallbackAzs)) {
          let left = n;
          if (left === 0) continue;
          for (let candidate = spare?.take(flavor, az, state); candidate; candidate = left > 0 ? spare?.take(flavor, az, state) : undefined) {
            if (logical) candidate.metadata.labels[NODE_LABEL_ELASTIC_QUOTA] = name;
            nodes.push(candidate);
            left--;
            made++;
          }
          for (let slot = n - left; left > 0; left--, slot++, made++) {
            const phase = made < checking ? 'Checking' : PHASE_OF_STATE[state];
            // The last node of a creating batch has no address yet.
            const ip = phase === 'Creating' && left === 1 && n > 1 ? undefined : hostIp('192.168', ipBlock, fresh);
            const created = isoPlus(pool.metadata.creationTimestamp, state === 'creating' ? 3 + made / 2 : 25 + made * 3 + rand() * 20);
            const node = buildNode({
              name: nodeName(rand, names),
              flavor,
              az,
              phase,
              ip,
              created,
              now,
              site,
              batch: batchOf(made),
              privateImage,
              nodepool: `${flavor}-default`,
              slot,
              rand,
            });
            fresh++;
            if (logical) node.metadata.labels[NODE_LABEL_ELASTIC_QUOTA] = name;
            nodes.push(node);
          }
        }
      }
    }
    out.set(name, nodes);
    return nodes;
  };
  for (const root of roots) {
    // Breadth first (a deep chain of pools needs no deep stack); siblings in list order.
    // Names are unique within a whole tree: a node may be listed by several of its pools.
    const site = siteOf(root, index.get(root.metadata.name) ?? 0);
    const names = new Set<string>();
    const queue: Array<{ pool: Pool; spare: Spare | undefined }> = [{ pool: root, spare: undefined }];
    for (let i = 0; i < queue.length; i++) {
      const { pool, spare } = queue[i];
      const nodes = fill(pool, site, spare, names);
      const kids = children.get(pool.metadata.name);
      if (!kids) continue;
      // The children share one supply of this pool's nodes: siblings never get the same node.
      const mine = new Spare(nodes);
      for (const child of kids) queue.push({ pool: child, spare: mine });
    }
  }
  // In the order of the pools.
  return new Map(pools.map((p) => [p.metadata.name, out.get(p.metadata.name) ?? []]));
}

/** A pool's nodes that its children may still take, by flavor, AZ and state, each handed out once. */
class Spare {
  private readonly lists = new Map<string, { nodes: GeneratedNode[]; next: number }>();

  constructor(nodes: readonly GeneratedNode[]) {
    for (const node of nodes) {
      const key = `${node.spec.flavor}\n${node.status.az}\n${stateOfPhase(node.status.phase) ?? ''}`;
      const entry = this.lists.get(key) ?? { nodes: [], next: 0 };
      entry.nodes.push(node);
      this.lists.set(key, entry);
    }
  }

  take(flavor: string, az: string, state: ResourceState): GeneratedNode | undefined {
    const entry = this.lists.get(`${flavor}\n${az}\n${state}`);
    return entry && entry.next < entry.nodes.length ? entry.nodes[entry.next++] : undefined;
  }
}

/** The pools whose parent chain comes back to them: one walk per pool at most (linear). */
function cycleMembers(pools: readonly Pool[], byName: ReadonlyMap<string, Pool>): Set<string> {
  const done = new Set<string>();
  const members = new Set<string>();
  for (const start of pools) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let p: Pool | undefined = start;
    while (p && !done.has(p.metadata.name)) {
      const name = p.metadata.name;
      const at = onPath.get(name);
      if (at !== undefined) {
        for (const m of path.slice(at)) members.add(m);
        break;
      }
      onPath.set(name, path.length);
      path.push(name);
      const parent: string | undefined = p.status?.parent;
      p = parent ? byName.get(parent) : undefined;
    }
    for (const name of path) done.add(name);
  }
  return members;
}

// ---- scale ---------------------------------------------------------------------------

export interface GenerateNodesOptions {
  /** Pool they belong to (seeds names and network). */
  poolName?: string;
  /** Flavors, taken in turn; default one CPU flavor. */
  flavors?: readonly string[];
  /** AZs, taken in turn. */
  azs?: readonly string[];
  /** Creation time of the first node. */
  created?: string;
}

/**
 * `count` nodes of one pool, for scale tests: mostly Available, with every
 * phase from 100 nodes on (node 7 of each hundred Abnormal, 13 Creating, 29
 * Deleting, 31 Checking). Deterministic for equal arguments.
 */
export function generateNodes(count: number, options: GenerateNodesOptions = {}): GeneratedNode[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
  const poolName = options.poolName ?? 'pool-scale';
  const flavors = options.flavors?.length ? options.flavors : ['modelarts.vm.cpu.8ud'];
  const azs = options.azs?.length ? options.azs : ['cn-north-4a', 'cn-north-4b', 'cn-north-4c'];
  const rand = prng(hash(poolName));
  const names = new Set<string>();
  const site = siteOf({ metadata: { name: poolName } }, 0);
  const now = isoPlus(options.created, 60 * 24 * 30);
  const nodes: GeneratedNode[] = new Array<GeneratedNode>(count);
  const phases: Record<number, string> = { 7: 'Abnormal', 13: 'Creating', 29: 'Deleting', 31: 'Checking' };
  for (let k = 0; k < count; k++) {
    const flavor = flavors[k % flavors.length];
    const batch = Math.floor(k / 50);
    nodes[k] = buildNode({
      name: nodeName(rand, names),
      flavor,
      az: azs[Math.floor(k / flavors.length) % azs.length],
      phase: phases[k % 100] ?? 'Available',
      ip: `10.${16 + Math.floor(k / 64_000)}.${Math.floor(k / 250) % 256}.${(k % 250) + 2}`,
      created: isoPlus(options.created, batch * 90 + (k % 50)),
      now,
      site,
      batch: { uid: uuidOf(`${poolName}/batch/${batch}`), name: `scale-batch-${batch + 1}`, type: 'rack' },
      privateImage: false,
      nodepool: `${flavor}-default`,
      slot: Math.floor(k / flavors.length / azs.length),
      rand,
    });
  }
  return nodes;
}

/** The `status.resources` counts of a node list: per state and flavor, with the AZs. */
export function resourcesFromNodes(nodes: readonly GeneratedNode[]): PoolResourceStatus {
  const counts = new Map<string, Map<string, number>>();
  for (const node of nodes) {
    const state = stateOfPhase(node.status.phase);
    if (!state) continue;
    const key = `${state}\n${node.spec.flavor}`;
    const azs = counts.get(key) ?? new Map<string, number>();
    azs.set(node.status.az, (azs.get(node.status.az) ?? 0) + 1);
    counts.set(key, azs);
  }
  const out: PoolResourceStatus = {};
  for (const [key, azs] of counts) {
    const [state, flavor] = key.split('\n') as [ResourceState, string];
    const count = [...azs.values()].reduce((a, b) => a + b, 0);
    (out[state] ??= []).push({ flavor, count, maxCount: count, azs: [...azs].map(([az, n]) => ({ az, count: n })) });
  }
  return out;
}
