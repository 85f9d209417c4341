/** The p-th quantile (0–1) of latencies in microseconds, nearest rank; sorts in place. NaN when empty. */
export function percentileMicros(latencies: number[], p: number): number {
  if (latencies.length === 0) return Number.NaN;
  latencies.sort((a, b) => a - b);
  return latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p * latencies.length) - 1))];
}
