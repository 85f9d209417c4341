import * as path from "path";
import { createContext, REPO_ROOT } from "./context";
import { findBenchmarks } from "./findBenchmarks";
import {
  figuresTable,
  loadAverage,
  machineInfo,
  renderBenchmark,
  renderMachine,
  renderTable,
  mergeReports,
  readReport,
  writeReport,
  type BenchmarkResult,
  type RunReport,
} from "./report";
import { elapsedMs, nowNs } from "./stats";
import { motoVersion } from "./support/moto";
import { LATEST_RESULTS, README, updateReadme } from "./updateReadme";

/**
 * `npm run bench [-- --quick] [-- --only signing,scale [--merge]] [-- --readme]`. Each benchmark runs alone: the next starts
 * only when the previous one's processes are gone. A full run writes bench/results/latest.json and regenerates
 * the README's results from it; `--readme` only regenerates them from the latest.json there is.
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--readme")) {
    updateReadme(README, LATEST_RESULTS);
    return 0;
  }
  const quick = argv.includes("--quick");
  const only = onlyList(argv);
  const context = createContext(quick);
  const started = nowNs();
  const report: RunReport = {
    mode: quick ? "quick" : "full",
    startedAt: new Date().toISOString(),
    durationMs: 0,
    machine: machineInfo({ moto: motoVersion() }),
    figures: [],
    benchmarks: [],
    failures: [],
  };
  for (const benchmark of findBenchmarks()) {
    if (only && !only.has(benchmark.name)) continue;
    context.log(`${benchmark.name}…`);
    try {
      const result = checkFigureIds(await benchmark.run(context), report);
      report.benchmarks.push(result);
      report.figures.push(...result.figures);
      process.stdout.write(renderBenchmark(result) + "\n\n");
    } catch (err) {
      // One broken benchmark must not hide the others' figures; it is reported and fails the run.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      report.failures.push({ name: benchmark.name, error });
      process.stdout.write(`### ${benchmark.name}: FAILED\n\n${error}\n\n`);
    }
  }
  report.durationMs = elapsedMs(started);
  report.machine.loadAverageAtEnd = loadAverage();
  process.stdout.write(renderTable(figuresTable(report.figures), "###") + "\n\n");
  process.stdout.write(renderMachine(report.machine, report.mode, report.durationMs) + "\n");
  saveReport(report, { quick, partial: only !== undefined, merge: argv.includes("--merge") }, context.log);
  return report.failures.length === 0 ? 0 : 1;
}

/**
 * A full run's results replace latest.json and the README's; a quick run's go to quick.tmp.json only; a partial
 * full run (`--only NAME --merge`) replaces its benchmarks' entries in latest.json and says so there.
 */
function saveReport(
  report: RunReport,
  run: { quick: boolean; partial: boolean; merge: boolean },
  log: (message: string) => void,
): void {
  if (run.partial && !(run.merge && !run.quick))
    return log("partial run (--only, without --merge or with --quick): no results file written");
  const file = run.quick ? path.join(REPO_ROOT, "bench", "results", "quick.tmp.json") : LATEST_RESULTS;
  const merged = run.partial ? mergeReports(readReport(LATEST_RESULTS), report) : report;
  writeReport(file, merged);
  log(`wrote ${path.relative(REPO_ROOT, file)}`);
  if (run.quick) return;
  updateReadme(README, LATEST_RESULTS);
  log("regenerated the README's results from it");
}

/** Figure ids are the README's names for figures: each begins with its benchmark's name and appears once. */
function checkFigureIds(result: BenchmarkResult, report: RunReport): BenchmarkResult {
  const seen = new Set(report.figures.map((figure) => figure.id));
  for (const figure of result.figures) {
    if (!figure.id.startsWith(`${result.name}.`))
      throw new Error(`figure ${figure.id} does not start with ${result.name}.`);
    if (seen.has(figure.id)) throw new Error(`figure id ${figure.id} appears twice`);
    seen.add(figure.id);
  }
  return result;
}

function onlyList(argv: readonly string[]): Set<string> | undefined {
  const index = argv.indexOf("--only");
  const value = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith("--only="))?.slice(7);
  return value ? new Set(value.split(",").map((name) => name.trim())) : undefined;
}
