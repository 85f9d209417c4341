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
import { WATCHDOG } from "./hostWatchdogPath";
import { killAllPlugins, startPluginProcess, type PluginCommand, type PluginProcess } from "./pluginProcess";
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
  /** Kill the host when this process goes away, even on SIGKILL (see hostWatchdog.ts). @default true */
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

/** The command line of a dynamic-provider host (the engine's `pulumi-resource-pulumi-nodejs` plugin script). */
export type HostCommand = PluginCommand;

/** The engine passes its own address; the host requires the argument but never dials it. */
const ENGINE_ADDRESS = "127.0.0.1:1";

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
  const plugin = await startPluginProcess(hostCommand(options), {
    label: "the provider host",
    startTimeoutMs: options.startTimeoutMs,
  });
  const client = new ProviderClient(stubs, `127.0.0.1:${plugin.port}`, options.callTimeoutMs ?? 30000);
  return new HostProcess(plugin, client, stubs.pulumiDir, stubs.version);
}

/** Kills every host (and every other plugin) this process started that is still running. */
export async function killAllProviderHosts(): Promise<void> {
  await killAllPlugins();
}

class HostProcess implements ProviderHost {
  constructor(
    private readonly plugin: PluginProcess,
    private readonly client: ProviderClient,
    readonly pulumiDir: string,
    readonly pulumiVersion: string,
  ) {}

  get pid(): number {
    return this.plugin.pid;
  }

  get port(): number {
    return this.plugin.port;
  }

  get stdout(): string {
    return this.plugin.stdout;
  }

  get stderr(): string {
    return this.plugin.stderr;
  }

  get exitCode(): number | null {
    return this.plugin.exitCode;
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
    this.client.close();
    await this.plugin.kill();
  }

  private rpc(): ProviderClient {
    if (!this.plugin.isRunning) {
      throw new Error(`the provider host exited (code ${this.exitCode}):\n${this.stderr}`);
    }
    return this.client;
  }
}
