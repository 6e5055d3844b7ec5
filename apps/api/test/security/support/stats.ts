export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** |a - b| relative to the larger of the two: 0 when equal, 1 when one is zero. */
export function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(a, b);
}
