/**
 * Filtering benchmark: the tree's status + label filter over a whole load, as
 * a ratio to JSON.parse of the same body, measured side by side. The filter
 * runs on every keystroke of the name filter and on every refresh, so it must
 * stay small next to the cost of merely decoding the response.
 */
import type { Pool } from '../../src/modelarts/types';
import type { PoolFilter } from '../../src/pools/filter';
import { applyFilter } from '../../src/pools/filter';
import { compare, ratioLine } from './measure';

/** Three terms, one of each kind of operator, over labels every pool carries. */
export const BENCH_SELECTOR = 'os.modelarts.pool/biz=private, os.modelarts/sharing!=unshared, os.modelarts/team in (llm,vision,speech,search)';

export const FILTER_TARGET = 0.2;

export async function benchFilter(body: string, pools: Pool[]): Promise<string[]> {
  const statusAndLabel: PoolFilter = { phases: ['Abnormal', 'Error'], labelSelector: BENCH_SELECTOR };
  // Worst case for the selector: no phase term, so every pool is evaluated.
  const labelOnly: PoolFilter = { labelSelector: BENCH_SELECTOR };

  const lines: string[] = [];
  const cases: [string, PoolFilter, boolean][] = [
    // A new array each time, as after a refresh: includes building the name index.
    ['filter: status (Abnormal, Error) + 3-term label selector, fresh load', statusAndLabel, true],
    // The same array again, as when the filter changes on the loaded pools.
    ['filter: status (Abnormal, Error) + 3-term label selector, same load', statusAndLabel, false],
    ['filter: 3-term label selector alone, fresh load', labelOnly, true],
  ];
  for (const [label, filter, fresh] of cases) {
    const check = applyFilter(pools, filter);
    if (check.error) throw new Error(check.error);
    if (check.matched.size === 0) throw new Error(`${label}: matched no pool; the benchmark would measure nothing`);
    const r = compare(
      () => applyFilter(fresh ? pools.slice() : pools, filter),
      () => JSON.parse(body),
      15,
      3,
    );
    lines.push(ratioLine(label, r, 'JSON.parse', FILTER_TARGET));
    lines.push(`  (${check.matched.size} of ${pools.length} pools matched, ${check.context.size} kept as context)`);
  }
  return lines;
}
