import * as fs from "fs";
import * as path from "path";

import type { PropertyMap } from "../secrets";

export const STATE_VERSION = 1;

/**
 * One resource as the engine's checkpoint holds it. Properties are in wire form: secrets stay wrapped
 * `{SIG_KEY: SECRET_SIG, value}`, and the outputs of a dynamic resource include `__provider`.
 */
export interface ResourceState {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** false for component resources and the stack, which have no provider. */
  readonly custom: boolean;
  /** The provider's id; absent for components. */
  readonly id?: string;
  /** The parent's URN ("" for the stack itself). */
  readonly parent: string;
  /** The checked inputs. */
  readonly inputs: PropertyMap;
  /** What the provider returned (for components and the stack: what the program registered as outputs). */
  readonly outputs: PropertyMap;
  readonly additionalSecretOutputs: string[];
  /** URNs from the registration request. */
  readonly dependencies: string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Read with `Resource.get`: not managed, so never deleted, only dropped from the state. */
  readonly external: boolean;
  /** Set by a partial failure (ErrorResourceInitFailed); the next `up` retries with an update. */
  readonly initErrors?: string[];
  /** The `import` id it was adopted with. */
  readonly importId?: string;
  /** Creation order: larger is newer. */
  readonly seq: number;
}

/** The whole state file. */
export interface StackState {
  readonly version: typeof STATE_VERSION;
  readonly project: string;
  readonly stack: string;
  readonly nextSeq: number;
  /** Keyed by URN. */
  readonly resources: Record<string, ResourceState>;
  /** The old halves of create-before-delete replacements, still to be deleted (the engine's `delete: true`). */
  readonly pendingDeletes: ResourceState[];
}

/** A corrupt, foreign or mismatched state file. */
export class StateFileError extends Error {
  constructor(file: string, problem: string) {
    super(`state file ${file}: ${problem}`);
    this.name = "StateFileError";
  }
}

export function emptyStackState(project: string, stack: string): StackState {
  return { version: STATE_VERSION, project, stack, nextSeq: 1, resources: {}, pendingDeletes: [] };
}

/** The state in `file`, or an empty state when it does not exist yet. */
export function readStateFile(file: string, project: string, stack: string): StackState {
  if (!fs.existsSync(file)) return emptyStackState(project, stack);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new StateFileError(file, `not JSON (${(error as Error).message})`);
  }
  const state = parsed as Partial<StackState>;
  if (state.version !== STATE_VERSION) throw new StateFileError(file, `unknown version ${state.version}`);
  if (state.project !== project || state.stack !== stack) {
    throw new StateFileError(file, `holds ${state.project}/${state.stack}, not ${project}/${stack}`);
  }
  if (typeof state.resources !== "object" || !Array.isArray(state.pendingDeletes)) {
    throw new StateFileError(file, "has no resources");
  }
  return state as StackState;
}

/**
 * Writes the whole state atomically: a synced temporary file renamed over the old one, so a reader (or a run
 * that dies here) sees either the previous state or this one, never half of one.
 */
export function writeStateFile(file: string, state: StackState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Writes are synchronous, so one temporary name per process never has two writers.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, "w");
  try {
    fs.writeFileSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}
