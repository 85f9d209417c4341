import type { BenchContext } from "./context";
import type { BenchmarkResult } from "./report";

/**
 * One benchmark: a file in bench/benchmarks/ exporting `benchmark`. The run finds them there, so adding a
 * benchmark is adding its file.
 */
export interface Benchmark {
  /** Its place in a run and in the README. */
  order: number;
  /** `--only` takes it; every figure id starts with it and a dot. */
  name: string;
  run(context: BenchContext): Promise<BenchmarkResult>;
}
