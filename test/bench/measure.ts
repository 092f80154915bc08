/**
 * Side-by-side timing for the benchmarks: the candidate and the baseline run
 * alternately in one process, several rounds each, and the medians are
 * compared, so machine noise hits both alike.
 */

export interface Comparison {
  candidateMs: number;
  baselineMs: number;
  ratio: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs each function `rounds` times (after `warmup` untimed runs), alternating, and compares medians. */
export function compare(candidate: () => unknown, baseline: () => unknown, rounds = 9, warmup = 2): Comparison {
  for (let i = 0; i < warmup; i++) {
    candidate();
    baseline();
  }
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first so neither always gets the warmer cache.
    const pair: [() => unknown, number[]][] = i % 2 ? [[baseline, b], [candidate, c]] : [[candidate, c], [baseline, b]];
    for (const [fn, out] of pair) {
      const t0 = process.hrtime.bigint();
      fn();
      out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const candidateMs = median(c);
  const baselineMs = median(b);
  return { candidateMs, baselineMs, ratio: candidateMs / baselineMs };
}

/** One printed line: both medians, the ratio and whether it meets the target. */
export function ratioLine(label: string, r: Comparison, baselineLabel: string, target: number): string {
  const verdict = r.ratio <= target ? 'meets' : 'MISSES';
  return `${label}: ${r.candidateMs.toFixed(2)} ms vs ${baselineLabel} ${r.baselineMs.toFixed(2)} ms = ${r.ratio.toFixed(3)}x (target ≤ ${target}x: ${verdict})`;
}
