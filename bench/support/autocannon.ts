import * as path from "path";
import { forkWorker } from "./childProcess";
import type { ReplayRequest } from "./loadTypes";

/** What autocannon reports (whole milliseconds for latency, so only its rate is used). */
export interface AutocannonResult {
  ok: number;
  failed: number;
  rate: number;
}

export interface AutocannonRun {
  origin: string;
  request: ReplayRequest;
  connections: number;
  durationSeconds: number;
}

/**
 * autocannon in a child process: kept only to calibrate our generator, on the bare server, so that a ceiling
 * measured with our generator is shown not to be the generator's own.
 */
export interface Autocannon {
  run(run: AutocannonRun): Promise<AutocannonResult>;
  stop(): Promise<void>;
}

export async function startAutocannon(): Promise<Autocannon> {
  const { worker } = await forkWorker(path.join(__dirname, "autocannonWorker.ts"));
  return { run: (run) => worker.ask<AutocannonResult>(run), stop: () => worker.stop() };
}
