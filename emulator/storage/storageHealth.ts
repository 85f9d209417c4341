import { ApiError, storageDamaged, storageFull } from "../errors";

/** SQLite's result codes for a file that is not (or no longer) a well-formed database. */
export function isDamageCode(code: unknown): boolean {
  return typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB");
}

/** SQLITE_FULL: the disk (or the database's size limit) is full. SQLite rolled the statement back. */
export function isFullCode(code: unknown): boolean {
  return code === "SQLITE_FULL";
}

/**
 * What a failure of the store while serving means. A full disk is an answer of its own (507 StorageFull: the
 * transaction was rolled back, so nothing was half-written, and the next request may succeed). Damage found
 * while running (a page overwritten under it) is remembered: from then on every request is refused rather
 * than served from, or acknowledged into, a malformed file, until a restart checks the data dir again.
 */
export class StorageHealth {
  private damage: string | undefined;

  /** The damage found, or undefined while the database is sound. */
  get damaged(): string | undefined {
    return this.damage;
  }

  /** The refusal every request gets once damage was found. */
  refusal(): ApiError | undefined {
    return this.damage === undefined ? undefined : storageDamaged(this.damage);
  }

  /** The answer for a failure of the store, or undefined when it is no storage failure (a bug: a 500). */
  classify(err: unknown): ApiError | undefined {
    const code = (err as { code?: unknown } | null)?.code;
    if (isFullCode(code)) return storageFull();
    if (!isDamageCode(code)) return undefined;
    this.damage ??= `${String(code)}: ${(err as Error).message}`;
    return storageDamaged(this.damage);
  }
}
