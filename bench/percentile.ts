/**
 * The p-th percentile of ascending values by nearest rank: the smallest value with at least p % of
 * the values at or below it (NaN for no values).
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
