import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import { REPO_ROOT } from "../context";
import { elapsedMs, nowNs } from "../stats";
import { endWithBench, residentMegabytes, stopChild } from "./childProcess";
import { httpRequest } from "./http";

const CLI = path.join(REPO_ROOT, "dist", "emulator", "cli.js");
const START_TIMEOUT_MS = 120_000;

export interface KkmsLocalOptions {
  /** Without it, in memory. */
  dataDir?: string;
  seedFile?: string;
  throttleRps?: number;
  /** Keep the per-request JSON log lines (stdout) for analysis. @default false: `--log-format none` */
  keepLog?: boolean;
}

/** One request as kkms-local logs it (`--log-format json`). */
export interface LogLine {
  time: string;
  action: string;
  code: string;
  status: number;
  durationMs: number;
}

/** kkms-local started through its CLI, as users run it, in its own process. */
export interface KkmsLocal {
  url: string;
  port: number;
  pid: number;
  /** From spawn to the line that announces the URL. */
  startupMs: number;
  /** Answers counted by (action, code), from GET /metrics. */
  metrics(): Promise<Map<string, number>>;
  resetMetrics(): Promise<void>;
  setThrottle(rps: number | null): Promise<void>;
  /** Log lines seen so far (only with keepLog). */
  logLines(): LogLine[];
  residentMegabytes(): number;
  stop(): Promise<void>;
}

export async function startKkmsLocal(options: KkmsLocalOptions = {}): Promise<KkmsLocal> {
  const args = [
    CLI,
    "--port",
    "0",
    "--log-format",
    options.keepLog ? "json" : "none",
    ...(options.dataDir ? ["--data-dir", options.dataDir] : ["--in-memory"]),
    ...(options.seedFile ? ["--seed", options.seedFile] : []),
    ...(options.throttleRps ? ["--throttle-rps", String(options.throttleRps)] : []),
  ];
  const started = nowNs();
  const child = endWithBench(
    spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: cleanEnvironment() }),
  );
  const output = collectOutput(child);
  let url: string;
  try {
    url = await output.firstUrl;
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  const startupMs = elapsedMs(started);
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    startupMs,
    metrics: () => readMetrics(url),
    resetMetrics: async () => {
      await httpRequest(`${url}/_admin/reset-metrics`, { method: "POST" });
    },
    setThrottle: async (rps) => {
      await httpRequest(`${url}/_admin/throttle`, { method: "PUT", body: JSON.stringify({ rps }) });
    },
    logLines: () => output.lines(),
    residentMegabytes: () => residentMegabytes(child.pid ?? -1),
    stop: () => stopChild(child),
  };
}

/** The benchmark decides everything: no inherited KKMS_LOCAL_* settings or root key. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("KKMS_LOCAL_")));
}

function collectOutput(child: ChildProcess) {
  let pending = "";
  let stderr = "";
  const lines: LogLine[] = [];
  let resolveUrl: (url: string) => void = () => undefined;
  let rejectUrl: (err: Error) => void = () => undefined;
  const firstUrl = new Promise<string>((resolve, reject) => {
    resolveUrl = resolve;
    rejectUrl = reject;
  });
  const timer = setTimeout(() => rejectUrl(new Error("kkms-local did not start in time")), START_TIMEOUT_MS);
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.startsWith("{")) lines.push(JSON.parse(line) as LogLine);
      const url = /(http:\/\/[^\s)]+)/.exec(line)?.[1];
      if (url && line.includes("listening")) {
        clearTimeout(timer);
        resolveUrl(url);
      }
    }
  });
  child.once("exit", (code) => {
    clearTimeout(timer);
    rejectUrl(new Error(`kkms-local exited (${code}) before listening:\n${stderr}`));
  });
  return { firstUrl, lines: () => lines };
}

/** `kkms_requests_total{action="Encrypt",code="OK",status="200"} 12` → "Encrypt OK" → 12. */
async function readMetrics(url: string): Promise<Map<string, number>> {
  const { body } = await httpRequest(`${url}/metrics`);
  const counts = new Map<string, number>();
  for (const match of body.matchAll(
    /^kkms_requests_total\{action="([^"]*)",code="([^"]*)",status="\d+"\} (\d+)$/gm,
  )) {
    const key = `${match[1]} ${match[2]}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(match[3]));
  }
  return counts;
}

/** Successful answers by action, e.g. `{ CreateKey: 1 }`. */
export function okCallsByAction(metrics: Map<string, number>): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [key, count] of metrics) {
    const [action, code] = key.split(" ");
    if (code === "OK") calls[action] = (calls[action] ?? 0) + count;
  }
  return calls;
}
