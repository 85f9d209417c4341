import { spawn, spawnSync } from "child_process";
import { endWithBench, stopChild } from "./childProcess";

const START_TIMEOUT_MS = 60_000;
const PYTHON = process.env.KKMS_BENCH_PYTHON ?? "python3";

/** moto's server (the KMS emulator behind LocalStack's) in its own process, bound to 127.0.0.1 only. */
export interface Moto {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** moto's version as the machine's Python has it, or "not installed". */
export function motoVersion(): string {
  const result = spawnSync(PYTHON, ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "not installed";
}

/**
 * `python3 -m moto.server -H 127.0.0.1 -p 0`: port 0 lets the OS choose, and the server prints the one it got
 * ("Running on http://127.0.0.1:PORT"). Its defaults are 127.0.0.1 and port 5000; threaded, in memory.
 */
export async function startMoto(): Promise<Moto> {
  const child = endWithBench(
    spawn(PYTHON, ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", "pipe", "pipe"] }),
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`moto did not start in time:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (text: string) => {
      output += text;
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `moto exited (${code}) before listening — is it installed (pip install "moto[server]==5.2.1")?\n${output}`,
        ),
      );
    });
  });
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}
