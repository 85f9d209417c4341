import * as path from "path";

import type { InlineProgram } from "../language/inlineProgram";
import type { NodeProgram } from "../language/nodeLanguageHost";
import { namespaced, programLocation, readProject, readStackConfig } from "../project/projectFile";
import type { ProjectPlugin } from "../providers/pluginLoader";
import { loadEngineStubs, type EngineStubs } from "../rpc/engineStubs";
import type { OpenStackOptions } from "./types";

/** A stack's options resolved once: the project, the merged config, the environment, where the state is. */
export interface StackSettings {
  readonly stubs: EngineStubs;
  /** The organization every program is told of (see DIY_ORGANIZATION). */
  readonly organization: string;
  readonly project: string;
  readonly stack: string;
  readonly stateFile: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Where the program and the plugins run. */
  readonly programDir: string;
  /** A project's Node.js program; undefined for an inline one. */
  readonly nodeProgram: NodeProgram | undefined;
  readonly inlineProgram: InlineProgram | undefined;
  readonly runtimeOptions: Record<string, unknown>;
  readonly projectPlugins: readonly ProjectPlugin[];
  readonly plugins: Readonly<Record<string, string>>;
  readonly parallel: number;
  readonly print: (line: string) => void;
}

/**
 * The local (diy) backend has no organizations and always names this one (pkg/backend/diy/state.go:102 at v3.248.0),
 * so `pulumi.getOrganization()` returns it under `pulumi login --local`.
 */
export const DIY_ORGANIZATION = "organization";

/** Bad options, named. */
export class StackOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackOptionsError";
  }
}

export function resolveStackSettings(options: OpenStackOptions): StackSettings {
  if (!options.stack) throw new StackOptionsError("stack: a stack name is required");
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const base = {
    stubs: loadEngineStubs(),
    organization: DIY_ORGANIZATION,
    stack: options.stack,
    stateFile: path.resolve(cwd, options.stateFile ?? path.join(".pulumi-offline", `${options.stack}.json`)),
    env: environment(options.env),
    plugins: { ...options.plugins },
    parallel: options.parallel ?? 16,
    print: options.log ?? (() => undefined),
  };
  if (options.program) {
    if (!options.project) throw new StackOptionsError("project: an inline program needs a project name");
    const config = namespacedConfig(options.project, options.config ?? {});
    return {
      ...base,
      project: options.project,
      config,
      secretKeys: (options.secretKeys ?? []).map((key) => namespaced(options.project as string, key)),
      programDir: cwd,
      nodeProgram: undefined,
      inlineProgram: options.program,
      runtimeOptions: {},
      projectPlugins: [],
    };
  }
  const project = readProject(cwd);
  if (project.runtime !== "nodejs") {
    throw new StackOptionsError(`runtime: the offline engine runs Node.js programs, not ${project.runtime}`);
  }
  const location = programLocation(project);
  const config = {
    ...project.config,
    ...readStackConfig(project, options.stack),
    ...namespacedConfig(project.name, options.config ?? {}),
  };
  const secretKeys = [
    ...new Set([
      ...project.secretConfigKeys,
      ...(options.secretKeys ?? []).map((key) => namespaced(project.name, key)),
    ]),
  ];
  return {
    ...base,
    project: project.name,
    config,
    secretKeys,
    programDir: location.pwd,
    nodeProgram: {
      root: project.root,
      pwd: location.pwd,
      main: location.main,
      runtimeOptions: project.runtimeOptions,
    },
    inlineProgram: undefined,
    runtimeOptions: project.runtimeOptions,
    projectPlugins: project.plugins,
  };
}

function namespacedConfig(project: string, config: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [namespaced(project, key), value]));
}

function environment(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
