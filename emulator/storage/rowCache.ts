/** Rows kept; past it the least recently used is dropped. */
export const ROW_CACHE_ENTRIES = 1024;

/** What the cache reads of the connection its rows come from. */
export interface ConnectionCounters {
  /** `PRAGMA data_version`: changes whenever another connection, of any process, has committed since. */
  dataVersion(): number;
  /** `total_changes()`: the rows this connection has inserted, updated or deleted, uncommitted ones too. */
  ownChanges(): number;
  inTransaction(): boolean;
}

/**
 * Rows by key id as committed, so that a lookup by id (every Encrypt, Decrypt, GenerateDataKey) skips the
 * query while nothing has changed. Why it never serves a stale row, also to several kkms-local processes on
 * one data dir:
 * - Before each lookup it reads both counters; any change empties the cache. data_version counts every
 *   commit of other connections (a second kkms-local's included), total_changes every row this connection
 *   wrote (which data_version does not count), whatever wrote it.
 * - The counters are read before the row, so a row is never older than the counters it is kept under: a
 *   commit between the two only empties the cache once more.
 * - Inside a transaction, where a row read may be an uncommitted change that is then rolled back, the cache is
 *   neither read nor filled.
 * An absent key is kept too (as null), under the same rules.
 */
export class RowCache<Row> {
  private readonly rows = new Map<string, Row | null>();
  private dataVersion = Number.NaN;
  private ownChanges = Number.NaN;

  constructor(
    private readonly connection: ConnectionCounters,
    private readonly capacity = ROW_CACHE_ENTRIES,
  ) {}

  /** The row of `id`, committed: the kept one if nothing has changed since, else `read()`'s. */
  get(id: string, read: () => Row | undefined): Row | undefined {
    if (this.connection.inTransaction()) return read();
    this.forgetIfChanged();
    const kept = this.rows.get(id);
    if (kept !== undefined) {
      this.touch(id, kept);
      return kept ?? undefined;
    }
    const row = read();
    this.remember(id, row ?? null);
    return row;
  }

  get size(): number {
    return this.rows.size;
  }

  private forgetIfChanged(): void {
    const dataVersion = this.connection.dataVersion();
    const ownChanges = this.connection.ownChanges();
    if (dataVersion === this.dataVersion && ownChanges === this.ownChanges) return;
    this.rows.clear();
    this.dataVersion = dataVersion;
    this.ownChanges = ownChanges;
  }

  /** A Map iterates in insertion order: re-inserting makes the entry the most recently used. */
  private touch(id: string, row: Row | null): void {
    this.rows.delete(id);
    this.rows.set(id, row);
  }

  private remember(id: string, row: Row | null): void {
    if (this.rows.size >= this.capacity) this.rows.delete(this.rows.keys().next().value as string);
    this.rows.set(id, row);
  }
}
