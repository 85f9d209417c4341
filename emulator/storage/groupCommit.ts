import type { KeyStore } from "./keyStore";

/** Most write units in one commit: it bounds how long the first of them waits for the last. */
export const MAX_UNITS_PER_COMMIT = 128;

interface QueuedUnit {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

type UnitOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: the write units queued while the event loop was busy — the requests that arrived during the
 * last commit's fsync — run in the next commit together. One SQLite write transaction (BEGIN IMMEDIATE, so
 * another kkms-local on the data dir waits its turn) holds them, each in its own savepoint and in the order
 * queued: a unit that throws is undone alone and rejected with its error, and the others see each other's
 * changes as if they had run one after another. Each unit's promise settles only after the one COMMIT, so
 * every acknowledged write is on disk (WAL, synchronous=FULL) before its answer, as with a commit per request;
 * but the fsync, 3 ms on this machine's disk, is paid once per commit instead of once per request. When the
 * commit itself fails (or SQLite ends the transaction on an I/O error), nothing of it is stored and every unit
 * is rejected with that error.
 */
export class GroupCommit {
  private queue: QueuedUnit[] = [];
  private scheduled = false;

  constructor(
    private readonly store: KeyStore,
    private readonly maxUnits = MAX_UNITS_PER_COMMIT,
  ) {}

  /** Runs `work` (synchronous, never awaiting) in the next commit; resolves with its result once committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** After the I/O callbacks of this turn of the event loop: every request that has arrived is queued by then. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.commitNext();
    });
  }

  private commitNext(): void {
    const units = this.queue.splice(0, this.maxUnits);
    if (this.queue.length > 0) this.schedule();
    let outcomes: UnitOutcome[];
    try {
      outcomes = this.store.transaction(() => units.map((unit) => this.runInSavepoint(unit.work)));
    } catch (err) {
      for (const unit of units) unit.reject(err);
      return;
    }
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) units[index].resolve(outcome.value);
      else units[index].reject(outcome.error);
    });
  }

  /** Inside the commit's transaction, `store.transaction` is a savepoint. */
  private runInSavepoint(work: () => unknown): UnitOutcome {
    try {
      return { ok: true, value: this.store.transaction(work) };
    } catch (error) {
      // SQLite rolled the whole transaction back (SQLITE_FULL, an I/O error): the units before are gone too.
      if (!this.store.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
