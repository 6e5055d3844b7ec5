/** The little arithmetic the figures need: medians, percentiles, a least-squares slope. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * Slope of the least-squares line through (x, y) pairs, in y units per x unit, with its
 * standard error: how far noise alone could have moved it.
 */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): {
  slope: number;
  standardError: number;
} {
  const n = points.length;
  if (n < 3) return { slope: 0, standardError: Number.POSITIVE_INFINITY };
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  if (den === 0) return { slope: 0, standardError: Number.POSITIVE_INFINITY };
  const b = num / den;
  const residuals = points.reduce((s, p) => s + (p.y - meanY - b * (p.x - meanX)) ** 2, 0);
  return { slope: b, standardError: Math.sqrt(residuals / (n - 2) / den) };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Runs each case once per round, reversing the order every other round, so a machine that
 * gets busier or quieter during the run weighs on every case alike.
 */
export async function alternate<T>(
  rounds: number,
  cases: ReadonlyArray<{ name: string; run: () => Promise<T> }>,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) results.get(c.name)!.push(await c.run());
  }
  return results;
}

/**
 * Ratios a / b over blocks of two consecutive rounds of `alternate`: sum of a's over sum of
 * b's in rounds 2k and 2k + 1 (a last round alone makes a block of its own). The two rounds of
 * a block ran the sides in opposite orders, so what going first or second does to a side
 * (the first requests after another process ran cost more; two sides served by one process
 * share its warm-up) cancels out within the block, where a ratio per round would swing
 * between two values, one per order, and their median land on one of them.
 */
export function blockRatios(a: readonly number[], b: readonly number[]): number[] {
  const ratios: number[] = [];
  for (let i = 0; i < a.length; i += 2) {
    const end = Math.min(i + 2, a.length);
    let sumA = 0;
    let sumB = 0;
    for (let j = i; j < end; j++) {
      sumA += a[j]!;
      sumB += b[j]!;
    }
    ratios.push(sumA / sumB);
  }
  return ratios;
}

/** Student's t quantile at 0.975 for 1 to 10 degrees of freedom (a 95 % two-sided interval). */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/**
 * The geometric mean of ratios, with the half-width of its 95 % interval in percent (from
 * the spread of their logarithms; NaN for a single ratio): how far the mean of as many more
 * ratios, measured the same way, could land.
 */
export function geometricMean(ratios: readonly number[]): {
  mean: number;
  plusMinusPercent: number;
} {
  const logs = ratios.map(Math.log);
  const meanLog = logs.reduce((sum, v) => sum + v, 0) / logs.length;
  const n = logs.length;
  if (n < 2) return { mean: Math.exp(meanLog), plusMinusPercent: Number.NaN };
  const variance = logs.reduce((sum, v) => sum + (v - meanLog) ** 2, 0) / (n - 1);
  const t = T_975[Math.min(n - 1, T_975.length) - 1]!;
  const halfWidth = t * Math.sqrt(variance / n);
  return { mean: Math.exp(meanLog), plusMinusPercent: (Math.exp(halfWidth) - 1) * 100 };
}
