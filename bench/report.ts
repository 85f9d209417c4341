import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Figure } from "./stats";

export type Unit = "x" | "ops/s" | "req/s" | "ms" | "s" | "MB" | "calls" | "count";

/** A figure with its unit: what a table cell or a goal shows. */
export interface Measure extends Figure {
  unit: Unit;
}

export type Cell = string | number | Measure;

export interface Table {
  title?: string;
  columns: string[];
  rows: Cell[][];
}

/** A claim the issue makes, checked against one measure. */
export interface Goal {
  name: string;
  target: string;
  value: Measure;
  met: boolean;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  /** What was checked before timing anything: both sides did the same work. */
  sameWork: string[];
  tables: Table[];
  goals: Goal[];
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

export interface RunReport {
  mode: "full" | "quick";
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  benchmarks: BenchmarkResult[];
  failures: { id: string; error: string }[];
}

export function measure(figure: Figure, unit: Unit): Measure {
  return { ...figure, unit };
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: loadAverage(),
    libraries: libraryVersions(["autocannon", "@smithy/signature-v4", "aws4", "@pulumi/pulumi", "axios"]),
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
  if (unit === "x") return n.toFixed(2);
  if (unit === "calls" || unit === "count") return Number.isInteger(n) ? String(n) : n.toFixed(1);
  if (unit === "ops/s" || unit === "req/s") return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n.toFixed(0);
  if (unit === "ms") return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
  if (unit === "s") return n >= 100 ? n.toFixed(0) : n.toFixed(1);
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function formatCell(cell: Cell): string {
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return String(cell);
  return formatMeasure(cell);
}

/** A Markdown table, so the output pastes straight into the README. */
export function renderTable(table: Table): string {
  const lines = [
    `| ${table.columns.join(" | ")} |`,
    `| ${table.columns.map(() => "---").join(" | ")} |`,
    ...table.rows.map((row) => `| ${row.map(formatCell).join(" | ")} |`),
  ];
  return (table.title ? `${table.title}\n\n` : "") + lines.join("\n");
}

export function renderBenchmark(result: BenchmarkResult): string {
  const parts = [
    `### ${result.title} (${(result.durationMs / 1000).toFixed(0)} s)`,
    ...result.tables.map(renderTable),
    ...(result.sameWork.length > 0 ? [`Same work checked: ${result.sameWork.join("; ")}.`] : []),
    ...result.notes.map((note) => `Note: ${note}`),
  ];
  return parts.join("\n\n");
}

export function goalsTable(results: readonly BenchmarkResult[]): Table {
  return {
    title: "### Goals",
    columns: ["#", "figure", "goal", "median (min–max)", "met"],
    rows: results.flatMap((result) =>
      result.goals.map((goal) => [
        result.id,
        goal.name,
        goal.target,
        goal.value,
        // The median unrounded: 0.898 prints as "0.90" above, which would read as the goal met.
        goal.met ? "yes" : `**no** (${Number(goal.value.median.toPrecision(3))})`,
      ]),
    ),
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
    `Mode: ${mode}; total ${(durationMs / 1000).toFixed(0)} s. Peers: ` +
      Object.entries(machine.libraries)
        .map(([name, version]) => `${name} ${version}`)
        .join(", ") +
      ".",
  ].join("\n");
}

export function writeReport(file: string, report: RunReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
