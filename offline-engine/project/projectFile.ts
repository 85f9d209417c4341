import * as fs from "fs";
import * as path from "path";

import * as yaml from "js-yaml";

import type { ProjectPlugin } from "../providers/pluginLoader";

/** What the offline engine reads of a Pulumi project (sdk/go/common/workspace/project.go `Project`). */
export interface Project {
  /** The directory holding Pulumi.yaml (the project root). */
  readonly root: string;
  readonly name: string;
  /** `runtime.name`: only `nodejs` is run. */
  readonly runtime: string;
  readonly runtimeOptions: Record<string, unknown>;
  /** `main`, when set. */
  readonly main: string | undefined;
  /** Project-level config defaults, keys namespaced (`kkms:endpoint`); secret-typed keys are listed apart. */
  readonly config: Record<string, string>;
  readonly secretConfigKeys: string[];
  readonly plugins: ProjectPlugin[];
}

/** A Pulumi.yaml that cannot be used; the message names the file and the field. */
export class ProjectFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "ProjectFileError";
  }
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** Reads the project in `dir`. */
export function readProject(dir: string): Project {
  const root = path.resolve(dir);
  const file = PROJECT_FILES.map((name) => path.join(root, name)).find((candidate) =>
    fs.existsSync(candidate),
  );
  if (!file)
    throw new ProjectFileError(path.join(root, "Pulumi.yaml"), "no Pulumi project here (no Pulumi.yaml)");
  const document = parseYaml(file);
  const name = document["name"];
  if (typeof name !== "string" || name === "")
    throw new ProjectFileError(file, "`name` must be a non-empty string");
  const { runtime, runtimeOptions } = runtimeOf(file, document["runtime"]);
  const main = document["main"];
  if (main !== undefined && typeof main !== "string")
    throw new ProjectFileError(file, "`main` must be a string");
  const { config, secretConfigKeys } = projectConfig(file, name, document["config"]);
  return {
    root,
    name,
    runtime,
    runtimeOptions,
    main,
    config,
    secretConfigKeys,
    plugins: pluginsOf(file, document),
  };
}

/**
 * The stack's own settings file, `Pulumi.<stack>.yaml`: its plain `config` values. Encrypted (`secure:`) values
 * need the stack's secrets provider, which the offline engine does not have: they must be given as secrets instead.
 */
export function readStackConfig(project: Project, stack: string): Record<string, string> {
  const file = path.join(project.root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const config = parseYaml(file)["config"];
  if (config === undefined || config === null) return {};
  if (!isRecord(config)) throw new ProjectFileError(file, "`config` must be a map");
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (isRecord(value) && "secure" in value) {
      throw new ProjectFileError(
        file,
        `config ${key} is encrypted by the stack's secrets provider, which the offline engine cannot read; ` +
          "pass it with --secret instead",
      );
    }
    result[namespaced(project.name, key)] = configString(value);
  }
  return result;
}

/** pkg/engine/project.go getPwdMain: where the program runs and what it runs. */
export function programLocation(project: Project): { pwd: string; main: string } {
  if (!project.main) return { pwd: project.root, main: "." };
  const main = path.resolve(project.root, project.main);
  const stat = fs.statSync(main, { throwIfNoEntry: false });
  if (!stat)
    throw new ProjectFileError(
      path.join(project.root, "Pulumi.yaml"),
      `project 'main' could not be read: ${main}`,
    );
  return stat.isDirectory()
    ? { pwd: main, main: "." }
    : { pwd: path.dirname(main), main: path.basename(main) };
}

/** Config keys without a namespace belong to the project (config.ParseKey). */
export function namespaced(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function parseYaml(file: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProjectFileError(file, `not YAML (${(error as Error).message})`);
  }
  if (!isRecord(document)) throw new ProjectFileError(file, "must be a YAML map");
  return document;
}

function runtimeOf(
  file: string,
  runtime: unknown,
): { runtime: string; runtimeOptions: Record<string, unknown> } {
  if (typeof runtime === "string") return { runtime, runtimeOptions: {} };
  if (isRecord(runtime) && typeof runtime["name"] === "string") {
    const options = runtime["options"] ?? {};
    if (!isRecord(options)) throw new ProjectFileError(file, "`runtime.options` must be a map");
    return { runtime: runtime["name"], runtimeOptions: options };
  }
  throw new ProjectFileError(file, "`runtime` must be a name or a map with a `name`");
}

/** `config:` in Pulumi.yaml: `key: value`, or `key: { value | default, secret? }`. */
function projectConfig(
  file: string,
  project: string,
  config: unknown,
): { config: Record<string, string>; secretConfigKeys: string[] } {
  const result: Record<string, string> = {};
  const secretConfigKeys: string[] = [];
  if (config === undefined || config === null) return { config: result, secretConfigKeys };
  if (!isRecord(config)) throw new ProjectFileError(file, "`config` must be a map");
  for (const [key, entry] of Object.entries(config)) {
    const name = namespaced(project, key);
    if (!isRecord(entry)) {
      result[name] = configString(entry);
      continue;
    }
    const value = "value" in entry ? entry["value"] : entry["default"];
    if (value !== undefined) result[name] = configString(value);
    if (entry["secret"] === true) secretConfigKeys.push(name);
  }
  return { config: result, secretConfigKeys };
}

/** Config values are strings; structured ones are kept as JSON, as `pulumi config set --path` does. */
function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function pluginsOf(file: string, document: Record<string, unknown>): ProjectPlugin[] {
  const plugins = document["plugins"];
  if (plugins === undefined || plugins === null) return [];
  const providers = isRecord(plugins) ? (plugins["providers"] ?? []) : undefined;
  if (!Array.isArray(providers)) throw new ProjectFileError(file, "`plugins.providers` must be a list");
  return providers.map((entry, index) => {
    if (!isRecord(entry) || typeof entry["name"] !== "string" || typeof entry["path"] !== "string") {
      throw new ProjectFileError(file, `plugins.providers[${index}] needs a string \`name\` and \`path\``);
    }
    return { name: entry["name"], path: path.resolve(path.dirname(file), entry["path"]) };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
