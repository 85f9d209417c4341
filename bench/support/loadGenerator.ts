import * as path from "path";
import { forkWorker } from "./childProcess";
import type { LoadResult, ReplayRun, SequenceRun } from "./loadTypes";

/** The load generator (bench/support/loadWorker.ts) in a child process. */
export interface LoadGenerator {
  replay(run: Omit<ReplayRun, "kind">): Promise<LoadResult>;
  sequence(run: Omit<SequenceRun, "kind">): Promise<LoadResult>;
  stop(): Promise<void>;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const { worker } = await forkWorker(path.join(__dirname, "loadWorker.ts"));
  return {
    replay: (run) => worker.ask<LoadResult>({ kind: "replay", ...run }),
    sequence: (run) => worker.ask<LoadResult>({ kind: "sequence", ...run }),
    stop: () => worker.stop(),
  };
}

/** Throws with the first failure unless every operation of the run succeeded. */
export function requireAllOk(result: LoadResult, what: string): LoadResult {
  if (result.failed > 0 || result.ok === 0) {
    throw new Error(
      `${what}: ${result.failed} failed, ${result.ok} ok; first failure: ${result.firstFailure}`,
    );
  }
  return result;
}
