import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Figure } from "./stats";

export type Unit = "x" | "ops/s" | "req/s" | "ms" | "µs" | "s" | "MB" | "calls" | "count";

/** A figure with its unit: what a table cell shows. */
export interface Measure extends Figure {
  unit: Unit;
}

export type Cell = string | number | Measure;

export interface Table {
  title?: string;
  columns: string[];
  rows: Cell[][];
}

/** What a figure is held to: a bound on its median. */
export interface Goal {
  atLeast?: number;
  atMost?: number;
}

/**
 * One figure of a run, under an id that stays the same from run to run (`client.cpu.c16`): the README names
 * figures by these ids. A ratio (`x`) compares two sides measured in the same rounds of the same run; a count is
 * a check (failures, duplicates) that must hold.
 */
export interface FigureEntry {
  id: string;
  name: string;
  value: Measure;
  goal?: Goal & { target: string; met: boolean };
}

export interface BenchmarkResult {
  /** The benchmark's name: `--only` takes it, and every figure id starts with it. */
  name: string;
  title: string;
  /** What was checked before or after timing: both sides did the same work. */
  sameWork: string[];
  tables: Table[];
  figures: FigureEntry[];
  notes: string[];
  durationMs: number;
}

export interface MachineInfo {
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  libraries: Record<string, string>;
}

/** What bench/results/latest.json holds: every figure once, by id, and each benchmark's tables and notes. */
export interface RunReport {
  mode: "full" | "quick";
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  figures: FigureEntry[];
  benchmarks: BenchmarkResult[];
  failures: { name: string; error: string }[];
  /** Benchmarks rerun on their own after the full run (`--only NAME --merge`), each replacing its own entries. */
  laterRuns?: { benchmarks: string[]; startedAt: string; durationMs: number; loadAverageAtEnd?: number[] }[];
}

export function measure(figure: Figure, unit: Unit): Measure {
  return { ...figure, unit };
}

/** A figure entry; with a goal, whether its median meets it. */
export function entry(id: string, name: string, value: Measure, goal?: Goal): FigureEntry {
  if (!goal) return { id, name, value };
  const met =
    (goal.atLeast === undefined || value.median >= goal.atLeast) &&
    (goal.atMost === undefined || value.median <= goal.atMost);
  return { id, name, value, goal: { ...goal, target: goalText(goal, value.unit), met } };
}

function goalText(goal: Goal, unit: Unit): string {
  const suffix = unit === "x" ? "×" : "";
  if (goal.atLeast !== undefined && goal.atMost !== undefined) {
    return goal.atLeast === goal.atMost
      ? `= ${goal.atLeast}${suffix}`
      : `${goal.atLeast}–${goal.atMost}${suffix}`;
  }
  return goal.atLeast !== undefined ? `≥ ${goal.atLeast}${suffix}` : `≤ ${goal.atMost}${suffix}`;
}

export function machineInfo(extraLibraries: Record<string, string> = {}): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: loadAverage(),
    libraries: {
      ...libraryVersions(["@smithy/signature-v4", "aws4", "autocannon", "@pulumi/pulumi", "axios"]),
      ...extraLibraries,
    },
  };
}

/** 1, 5 and 15-minute load averages: how busy the shared machine was. */
export function loadAverage(): number[] {
  return os.loadavg().map(round2);
}

function libraryVersions(names: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    try {
      const file = require.resolve(`${name}/package.json`, { paths: [path.resolve(__dirname, "..")] });
      versions[name] = (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    } catch {
      versions[name] = "not installed";
    }
  }
  return versions;
}

/** `1.23× (1.10–1.31)`, `412k ops/s (398k–430k)`: the median, then the spread when there is one. */
export function formatMeasure(value: Measure): string {
  const show = (n: number) => formatNumber(n, value.unit);
  const spread = value.samples.length > 1 ? ` (${show(value.min)}–${show(value.max)})` : "";
  const unit = value.unit === "x" ? "×" : value.unit === "count" ? "" : ` ${value.unit}`;
  return `${show(value.median)}${unit}${spread}`;
}

function formatNumber(n: number, unit: Unit): string {
  if (!Number.isFinite(n)) return String(n);
  if (unit === "x") return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
  if (unit === "calls" || unit === "count") return Number.isInteger(n) ? String(n) : n.toFixed(1);
  if (unit === "ops/s" || unit === "req/s") {
    if (n >= 10_000) return `${(n / 1000).toFixed(0)}k`;
    if (n >= 100 || Number.isInteger(n)) return n.toFixed(0);
    return n >= 10 ? n.toFixed(1) : n.toFixed(2);
  }
  if (unit === "ms") return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
  if (unit === "µs") return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
  if (unit === "s") return n >= 100 ? n.toFixed(0) : n.toFixed(1);
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function formatCell(cell: Cell): string {
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return String(cell);
  return formatMeasure(cell);
}

/** A Markdown table, so the output pastes straight into the README. */
export function renderTable(table: Table, heading = "####"): string {
  const lines = [
    `| ${table.columns.join(" | ")} |`,
    `| ${table.columns.map(() => "---").join(" | ")} |`,
    ...table.rows.map((row) => `| ${row.map(formatCell).join(" | ")} |`),
  ];
  return (table.title ? `${heading} ${table.title}\n\n` : "") + lines.join("\n");
}

export function renderBenchmark(result: BenchmarkResult, heading = "###"): string {
  const parts = [
    `${heading} ${result.name}: ${result.title} (${(result.durationMs / 1000).toFixed(0)} s)`,
    ...result.tables.map((table) => renderTable(table, `${heading}#`)),
    ...(result.sameWork.length > 0 ? [`Same work checked: ${result.sameWork.join("; ")}.`] : []),
    ...result.notes.map((note) => `Note: ${note}`),
  ];
  return parts.join("\n\n");
}

/** Every figure of the run by id, with its goal when it has one. */
export function figuresTable(figures: readonly FigureEntry[], title = "Figures"): Table {
  return {
    title,
    columns: ["id", "figure", "median (min–max)", "goal", "met"],
    rows: figures.map((figure) => [
      `\`${figure.id}\``,
      figure.name,
      figure.value,
      figure.goal?.target ?? "—",
      // The median unrounded: 0.898 prints as "0.90" above, which would read as the goal met.
      figure.goal
        ? figure.goal.met
          ? "yes"
          : `**no** (${Number(figure.value.median.toPrecision(3))})`
        : "—",
    ]),
  };
}

export function renderMachine(machine: MachineInfo, mode: string, durationMs: number): string {
  const load = (values: number[] | undefined) => (values ? values.join(" / ") : "?");
  const busiest = Math.max(machine.loadAverageAtStart[0], machine.loadAverageAtEnd?.[0] ?? 0);
  const warning =
    busiest >= machine.cores
      ? [
          `Warning: the 1-minute load average reached ${busiest} on ${machine.cores} cores: other processes shared ` +
            "the machine, so absolute rates are low and spreads wide; each ratio still compares sides measured in " +
            "the same rounds.",
        ]
      : [];
  return [
    ...warning,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}; ` +
      `Node ${machine.node}.`,
    `Load average (1/5/15 min) at start ${load(machine.loadAverageAtStart)}, at end ${load(machine.loadAverageAtEnd)}.`,
    `Mode: ${mode}; total ${(durationMs / 1000).toFixed(0)} s. Peers and libraries: ` +
      Object.entries(machine.libraries)
        .map(([name, version]) => `${name} ${version}`)
        .join(", ") +
      ".",
  ].join("\n");
}

/**
 * `later`'s benchmarks, figures and failures in place of `base`'s entries of the same benchmarks; the rest of
 * `base` kept, and the later run recorded, so the README says which figures come from which run.
 */
export function mergeReports(base: RunReport, later: RunReport): RunReport {
  const rerun = new Set([...later.benchmarks.map((b) => b.name), ...later.failures.map((f) => f.name)]);
  const keep = <T>(items: T[], nameOf: (item: T) => string) =>
    items.filter((item) => !rerun.has(nameOf(item)));
  return {
    ...base,
    benchmarks: [...keep(base.benchmarks, (b) => b.name), ...later.benchmarks],
    figures: [...keep(base.figures, (f) => f.id.split(".")[0]), ...later.figures],
    failures: [...keep(base.failures, (f) => f.name), ...later.failures],
    laterRuns: [
      ...(base.laterRuns ?? []).filter((run) => !run.benchmarks.every((name) => rerun.has(name))),
      {
        benchmarks: [...rerun],
        startedAt: later.startedAt,
        durationMs: later.durationMs,
        loadAverageAtEnd: later.machine.loadAverageAtEnd,
      },
    ],
  };
}

export function readReport(file: string): RunReport {
  return JSON.parse(fs.readFileSync(file, "utf8")) as RunReport;
}

export function writeReport(file: string, report: RunReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
