import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../../..");
/** The CLI's working directory: a scratch dir, so a forgotten --data-dir never writes into the repo. */
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-cli-cwd-"));
export const CLI_PATH = path.join(ROOT, "dist/emulator/cli.js");

/**
 * dist/emulator/cli.js, rebuilt (emulator and SDK only) when any of their sources is newer: `npm test` builds
 * first, but `npx jest tests/emulator` alone must not test a stale CLI.
 */
export function ensureBuiltCli(): string {
  const built = fs.existsSync(CLI_PATH) ? fs.statSync(CLI_PATH).mtimeMs : 0;
  const newest = Math.max(...["emulator", "sdk"].flatMap((dir) => sourceTimes(path.join(ROOT, dir))));
  if (newest > built) {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    spawnSync(process.execPath, [tsc, "-p", path.join(__dirname, "tsconfig.cli.json")], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const touched = new Date();
    fs.utimesSync(CLI_PATH, touched, touched);
  }
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build`);
  return CLI_PATH;
}

function sourceTimes(dir: string): number[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceTimes(file);
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
    stdio: ["ignore", "pipe", "pipe"],
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

/** Runs the CLI to completion (for flags that make it exit). */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: SCRATCH,
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
