import * as fs from "fs";
import * as path from "path";

import type { EngineStubs } from "../rpc/engineStubs";
import { WATCHDOG } from "./hostWatchdogPath";
import { startPluginProcess, type PluginCommand } from "./pluginProcess";
import { ProviderPlugin } from "./providerPlugin";

/** The package the engine serves Node.js dynamic resources with (provider_plugin.go `nodejsDynamicProviderPackage`). */
export const DYNAMIC_PACKAGE = "pulumi-nodejs";

/** A `plugins.providers` entry of Pulumi.yaml: where a package's plugin is (a directory holding it, or the file). */
export interface ProjectPlugin {
  readonly name: string;
  readonly path: string;
}

/** What a plugin is started with: the engine's environment for its plugins. */
export interface PluginContext {
  readonly stubs: EngineStubs;
  /** The Engine service's address: the plugin's one argument. */
  readonly engineAddress: string;
  /** The program's directory, where plugins run (the plugin context's `Pwd`, pkg/engine/deployment.go). */
  readonly programDir: string;
  readonly project: string;
  /** The environment plugins inherit (the CLI's own). */
  readonly env: NodeJS.ProcessEnv;
  /** Pulumi.yaml `runtime.options`, passed as `PULUMI_RUNTIME_<NAME>`. */
  readonly runtimeOptions: Record<string, unknown>;
  /** The stack config, plain values, keys namespaced (`kkms:endpoint`). */
  readonly config: Record<string, string>;
  readonly projectPlugins: readonly ProjectPlugin[];
  /** Plugin paths given to the offline engine directly, by package. */
  readonly pluginPaths: Readonly<Record<string, string>>;
  /** Each line a plugin prints (after its port) or writes to stderr. */
  readonly onOutput?: (pkg: string, stream: "stdout" | "stderr", line: string) => void;
}

/** No plugin for a package: the engine's own message (workspace.GetPluginPath's MissingError), offline edition. */
export class PluginNotFoundError extends Error {
  constructor(pkg: string, searched: string[]) {
    super(
      `no resource plugin 'pulumi-resource-${pkg}' found in the workspace or on your $PATH ` +
        `(looked in: ${searched.join(", ") || "nowhere"}); set plugins.providers in Pulumi.yaml to its path`,
    );
    this.name = "PluginNotFoundError";
  }
}

/** Starts a new plugin process for `pkg` and connects to it, as pkg/host/host.go:381 `Provider` does: one per call. */
export async function loadProviderPlugin(context: PluginContext, pkg: string): Promise<ProviderPlugin> {
  const { command, pluginPath } = pluginCommand(context, pkg);
  const process = await startPluginProcess(command, {
    label: `the ${pkg} resource plugin (${pluginPath})`,
    onOutput: context.onOutput && ((stream, line) => context.onOutput?.(pkg, stream, line)),
  });
  return ProviderPlugin.connect(context.stubs, pkg, process, context.engineAddress, pluginPath);
}

function pluginCommand(context: PluginContext, pkg: string): { command: PluginCommand; pluginPath: string } {
  const env = pluginEnvironment(context, pkg);
  if (pkg === DYNAMIC_PACKAGE) {
    // The CLI's `pulumi-resource-pulumi-nodejs` script: node runs @pulumi/pulumi/cmd/dynamic-provider resolved from
    // the program's directory. The watchdog ends it with this process.
    const host = resolveDynamicProviderHost(context.programDir);
    return {
      command: {
        command: process.execPath,
        args: ["--require", WATCHDOG, host, context.engineAddress],
        cwd: context.programDir,
        env,
      },
      pluginPath: host,
    };
  }
  const pluginPath = locatePlugin(context, pkg);
  return {
    command: { command: pluginPath, args: [context.engineAddress], cwd: context.programDir, env },
    pluginPath,
  };
}

function resolveDynamicProviderHost(programDir: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [programDir] });
  } catch {
    throw new Error(
      `cannot start the dynamic-provider host: @pulumi/pulumi is not installed where the program is (${programDir})`,
    );
  }
}

/** Project plugins first, then the plugin paths given, then `pulumi-resource-<pkg>` on PATH. */
function locatePlugin(context: PluginContext, pkg: string): string {
  const binary = `pulumi-resource-${pkg}`;
  const searched: string[] = [];
  const candidates = [
    ...context.projectPlugins.filter((plugin) => plugin.name === pkg).map((plugin) => plugin.path),
    ...(context.pluginPaths[pkg] ? [context.pluginPaths[pkg]] : []),
  ].map((candidate) => path.resolve(context.programDir, candidate));
  for (const candidate of candidates) {
    const file = isDirectory(candidate) ? path.join(candidate, binary) : candidate;
    searched.push(file);
    if (isFile(file)) return file;
  }
  for (const dir of (context.env["PATH"] ?? "").split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, binary);
    searched.push(dir);
    if (isFile(file)) return file;
  }
  throw new PluginNotFoundError(pkg, searched);
}

/**
 * provider_plugin.go:173 NewProvider and pkg/host/host.go:381 Provider: the runtime options as `PULUMI_RUNTIME_*`, the project
 * name, and the package's own config (namespace removed) as JSON in `PULUMI_CONFIG`.
 */
function pluginEnvironment(context: PluginContext, pkg: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...context.env };
  for (const [key, value] of Object.entries(context.runtimeOptions)) {
    env[`PULUMI_RUNTIME_${key.toUpperCase()}`] = String(value);
  }
  if (pkg === DYNAMIC_PACKAGE) env["PULUMI_NODEJS_PROJECT"] = context.project;
  env["PULUMI_PROJECT"] = context.project;
  const ownConfig: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.config)) {
    const separator = key.indexOf(":");
    if (key.slice(0, separator) === pkg) ownConfig[key.slice(separator + 1)] = value;
  }
  env["PULUMI_CONFIG"] = JSON.stringify(ownConfig);
  return env;
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
