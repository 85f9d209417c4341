import * as path from "path";
import { createContext, REPO_ROOT, type BenchContext } from "./context";
import {
  goalsTable,
  loadAverage,
  machineInfo,
  renderBenchmark,
  renderMachine,
  renderTable,
  writeReport,
  type BenchmarkResult,
  type RunReport,
} from "./report";
import { runSigningBenchmark } from "./signing";
import { elapsedMs, nowNs } from "./stats";
import { runThroughputBenchmark } from "./throughput";
import { runClientOverheadBenchmark } from "./clientOverhead";
import { runApiCallsBenchmark } from "./apiCalls";
import { runBulkProvisioningBenchmark } from "./bulkProvisioning";
import { runScaleBenchmark } from "./scale";
import { runHostOverheadBenchmark } from "./hostOverhead";

type Benchmark = { id: string; name: string; run: (context: BenchContext) => Promise<BenchmarkResult> };

/** In the order. Each runs alone: the next starts only when the previous one's processes are gone. */
const BENCHMARKS: readonly Benchmark[] = [
  { id: "1", name: "signing", run: runSigningBenchmark },
  { id: "2", name: "throughput", run: runThroughputBenchmark },
  { id: "3", name: "client", run: runClientOverheadBenchmark },
  { id: "4", name: "calls", run: runApiCallsBenchmark },
  { id: "5", name: "bulk", run: runBulkProvisioningBenchmark },
  { id: "6", name: "scale", run: runScaleBenchmark },
  { id: "7", name: "host", run: runHostOverheadBenchmark },
];

export async function main(argv: readonly string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const only = onlyList(argv);
  const context = createContext(quick);
  const started = nowNs();
  const report: RunReport = {
    mode: quick ? "quick" : "full",
    startedAt: new Date().toISOString(),
    durationMs: 0,
    machine: machineInfo(),
    benchmarks: [],
    failures: [],
  };
  for (const benchmark of BENCHMARKS) {
    if (only && !only.has(benchmark.name) && !only.has(benchmark.id)) continue;
    context.log(`${benchmark.id}. ${benchmark.name}…`);
    try {
      const result = await benchmark.run(context);
      report.benchmarks.push(result);
      process.stdout.write(renderBenchmark(result) + "\n\n");
    } catch (err) {
      // One broken benchmark must not hide the others' figures; it is reported and fails the run.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      report.failures.push({ id: benchmark.id, error });
      process.stdout.write(`### ${benchmark.id}. ${benchmark.name}: FAILED\n\n${error}\n\n`);
    }
  }
  report.durationMs = elapsedMs(started);
  report.machine.loadAverageAtEnd = loadAverage();
  process.stdout.write(renderTable(goalsTable(report.benchmarks)) + "\n\n");
  process.stdout.write(renderMachine(report.machine, report.mode, report.durationMs) + "\n");
  const file = path.join(REPO_ROOT, "bench", "results", quick ? "quick.tmp.json" : "latest.json");
  if (!only) writeReport(file, report);
  context.log(
    only ? "partial run (--only): no results file written" : `wrote ${path.relative(REPO_ROOT, file)}`,
  );
  return report.failures.length === 0 ? 0 : 1;
}

function onlyList(argv: readonly string[]): Set<string> | undefined {
  const index = argv.indexOf("--only");
  const value = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith("--only="))?.slice(7);
  return value ? new Set(value.split(",").map((name) => name.trim())) : undefined;
}
