/**
 * `npm run bench`: every benchmark of the project, each printed as a ratio to
 * a baseline measured side by side in this one process.
 */
import { parsePoolList, parsePoolListText } from '../../src/modelarts/parse';
import { parseNodeList, parseNodeListText } from '../../src/modelarts/parseNodes';
import { generateNodes } from '../server/nodes';
import { buildHierarchy } from '../../src/pools/hierarchy';
import { benchFilter } from './filter';
import { benchGrowth } from './growth';
import { benchSigner } from './signer';
import { generatePoolList } from './generate';
import { compare, ratioLine } from './measure';

const COUNT = 10_000;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

function benchParse(body: string): string[] {
  const lines: string[] = [];
  const parsed = JSON.parse(body);
  // The model's own cost on top of decoding: validate + group.
  const overhead = compare(
    () => {
      const r = parsePoolList(parsed, 'bench');
      if (!r.ok) throw new Error(r.error);
      buildHierarchy(r.pools);
    },
    () => JSON.parse(body),
  );
  lines.push(ratioLine('validate + group (decoded body)', overhead, 'JSON.parse', 1.0));
  // End to end from text: JSON.parse itself is part of it, so this is ≥ 1 by nature.
  const total = compare(
    () => {
      const r = parsePoolListText(body, 'bench');
      if (!r.ok) throw new Error(r.error);
      buildHierarchy(r.pools);
    },
    () => JSON.parse(body),
  );
  lines.push(
    `parse + validate + group (from text, JSON.parse included, for information): ${total.candidateMs.toFixed(2)} ms vs JSON.parse ${total.baselineMs.toFixed(2)} ms = ${total.ratio.toFixed(3)}x`,
  );

  // Heap the model keeps, as a ratio to the body's size.
  if ((globalThis as { gc?: unknown }).gc) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const r = parsePoolListText(body, 'bench');
    const h = r.ok ? buildHierarchy(r.pools) : undefined;
    gc();
    const after = process.memoryUsage().heapUsed;
    const bytes = Buffer.byteLength(body);
    lines.push(
      `model heap: ${((after - before) / 1048576).toFixed(1)} MiB for a ${(bytes / 1048576).toFixed(1)} MiB body = ${((after - before) / bytes).toFixed(2)}x (pools ${r.ok ? r.pools.length : 0}, roots ${h?.roots.length ?? 0})`,
    );
  } else {
    lines.push('model heap: run with node --expose-gc to measure');
  }
  return lines;
}

/** A ListPoolNodes body of `count` generated nodes of the sample flavors (GPU, NPU and CPU). */
export function nodeListBody(count: number): string {
  const items = generateNodes(count, {
    poolName: 'pool-bench',
    flavors: ['modelarts.bm.npu.arm.8snt9b3.d', 'modelarts.vm.gpu.t4u8', 'modelarts.bm.gpu.8v100nv32', 'modelarts.vm.cpu.8ud'],
    created: '2025-01-01T00:00:00Z',
  });
  return JSON.stringify({ kind: 'NodeList', apiVersion: 'v2', metadata: { continue: 'bzEwMDAwLnAwMDAwMDAwMA', remainingItemCount: 1 }, items });
}

function benchNodes(body: string): string[] {
  const parsed = JSON.parse(body);
  const check = (r: ReturnType<typeof parseNodeList>): void => {
    if (!r.ok) throw new Error(r.error);
    if (r.problems.length) throw new Error(`unexpected problems: ${r.problems[0].message}`);
  };
  const validate = compare(() => check(parseNodeList(parsed, 'bench')), () => JSON.parse(body));
  const total = compare(() => check(parseNodeListText(body, 'bench')), () => JSON.parse(body));
  return [
    ratioLine(`nodes: validate ${NODE_COUNT} nodes (decoded body)`, validate, 'JSON.parse', 1.0),
    `nodes: parse + validate from text (JSON.parse included, for information): ${total.candidateMs.toFixed(2)} ms vs JSON.parse ${total.baselineMs.toFixed(2)} ms = ${total.ratio.toFixed(3)}x`,
  ];
}

const NODE_COUNT = 10_000;

async function main(): Promise<void> {
  const { body } = generatePoolList(COUNT);
  console.log(`Benchmarks on ${COUNT} generated pools (${(Buffer.byteLength(body) / 1048576).toFixed(1)} MiB body), Node ${process.version}`);
  for (const line of benchParse(body)) console.log(`  ${line}`);
  const parsed = parsePoolListText(body, 'bench');
  if (!parsed.ok) throw new Error(parsed.error);
  for (const line of await benchFilter(body, [...parsed.pools])) console.log(`  ${line}`);
  for (const line of await benchSigner()) console.log(`  ${line}`);
  const nodes = nodeListBody(NODE_COUNT);
  console.log(`Nodes: ${NODE_COUNT} generated nodes (${(Buffer.byteLength(nodes) / 1048576).toFixed(1)} MiB body)`);
  for (const line of benchNodes(nodes)) console.log(`  ${line}`);
  console.log('Growth on untrusted input: CPU time at 1 MB / at 100 KB of adversarial input (about 10 is linear, about 100 quadratic)');
  for (const line of benchGrowth()) console.log(`  ${line}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
