/**
 * The rate over a phase's steady state, from its successful calls per whole second: without the first
 * `burstSeconds`, where a token bucket that starts full lets through its capacity on top of the allowed rate
 * (counted from t = 0, a short phase beats the limit by construction). Undefined when no second is left.
 */
export function steadyRate(
  perSecond: readonly number[],
  burstSeconds = 1,
): { rate: number; seconds: number } | undefined {
  const steady = perSecond.slice(burstSeconds);
  if (steady.length === 0) return undefined;
  return { rate: steady.reduce((sum, n) => sum + n, 0) / steady.length, seconds: steady.length };
}
