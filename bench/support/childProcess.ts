import { fork, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";

const TYPESCRIPT_HOOK = path.resolve(__dirname, "..", "registerTypeScript.js");
const STOP_GRACE_MS = 5000;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Ends `child` when this process exits, however it exits (a thrown error included), so that a benchmark that
 * fails half-way never leaves a server or a worker running.
 */
export function endWithBench<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => running.forEach((other) => other.kill("SIGKILL")));
  }
  return child;
}

/** A forked helper (load generator, bare server, client driver) that talks over IPC, one request at a time. */
export interface Worker {
  readonly pid: number;
  /** Sends a message and resolves with the worker's next message. */
  ask<Reply>(message: unknown): Promise<Reply>;
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript file of bench/support in its own process (so it gets its own event loop and, on this
 * 2-core machine, its own core). Its first message is its "ready" announcement.
 */
export async function forkWorker<Ready>(
  file: string,
  options: { execArgv?: string[] } = {},
): Promise<{ worker: Worker; ready: Ready }> {
  const child = endWithBench(
    fork(file, [], {
      execArgv: ["--require", TYPESCRIPT_HOOK, ...(options.execArgv ?? [])],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const ready = await nextMessage<Ready>(child);
  return { worker: workerOf(child), ready };
}

function workerOf(child: ChildProcess): Worker {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    pid: child.pid ?? -1,
    ask<Reply>(message: unknown): Promise<Reply> {
      const reply = queue.then(() => {
        const next = nextMessage<Reply>(child);
        child.send(message as object);
        return next;
      });
      queue = reply.catch(() => undefined);
      return reply;
    },
    stop: () => stopChild(child),
  };
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      cleanup();
      const failure = (message as { error?: string } | null)?.error;
      if (failure !== undefined) reject(new Error(`worker ${child.pid}: ${failure}`));
      else resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`worker ${child.pid} exited (${code}) before answering`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Resident set size of a process in MB, from /proc (Linux); NaN elsewhere. */
export function residentMegabytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kilobytes = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return kilobytes / 1024;
  } catch {
    return Number.NaN;
  }
}
