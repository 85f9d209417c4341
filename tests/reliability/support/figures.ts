import * as fs from "fs";
import * as path from "path";

/**
 * Each reliability test prints its figures as one compact line and merges them into
 * `tests/reliability/results/latest.json` (the numbers the README quotes). Jest runs test files in parallel
 * workers, so the merge holds a lock file while it reads, updates and atomically replaces the JSON.
 */
export const RESULTS_FILE = path.join(__dirname, "..", "results", "latest.json");

export type FigureValue = string | number | boolean | { [name: string]: FigureValue };
export type Figures = { [name: string]: FigureValue };

const LOCK_TIMEOUT_MS = 10_000;
/** A lock older than this was left by a worker that died holding it. */
const STALE_LOCK_MS = 30_000;

export function recordFigures(item: string, figures: Figures): void {
  console.log(`[reliability] ${item}: ${JSON.stringify(figures)}`);
  withLock(`${RESULTS_FILE}.lock`, () => {
    const all = readResults();
    all[item] = { ...figures, recordedAt: new Date().toISOString() };
    const sorted = Object.fromEntries(
      Object.keys(all)
        .sort()
        .map((name) => [name, all[name]]),
    );
    const temporary = `${RESULTS_FILE}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(sorted, null, 2) + "\n");
    fs.renameSync(temporary, RESULTS_FILE);
  });
}

function readResults(): Record<string, Figures> {
  try {
    return JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8")) as Record<string, Figures>;
  } catch {
    return {};
  }
}

function withLock(lock: string, work: () => void): void {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, "wx"));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (isStale(lock)) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`could not lock ${lock} within ${LOCK_TIMEOUT_MS} ms`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

/** Counts occurrences, keys sorted, for figures like "answers by code". */
export function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Seconds with one decimal, for durations in figures (printed, never asserted). */
export function seconds(startedMs: number): number {
  return Math.round((Date.now() - startedMs) / 100) / 10;
}

/**
 * The seed of a test's randomness: RELIABILITY_SEED when set (to replay a failure), else a fresh one. Every
 * test prints the seed it used in its figures.
 */
export function reliabilitySeed(): number {
  const fromEnv = Number(process.env.RELIABILITY_SEED);
  return Number.isInteger(fromEnv) && process.env.RELIABILITY_SEED !== "" ? fromEnv : Date.now() % 2 ** 31;
}

/** A small seeded PRNG (kkms-local's own mulberry32), for choices that must replay from the printed seed. */
export { mulberry32 as seededRandom } from "../../../emulator/operations/faults";
