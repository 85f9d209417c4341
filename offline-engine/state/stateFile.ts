import * as fs from "fs";
import * as path from "path";

import type { ResourceState } from "./resourceState";

/** 1 was the format of the offline runner this engine replaced; its state files cannot be read. */
export const STATE_VERSION = 2;

/**
 * The state file: the engine's checkpoint essentials (apitype.DeploymentV3 `resources`) for one stack. Resources are
 * in the engine's order: each after everything it depends on; the old halves of replacements still to be deleted
 * carry `delete: true`, so one URN can appear twice.
 */
export interface StackState {
  readonly version: typeof STATE_VERSION;
  readonly project: string;
  readonly stack: string;
  readonly resources: ResourceState[];
}

/** A corrupt, foreign or mismatched state file. */
export class StateFileError extends Error {
  constructor(file: string, problem: string) {
    super(`state file ${file}: ${problem}`);
    this.name = "StateFileError";
  }
}

export function emptyStackState(project: string, stack: string): StackState {
  return { version: STATE_VERSION, project, stack, resources: [] };
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
  const state = parsed as Partial<Omit<StackState, "version">> & { version?: number };
  if (state.version === 1) {
    throw new StateFileError(
      file,
      "was written by the old offline runner (version 1), which the offline engine replaced; start a new state file",
    );
  }
  if (state.version !== STATE_VERSION) throw new StateFileError(file, `unknown version ${state.version}`);
  if (state.project !== project || state.stack !== stack) {
    throw new StateFileError(file, `holds ${state.project}/${state.stack}, not ${project}/${stack}`);
  }
  if (!Array.isArray(state.resources)) throw new StateFileError(file, "has no resources list");
  return state as StackState;
}

/**
 * Writes the whole state atomically: a synced temporary file renamed over the old one, so a reader (or a run that
 * dies here) sees either the previous state or this one, never half of one.
 */
export function writeStateFile(file: string, state: StackState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = temporaryFileOf(file);
  const fd = fs.openSync(temporary, "w", 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/**
 * writeStateFile for a state already serialized (`JSON.stringify(state, null, 2)`, in UTF-8 pieces), without
 * blocking the event loop (the engine's RPCs go on meanwhile).
 */
export async function writeStateChunksAsync(file: string, chunks: readonly Buffer[]): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryFileOf(file);
  const handle = await fs.promises.open(temporary, "w", 0o600);
  try {
    await writeAll(handle, [...chunks, FINAL_NEWLINE]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temporary, file);
}

const FINAL_NEWLINE = Buffer.from("\n");

/** A gathered write, finished with a plain one if the kernel took less than all of it. */
async function writeAll(handle: fs.promises.FileHandle, chunks: Buffer[]): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const { bytesWritten } = await handle.writev(chunks);
  if (bytesWritten < total) await handle.writeFile(Buffer.concat(chunks, total).subarray(bytesWritten));
}

/** One temporary name per process and state file: a Snapshot writes one at a time, and writeStateFile is synchronous. */
function temporaryFileOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}
