import * as fs from "fs";
import { ApiError, storageDamaged, storageFull } from "../errors";

/** SQLite's result codes for a file that is not (or no longer) a well-formed database. */
export function isDamageCode(code: unknown): boolean {
  return typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB");
}

/**
 * SQLITE_FULL: the disk (or the database's size limit) is full. SQLite rolled the statement back. A write that
 * the kernel refuses with ENOSPC is this code, whichever file it hits (a real tmpfs shows it). While serving,
 * only this code is a full disk: an SQLITE_IOERR_* can come after a commit was already synced to the -wal
 * (the -shm index could not grow), so "nothing was changed" could be untrue; it stays a 500.
 */
export function isFullCode(code: unknown): boolean {
  return code === "SQLITE_FULL";
}

/** The -shm index grows in regions of 32 KiB: with less room than that, opening a database can fail. */
const SHM_REGION_BYTES = 32 * 1024;

/**
 * A database that could not be opened for want of space: SQLITE_FULL, or an I/O error (SQLITE_IOERR_SHMSIZE:
 * no room for the 32 KiB -shm index, as a real full disk gives) while the file system has less room than that.
 * Nothing was acknowledged yet, so the start can simply say the disk is full.
 */
export function isOutOfSpaceAtOpen(code: unknown, freeBytes: () => number | undefined): boolean {
  if (isFullCode(code)) return true;
  if (typeof code !== "string" || !code.startsWith("SQLITE_IOERR")) return false;
  const free = freeBytes();
  return free !== undefined && free < SHM_REGION_BYTES;
}

/** The bytes an unprivileged writer may still use on the file system holding `directory`; undefined if unknown. */
export function freeBytesAt(directory: string): number | undefined {
  try {
    const { bavail, bsize } = fs.statfsSync(directory);
    return bavail * bsize;
  } catch {
    return undefined;
  }
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
