import type { Diagnostic, Step } from "../display/types";
import type { InlineProgram } from "../language/inlineProgram";
import type { StackState } from "../state/stateFile";
import type { StackOutputs } from "./stackOutputs";

export interface OpenStackOptions {
  /**
   * A Pulumi project directory: its Pulumi.yaml names the project, the runtime options and the plugins, and its
   * program is run as `pulumi up` runs it. With an inline `program` instead: where it runs from (the plugins'
   * working directory). @default process.cwd()
   */
  readonly cwd?: string;
  /** An inline program, run as the Automation API runs one; `project` names the project. */
  readonly program?: InlineProgram;
  /** The project name of an inline program (a project directory's comes from its Pulumi.yaml). */
  readonly project?: string;
  readonly stack: string;
  /** The JSON state file. @default `<cwd>/.pulumi-offline/<stack>.json` */
  readonly stateFile?: string;
  /**
   * Stack config, keys namespaced like `kkms:endpoint` (a key without a namespace is the project's), values as
   * `pulumi config set` takes them. It goes over the project's defaults and `Pulumi.<stack>.yaml`'s plain values.
   */
  readonly config?: Readonly<Record<string, string>>;
  /** Config keys that are secrets (`pulumi config set --secret`). */
  readonly secretKeys?: readonly string[];
  /** Added to this process's environment for the program and the plugins (an `undefined` value removes one). */
  readonly env?: NodeJS.ProcessEnv;
  /** Resource plugins by package, e.g. `{ kkms: "/path/to/pulumi-resource-kkms" }` (after Pulumi.yaml's). */
  readonly plugins?: Readonly<Record<string, string>>;
  /** Receives the plan/summary a line at a time, as it happens. @default discards it */
  readonly log?: (line: string) => void;
  /** How many resource operations the program runs at once (`--parallel`). @default 16 */
  readonly parallel?: number;
}

export interface UpOptions {
  /** Another inline program for this run (a stack opened with one). */
  readonly program?: InlineProgram;
  /** Refresh every resource first (`pulumi up --refresh`). @default false */
  readonly refresh?: boolean;
}

export interface OperationResult {
  /** In the order they finished. Default providers are not listed, as Pulumi's display does not show them. */
  readonly steps: Step[];
  readonly diagnostics: Diagnostic[];
  /** The printed plan/summary. */
  readonly summary: string;
}

export interface UpResult extends OperationResult {
  readonly outputs: StackOutputs;
}

/** A resource whose live state differs from the state file: changed outputs, or gone. */
export interface Drift {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly deleted: boolean;
  /** Top-level outputs whose value changed (empty when deleted). */
  readonly changedOutputs: string[];
}

export interface RefreshResult extends OperationResult {
  readonly drift: Drift[];
}

export type DestroyResult = OperationResult;

/** One stack: its state file, its config, its program. */
export interface Stack {
  preview(options?: UpOptions): Promise<UpResult>;
  up(options?: UpOptions): Promise<UpResult>;
  refresh(): Promise<RefreshResult>;
  destroy(): Promise<DestroyResult>;
  /**
   * `pulumi state delete URN`: the resource leaves the state, its provider is not called (what it manages stays).
   * Refused for a protected resource (unless `force`) and for one that others depend on.
   */
  stateDelete(urn: string, options?: { force?: boolean }): Promise<void>;
  /** The stack outputs recorded in the state. */
  outputs(): StackOutputs;
  /** The state file as it is now. */
  state(): StackState;
  /** The state file's path. */
  readonly stateFile: string;
}

/** An operation failed; what it did before failing is in the state file. */
export class OperationFailedError extends Error {
  constructor(
    readonly errors: Error[],
    readonly result: OperationResult,
  ) {
    super(errors.map((error) => error.message).join("\n") || "the operation failed");
    this.name = "OperationFailedError";
  }

  get steps(): Step[] {
    return this.result.steps;
  }

  get summary(): string {
    return this.result.summary;
  }

  get diagnostics(): Diagnostic[] {
    return this.result.diagnostics;
  }
}
