import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../../..");
/** The CLI's working directory: a scratch dir, so a forgotten --data-dir never writes into the repo. */
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-cli-cwd-"));
export const CLI_PATH = path.join(ROOT, "dist/emulator/cli.js");
/** The kkms-local package's own build (the npm workspace emulator/), which npm publishes. */
export const PACKAGE_CLI_PATH = path.join(ROOT, "emulator/dist/emulator/cli.js");

const BUILDS: Record<string, string> = {
  [CLI_PATH]: path.join(__dirname, "tsconfig.cli.json"),
  [PACKAGE_CLI_PATH]: path.join(ROOT, "emulator/tsconfig.json"),
};

/**
 * dist/emulator/cli.js (or the package's build), rebuilt (emulator and SDK only) when any of their sources is
 * newer: `npm test` builds first, but `npx jest tests/emulator` alone must not test a stale CLI.
 */
export function ensureBuiltCli(cliPath: string = CLI_PATH): string {
  const built = fs.existsSync(cliPath) ? fs.statSync(cliPath).mtimeMs : 0;
  const newest = Math.max(...["emulator", "sdk"].flatMap((dir) => sourceTimes(path.join(ROOT, dir))));
  if (newest > built) {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    spawnSync(process.execPath, [tsc, "-p", BUILDS[cliPath]], { cwd: ROOT, stdio: "ignore" });
    const touched = new Date();
    fs.utimesSync(cliPath, touched, touched);
  }
  if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build`);
  return cliPath;
}

/** The sources' times; a build's own output (emulator/dist, with its .d.ts files) is not a source. */
function sourceTimes(dir: string): number[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "dist" || entry.name === "node_modules" ? [] : sourceTimes(file);
    return entry.name.endsWith(".ts") ? [fs.statSync(file).mtimeMs] : [];
  });
}

export interface CliRun {
  child: ChildProcess;
  url: string;
  /** Every stdout line so far (the ready line first). */
  stdout: string[];
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export interface CliStartOptions {
  /** Close the reading end of the child's stderr at once, before kkms-local writes anything to it. */
  closeStderr?: boolean;
  /**
   * A descriptor for the child's stdout instead of a pipe. Its ready line is then never read: give
   * `--port` and this URL, and readiness is polled at the URL's /health.
   */
  stdout?: { fd: number; url: string };
}

/** Starts `node dist/emulator/cli.js ARGS` and resolves once it printed its URL (rejects if it exits first). */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: CliStartOptions = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: SCRATCH,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", options.stdout?.fd ?? "pipe", "pipe"],
  });
  if (options.closeStderr) child.stderr?.destroy();
  const stdout: string[] = [];
  let stderr = "";
  let partial = "";
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    const given = options.stdout;
    if (given !== undefined) {
      void untilHealthy(given.url, exited).then(
        () => resolve({ child, url: given.url, stdout, stderr: () => stderr, exited }),
        reject,
      );
    }
    child.stdout?.on("data", (chunk: Buffer) => {
      partial += chunk.toString("utf8");
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      stdout.push(...lines);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout[0] ?? "")?.[0];
      if (url) resolve({ child, url, stdout, stderr: () => stderr, exited });
    });
    void exited.then((code) =>
      reject(new Error(`kkms-local exited with ${code} before it was ready: ${stderr}`)),
    );
  });
}

/** Resolves once `url`/health answers 200; rejects if the process exits first. */
async function untilHealthy(url: string, exited: Promise<number | string>): Promise<void> {
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 15_000;
  while (exitCode === undefined) {
    const status = await fetch(`${url}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url}/health did not answer 200 within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`kkms-local exited with ${exitCode} before it was ready`);
}

/** Runs the CLI to completion (for flags that make it exit); `cliPath` picks the build. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cliPath: string = CLI_PATH,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: SCRATCH,
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** kkms-local's CLI under `ulimit -n LIMIT`, in memory, without a request log; `stop` kills it. */
export async function startCliUnderDescriptorLimit(
  limit: number,
  args: readonly string[] = [],
): Promise<{ url: string; stop(): Promise<void> }> {
  ensureBuiltCli();
  const child = spawn(
    "sh",
    [
      "-c",
      `ulimit -n ${limit} && exec "$0" "$@"`,
      process.execPath,
      CLI_PATH,
      "--in-memory",
      "--log-format",
      "none",
      ...args,
    ],
    { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    child.kill("SIGKILL");
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (match) resolve(match[0]);
      });
      child.once("exit", (code) => reject(new Error(`kkms-local exited with ${code}`)));
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
