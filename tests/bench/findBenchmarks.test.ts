import * as fs from "fs";
import { BENCHMARKS_DIR, findBenchmarks } from "../../bench/findBenchmarks";

test("every file in bench/benchmarks is a benchmark, with its own name and place", () => {
  const benchmarks = findBenchmarks();
  expect(benchmarks).toHaveLength(
    fs.readdirSync(BENCHMARKS_DIR).filter((file) => file.endsWith(".ts")).length,
  );
  const orders = benchmarks.map((benchmark) => benchmark.order);
  expect(new Set(orders).size).toBe(orders.length);
  expect(orders).toEqual([...orders].sort((a, b) => a - b));
  expect(benchmarks.map((benchmark) => benchmark.name)).toEqual(
    expect.arrayContaining(["signing", "throughput", "peer", "client", "calls", "bulk", "scale", "host"]),
  );
});
