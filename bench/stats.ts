/**
 * Figures from repeated rounds. This machine is shared and noisy, so a single number means little: every figure
 * keeps its samples, reports their median, and shows the spread (min–max) beside it.
 */
export interface Figure {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function figure(samples: readonly number[]): Figure {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples: [...samples],
  };
}

/** One number, measured once (a count, a size): a figure whose spread is nil. */
export function single(value: number): Figure {
  return figure([value]);
}

/**
 * Per-round ratios of two sides measured in the same round. The median of the ratios, not the ratio of the
 * medians: a burst of noise then slows both sides of one round instead of one side of the comparison.
 */
export function ratioFigure(numerators: readonly number[], denominators: readonly number[]): Figure {
  if (numerators.length !== denominators.length) throw new Error("ratio of unpaired samples");
  return figure(numerators.map((value, index) => value / denominators[index]));
}

export interface RoundPlan {
  rounds: number;
}

/**
 * Runs every side once per round, rotating which side goes first so that neither always gets the warmer (or the
 * more disturbed) slot. Returns each side's samples in round order.
 */
export async function runRounds<Side extends string, Sample = number>(
  plan: RoundPlan,
  sides: Record<Side, () => Promise<Sample>>,
): Promise<Record<Side, Sample[]>> {
  const names = Object.keys(sides) as Side[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Side, Sample[]>;
  for (let round = 0; round < plan.rounds; round++) {
    const order = names.map((_, index) => names[(index + round) % names.length]);
    for (const name of order) samples[name].push(await sides[name]());
  }
  return samples;
}

/** Nanoseconds since an arbitrary origin, for durations. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}
