import { figuresTable, renderBenchmark, renderMachine, renderTable, type RunReport } from "./report";

export const BEGIN_MARKER =
  "<!-- bench:results:begin — written by `npm run bench` from bench/results/latest.json; do not edit -->";
export const END_MARKER = "<!-- bench:results:end -->";

/** The README's latest results, all of them from one run's report: figures by id, then each benchmark's tables. */
export function renderResultsSection(report: RunReport): string {
  const date = report.startedAt.slice(0, 10);
  const minutes = Math.floor(report.durationMs / 60_000);
  const seconds = Math.round((report.durationMs % 60_000) / 1000);
  const parts = [
    `${report.mode === "full" ? "Full" : "Quick"} run on ${date} (${minutes} min ${seconds} s). Each figure's ` +
      "id is its entry in `bench/results/latest.json`, which also holds every sample." +
      (report.laterRuns ?? []).map(laterRunSentence).join(""),
    renderTable(figuresTable(report.figures), "####"),
    renderMachine(report.machine, report.mode, report.durationMs).replace(/\n/g, "\n\n"),
    ...report.benchmarks.map((result) => renderBenchmark(result, "####")),
    ...report.failures.map((failure) => `#### ${failure.name}: FAILED\n\n${failure.error.split("\n")[0]}`),
  ];
  return parts.join("\n\n");
}

/** README text with the part between the markers replaced by `section`. */
export function replaceSection(readme: string, section: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error("README.md has no bench:results markers");
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n\n${section}\n\n${readme.slice(end)}`;
}

function laterRunSentence(run: NonNullable<RunReport["laterRuns"]>[number]): string {
  const seconds = Math.round(run.durationMs / 1000);
  const load = run.loadAverageAtEnd
    ? `, load average ${run.loadAverageAtEnd.map((n) => n.toFixed(2)).join(" / ")} at its end`
    : "";
  return (
    ` Rerun on their own later (\`--only ${run.benchmarks.join(",")} --merge\`), on ${run.startedAt.slice(0, 10)} ` +
    `(${seconds} s${load}): ${run.benchmarks.map((name) => `\`${name}\``).join(", ")}; every ratio still compares ` +
    "two sides measured in the same rounds of that run."
  );
}
