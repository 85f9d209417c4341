import * as fs from "fs";
import * as path from "path";
import type { Benchmark } from "./benchmark";

export const BENCHMARKS_DIR = path.join(__dirname, "benchmarks");

/** Every bench/benchmarks/*.ts's `benchmark`, in order; a file without one, or two of one name, is an error. */
export function findBenchmarks(dir = BENCHMARKS_DIR): Benchmark[] {
  const benchmarks = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => {
      const exported = (require(path.join(dir, file)) as { benchmark?: Benchmark }).benchmark;
      if (!exported) throw new Error(`bench/benchmarks/${file} exports no \`benchmark\``);
      return exported;
    })
    .sort((a, b) => a.order - b.order);
  const names = benchmarks.map((benchmark) => benchmark.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new Error(`two benchmarks are named ${repeated}`);
  return benchmarks;
}
