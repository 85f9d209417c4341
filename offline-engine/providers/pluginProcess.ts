import { spawn, type ChildProcess } from "child_process";

/** How to start a plugin: the program, its arguments, where and with what environment. */
export interface PluginCommand {
  readonly command: string;
  readonly args: string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface PluginProcessOptions {
  /** Names the plugin in errors, e.g. `pulumi-resource-kkms`. */
  readonly label: string;
  /** @default 20000 */
  readonly startTimeoutMs?: number;
  /** Each line the plugin writes after its port line, as it comes (stdout) and each stderr line. */
  readonly onOutput?: (stream: "stdout" | "stderr", line: string) => void;
}

const KILL_GRACE_MS = 3000;

/** Every plugin process this module started that is still running. */
const livePlugins = new Set<PluginProcess>();

// Outside jest this ends forgotten plugins; inside jest the watchdog does for Node plugins (the sandbox never emits
// "exit").
process.on("exit", () => {
  for (const plugin of livePlugins) plugin.killNow();
});

/** Kills every plugin process still running. */
export async function killAllPlugins(): Promise<void> {
  await Promise.all([...livePlugins].map((plugin) => plugin.kill()));
}

/**
 * Starts a plugin as the engine does (sdk/go/common/resource/plugin/plugin.go:489 `ExecPlugin`, `newPlugin` at v3.248.0):
 * in the given directory, stdin kept open as a pipe, and the port it listens on read from the first line of its
 * stdout. Resolves once the port is known.
 */
export async function startPluginProcess(
  command: PluginCommand,
  options: PluginProcessOptions,
): Promise<PluginProcess> {
  const child = spawn(command.command, command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const plugin = new PluginProcess(child, options);
  livePlugins.add(plugin);
  try {
    await plugin.waitForPort(options.startTimeoutMs ?? 20000);
    return plugin;
  } catch (error) {
    await plugin.kill();
    throw error;
  }
}

/** A running plugin process. */
export class PluginProcess {
  port = 0;
  stdout = "";
  stderr = "";
  private spawnFailed = false;
  private readonly exited: Promise<void>;
  private stdoutLine = "";
  private stderrLine = "";

  constructor(
    private readonly child: ChildProcess,
    private readonly options: PluginProcessOptions,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (text: string) => this.onStdout(text));
    child.stderr?.setEncoding("utf8").on("data", (text: string) => this.onStderr(text));
    // Never write to the plugin's stdin: keeping it open is what keeps the watchdog quiet.
    child.stdin?.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      child.once("exit", () => resolve());
      // Spawning itself failed (no such program or directory): there will be no "exit".
      child.on("error", (error) => {
        this.stderr += `${error.message}\n`;
        this.spawnFailed = true;
        resolve();
      });
    });
    this.exited.then(() => livePlugins.delete(this));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  get isRunning(): boolean {
    return !this.spawnFailed && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the port the plugin printed as its first stdout line. */
  waitForPort(timeoutMs: number): Promise<number> {
    const { label } = this.options;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no port from ${label} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        const newline = this.stdout.indexOf("\n");
        if (newline >= 0) {
          const line = this.stdout.slice(0, newline).trim();
          const port = Number(line);
          finish(
            Number.isInteger(port) && port > 0 ? port : new Error(`${label} printed no port first: ${line}`),
          );
        } else if (!this.isRunning) {
          finish(
            new Error(
              `${label} exited (code ${this.child.exitCode}) before printing its port:\n${this.stderr}`,
            ),
          );
        }
      };
      const finish = (result: number | Error) => {
        clearTimeout(timer);
        this.child.stdout?.off("data", check);
        this.child.off("exit", check);
        this.child.off("error", check);
        if (typeof result === "number") {
          this.port = result;
          this.detach();
          resolve(result);
        } else {
          reject(result);
        }
      };
      this.child.stdout?.on("data", check);
      this.child.once("exit", check);
      this.child.once("error", check);
      check();
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL after a grace period). Safe to call twice. */
  async kill(): Promise<void> {
    if (this.isRunning) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.killNow(), KILL_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    livePlugins.delete(this);
  }

  /** Synchronous, for exit hooks. */
  killNow(): void {
    if (this.isRunning) this.child.kill("SIGKILL");
  }

  /** From here on nothing of the plugin keeps this process alive. */
  private detach(): void {
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }

  private onStdout(text: string): void {
    const hadPort = this.stdout.includes("\n");
    this.stdout += text;
    if (!this.options.onOutput) return;
    // The port line is the engine's; what follows is the plugin's own output.
    const own = hadPort ? text : this.stdout.slice(this.stdout.indexOf("\n") + 1);
    if (!hadPort && !this.stdout.includes("\n")) return;
    this.stdoutLine = emitLines(this.stdoutLine + own, (line) => this.options.onOutput?.("stdout", line));
  }

  private onStderr(text: string): void {
    this.stderr += text;
    if (!this.options.onOutput) return;
    this.stderrLine = emitLines(this.stderrLine + text, (line) => this.options.onOutput?.("stderr", line));
  }
}

/** Emits each complete line; returns the unfinished rest. */
function emitLines(text: string, emit: (line: string) => void): string {
  const lines = text.split("\n");
  const rest = lines.pop() ?? "";
  for (const line of lines) emit(line);
  return rest;
}
