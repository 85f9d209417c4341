import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type * as pulumi from "@pulumi/pulumi";

import {
  OperationFailedError,
  openStack,
  type OpenStackOptions,
  type Stack,
  type StackState,
} from "../../../offline-engine";
import { Toy, type ToyArgs, type ToyOutputs } from "../../helpers/fixtures/toyProvider";

export const PROJECT = "proj";
export const STACK = "dev";
export const TOY_TYPE = "pulumi-nodejs:dynamic/toy:Toy";
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;
export const DEFAULT_PROVIDER_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:pulumi-nodejs::default`;

export function toyUrn(name: string, parentType = ""): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${parentType ? `${parentType}$` : ""}${TOY_TYPE}::${name}`;
}

/**
 * A temporary directory with a state file and the toy provider's own state file (its "cloud"), and stacks of inline
 * programs over it: they run in this process, through the SDK's LanguageServer, against the offline engine.
 */
export class ToyWorld {
  readonly dir = workDir();
  readonly stateFile = path.join(this.dir, "stack.json");
  /** Where the toy provider keeps its resources: the "cloud". */
  readonly toyFile = path.join(this.dir, "toys.json");
  /** Every line printed, across operations. */
  readonly lines: string[] = [];

  stack(program: () => unknown, options: Partial<OpenStackOptions> = {}): Stack {
    return openStack({
      program,
      project: PROJECT,
      stack: STACK,
      cwd: this.dir,
      stateFile: this.stateFile,
      config: { "toy:region": "cn-beijing-6" },
      log: (line) => this.lines.push(line),
      ...options,
    });
  }

  toy(name: string, args: Partial<ToyArgs> = {}, opts?: pulumi.CustomResourceOptions): Toy {
    return new Toy(name, { name, stateFile: this.toyFile, ...args }, opts);
  }

  /** The toy provider's resources by id. */
  toys(): Record<string, ToyOutputs> {
    return fs.existsSync(this.toyFile) ? JSON.parse(fs.readFileSync(this.toyFile, "utf8")) : {};
  }

  toyNames(): string[] {
    return Object.values(this.toys())
      .map((toy) => toy.name)
      .sort();
  }

  editToys(edit: (toys: Record<string, ToyOutputs>) => void): void {
    const toys = this.toys();
    edit(toys);
    fs.writeFileSync(this.toyFile, JSON.stringify(toys));
  }

  state(): StackState {
    return JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as StackState;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A temporary directory where the dynamic-provider host can be found, as in a project: the engine starts it from
 * the program's directory (the `pulumi-resource-pulumi-nodejs` plugin resolves @pulumi/pulumi from there).
 */
function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-engine-"));
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export const REPO_ROOT = path.resolve(__dirname, "../../..");

export function ops(steps: readonly { op: string; name: string }[]): string[] {
  return steps.map((step) => `${step.op} ${step.name}`).sort();
}

/** The operation's result; a failure rethrown with everything the operation printed, to see why it failed. */
export async function explained<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof OperationFailedError)
      throw new Error(`${error.message}\n--- printed:\n${error.summary}`);
    throw error;
  }
}
