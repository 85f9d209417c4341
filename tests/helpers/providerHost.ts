import { spawn, type ChildProcess } from "child_process";
import * as path from "path";

import {
  ProviderClient,
  type CheckResult,
  type ConfigureOptions,
  type ConfigureResult,
  type CreateResult,
  type DiffResult,
  type ReadResult,
  type UpdateResult,
} from "./providerClient";
import { DEFAULT_PULUMI_DIR, loadProviderStubs } from "./providerStubs";
import type { PropertyMap } from "./secrets";

export interface ProviderHostOptions {
  /** The host's working directory: the serialized `__provider` code resolves its `require()` calls from here. */
  readonly cwd: string;
  /** Added to (and overriding) this process's environment; an `undefined` value removes a variable. */
  readonly env?: NodeJS.ProcessEnv;
  /** @default process.execPath */
  readonly nodeBinary?: string;
  /** The @pulumi/pulumi install whose host runs and whose stubs talk to it. @default the repository's own */
  readonly pulumiDir?: string;
  /** Set as PULUMI_NODEJS_PROJECT and PULUMI_PROJECT, as the engine does; unqualified config keys use it. */
  readonly project?: string;
  /** Kill the host when this process goes away, even on SIGKILL (see hostWatchdog.js). @default true */
  readonly exitWithParent?: boolean;
  /** @default 20000 */
  readonly startTimeoutMs?: number;
  /** Deadline of each RPC. @default 30000 */
  readonly callTimeoutMs?: number;
}

/** A running `@pulumi/pulumi/cmd/dynamic-provider` process and the engine's end of its gRPC service. */
export interface ProviderHost {
  readonly pid: number;
  readonly port: number;
  readonly pulumiDir: string;
  readonly pulumiVersion: string;
  /** Everything the host wrote so far, the port line included. */
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  configure(config: Record<string, string>, options?: ConfigureOptions): Promise<ConfigureResult>;
  check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
  diff(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<DiffResult>;
  create(urn: string, props: PropertyMap, options?: { preview?: boolean }): Promise<CreateResult>;
  read(urn: string, id: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
  update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<UpdateResult>;
  delete(urn: string, id: string, props: PropertyMap, oldInputs?: PropertyMap): Promise<void>;
  /** Ends the process (there is no shutdown RPC; the engine kills its plugins too). Safe to call twice. */
  kill(): Promise<void>;
}

export interface HostCommand {
  readonly command: string;
  readonly args: string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const WATCHDOG = path.join(__dirname, "hostWatchdog.js");
/** The engine passes its own address; the host requires the argument but never dials it. */
const ENGINE_ADDRESS = "127.0.0.1:1";
const KILL_GRACE_MS = 3000;

/** The command line that starts a host, as startProviderHost runs it. */
export function hostCommand(options: ProviderHostOptions): HostCommand {
  const pulumiDir = path.resolve(options.pulumiDir ?? DEFAULT_PULUMI_DIR);
  const preload = options.exitWithParent === false ? [] : ["--require", WATCHDOG];
  const projectEnv = options.project
    ? { PULUMI_NODEJS_PROJECT: options.project, PULUMI_PROJECT: options.project }
    : {};
  return {
    command: options.nodeBinary ?? process.execPath,
    args: [...preload, path.join(pulumiDir, "cmd", "dynamic-provider"), ENGINE_ADDRESS],
    cwd: options.cwd,
    env: { ...process.env, ...projectEnv, ...options.env },
  };
}

export async function startProviderHost(options: ProviderHostOptions): Promise<ProviderHost> {
  const stubs = loadProviderStubs(options.pulumiDir);
  const command = hostCommand(options);
  const child = spawn(command.command, command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const host = new HostProcess(child, stubs.pulumiDir, stubs.version);
  liveHosts.add(host);
  try {
    const port = await readPort(child, host, options.startTimeoutMs ?? 20000);
    host.connect(port, new ProviderClient(stubs, `127.0.0.1:${port}`, options.callTimeoutMs ?? 30000));
    return host;
  } catch (error) {
    await host.kill();
    throw error;
  }
}

/** Kills every host this module started that is still running. */
export async function killAllProviderHosts(): Promise<void> {
  await Promise.all([...liveHosts].map((host) => host.kill()));
}

const liveHosts = new Set<HostProcess>();

// Outside jest this ends forgotten hosts; inside jest the watchdog does (the sandbox never emits "exit").
process.on("exit", () => {
  for (const host of liveHosts) host.killNow();
});

class HostProcess implements ProviderHost {
  port = 0;
  stdout = "";
  stderr = "";
  private client: ProviderClient | undefined;
  private spawnFailed = false;
  private readonly exited: Promise<void>;

  constructor(
    private readonly child: ChildProcess,
    readonly pulumiDir: string,
    readonly pulumiVersion: string,
  ) {
    child.stdout?.setEncoding("utf8").on("data", (text: string) => (this.stdout += text));
    child.stderr?.setEncoding("utf8").on("data", (text: string) => (this.stderr += text));
    // Never write to the host's stdin: keeping it open is what keeps the watchdog quiet.
    child.stdin?.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      child.once("exit", () => resolve());
      // Spawning itself failed (no such node binary or cwd): there will be no "exit".
      child.on("error", (error) => {
        this.stderr += `${error.message}\n`;
        this.spawnFailed = true;
        resolve();
      });
    });
    this.exited.then(() => liveHosts.delete(this));
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

  /** Called once the port is known; from then on nothing of the host keeps this process alive. */
  connect(port: number, client: ProviderClient): void {
    this.port = port;
    this.client = client;
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
  }

  async configure(config: Record<string, string>, options?: ConfigureOptions): Promise<ConfigureResult> {
    return this.rpc().configure(config, options);
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    return this.rpc().check(urn, olds, news);
  }

  async diff(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<DiffResult> {
    return this.rpc().diff(urn, id, olds, news, oldInputs);
  }

  async create(urn: string, props: PropertyMap, options?: { preview?: boolean }): Promise<CreateResult> {
    return this.rpc().create(urn, props, options);
  }

  async read(urn: string, id: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    return this.rpc().read(urn, id, props, inputs);
  }

  async update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<UpdateResult> {
    return this.rpc().update(urn, id, olds, news, oldInputs);
  }

  async delete(urn: string, id: string, props: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
    return this.rpc().delete(urn, id, props, oldInputs);
  }

  async kill(): Promise<void> {
    this.client?.close();
    if (this.isRunning) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.killNow(), KILL_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    liveHosts.delete(this);
  }

  /** Synchronous, for exit hooks. */
  killNow(): void {
    if (this.isRunning) this.child.kill("SIGKILL");
  }

  private rpc(): ProviderClient {
    if (!this.client) throw new Error("the provider host is not connected");
    if (!this.isRunning) throw new Error(`the provider host exited (code ${this.exitCode}):\n${this.stderr}`);
    return this.client;
  }
}

/** The host prints its port, and only that, as its first stdout line (cmd/dynamic-provider/index.js:424). */
function readPort(child: ChildProcess, host: HostProcess, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no port from the provider host within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = () =>
      finish(new Error(`the provider host exited (code ${child.exitCode}):\n${host.stderr}`));
    const onError = (error: Error) => finish(new Error(`the provider host did not start: ${error.message}`));
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);

    // HostProcess registered its own listener first, so host.stdout already holds this chunk.
    function onData(): void {
      const newline = host.stdout.indexOf("\n");
      if (newline < 0) return;
      const line = host.stdout.slice(0, newline).trim();
      const port = Number(line);
      finish(Number.isInteger(port) && port > 0 ? port : new Error(`not a port: ${line}`));
    }

    function finish(result: number | Error): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      if (typeof result === "number") resolve(result);
      else reject(result);
    }
  });
}
