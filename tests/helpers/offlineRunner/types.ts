import type { StackState } from "./stateFile";

/**
 * A Pulumi program: a function returning the stack outputs (as for `pulumi.runtime.setMocks`), or the path of a
 * `.ts`/`.js` program file (or a directory holding `index.ts`/`index.js`) whose module exports are the stack
 * outputs. An exported function is called and its result awaited, as the Node.js language host does.
 */
export type Program = (() => unknown) | string;

export interface OpenStackOptions {
  /** The JSON state file; created on the first write. */
  readonly stateFile: string;
  readonly project: string;
  readonly stack: string;
  /** Stack config, keys namespaced like `kkms:region`; values are strings, as `pulumi config` holds them. */
  readonly config?: Record<string, string>;
  /** Config keys the stack holds as secrets (`pulumi config set --secret`). */
  readonly secretKeys?: readonly string[];
  /** The provider host's working directory: the serialized providers resolve their `require()`s from here. */
  readonly hostCwd: string;
  /** The @pulumi/pulumi install whose provider host runs. @default the repository's own */
  readonly pulumiDir?: string;
  /** Added to the provider host's environment (not to this process's: program-side code sees process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the plan/summary, a line at a time, as the steps happen. @default discards it */
  readonly log?: (line: string) => void;
}

export interface UpOptions {
  /** Only check and diff, as `pulumi preview` does: nothing is created, changed or written. @default false */
  readonly preview?: boolean;
}

/** What happened to one resource. In a preview: what would happen. */
export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "import";

export interface Step {
  readonly op: StepOp;
  readonly urn: string;
  /** The full type token, e.g. `pulumi-nodejs:dynamic/kkms:Key`. */
  readonly type: string;
  readonly name: string;
  /** update: the inputs that changed; replace: the properties that force the replacement. */
  readonly changedProperties?: string[];
}

/** A stack output. `value` is plain (secrets unwrapped); `known` is false for a preview's unknowns. */
export interface StackOutput {
  readonly value: unknown;
  readonly secret: boolean;
  readonly known: boolean;
}

export type StackOutputs = Record<string, StackOutput>;

export interface UpResult {
  /** In the order they finished. */
  readonly steps: Step[];
  readonly outputs: StackOutputs;
  /** The printed plan/summary. */
  readonly summary: string;
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

export interface RefreshResult {
  readonly drift: Drift[];
  readonly steps: Step[];
  readonly summary: string;
}

export interface DestroyResult {
  readonly steps: Step[];
  readonly summary: string;
}

/** One stack: a state file and the provider host that serves it. */
export interface Stack {
  up(program: Program, options?: UpOptions): Promise<UpResult>;
  preview(program: Program): Promise<UpResult>;
  refresh(): Promise<RefreshResult>;
  destroy(): Promise<DestroyResult>;
  /** A copy of the current state, as written to the state file. */
  state(): StackState;
  /** Kills the provider host. Safe to call twice. */
  close(): Promise<void>;
}
