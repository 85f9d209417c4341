import * as path from "path";

/** What every benchmark is handed: the mode and where things are. */
export interface BenchContext {
  /** `--quick`: fewer, shorter rounds and smaller sizes, for a one-minute smoke run. */
  quick: boolean;
  repoRoot: string;
  /** Progress on stderr, so stdout stays the report. */
  log(message: string): void;
}

export const REPO_ROOT = path.resolve(__dirname, "..");

export function createContext(quick: boolean): BenchContext {
  const started = Date.now();
  return {
    quick,
    repoRoot: REPO_ROOT,
    log: (message) =>
      process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`),
  };
}
