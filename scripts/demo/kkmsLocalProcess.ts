import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";

export interface KkmsLocalProcess {
  url: string;
  stop(): Promise<void>;
}

const CLI = path.resolve(__dirname, "../../dist/emulator/cli.js");

/** kkms-local as its own process on a free port, with the given data dir; resolves once it prints its URL. */
export async function startKkmsLocal(dataDir: string): Promise<KkmsLocalProcess> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--data-dir", dataDir, "--log-format", "none"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await readUrl(child);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function readUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
    child.once("exit", (code) =>
      reject(new Error(`kkms-local exited with ${code} before it listened: ${stderr.trim()}`)),
    );
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      const url = /http:\/\/[\d.]+:\d+/.exec(line)?.[0];
      if (url) resolve(url);
      else reject(new Error(`unexpected first line from kkms-local: ${line}`));
    });
  });
}
