import { randomBytes } from "crypto";
import * as path from "path";
import type { FileSystem } from "./fileSystem";

/**
 * The file is in place (put there by this call, or by another process first), but a step after that failed:
 * removing the temporary file, or the directory's fsync. So the file may not survive a power loss yet.
 */
export class FilePlacedError extends Error {
  constructor(
    readonly file: string,
    /** What failed: "the fsync of its directory", or "removing <temporary file>". */
    readonly step: string,
    /** The temporary file left beside it, if its removal failed. */
    readonly leftover: string | undefined,
    cause: unknown,
  ) {
    super(`${file} is in place, but ${step} failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = "FilePlacedError";
  }
}

/**
 * Puts a new file in place atomically and durably, or leaves an existing one alone: the bytes go to a
 * temporary file beside it, which is fsynced, then hard-linked to its name (link, unlike rename, fails when the
 * name is taken, so two processes starting on one data dir keep one file; renamed where there are no hard
 * links), and the directory is fsynced so the name survives a power loss too. A failure before the file is in
 * place (a full disk) removes the temporary file: the name never holds a partial file. A failure after it throws
 * FilePlacedError. Returns false when the file existed already.
 */
export function createFileDurably(fileSystem: FileSystem, file: string, data: Buffer, mode: number): boolean {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  writeSynced(fileSystem, temporary, data, mode);
  let placed: Placement;
  try {
    placed = putInPlace(fileSystem, temporary, file);
  } catch (err) {
    removeQuietly(fileSystem, temporary);
    throw err;
  }
  if (placed !== "renamed") {
    try {
      fileSystem.unlinkSync(temporary);
    } catch (err) {
      throw new FilePlacedError(file, `removing ${temporary}`, temporary, err);
    }
  }
  try {
    syncDirectory(fileSystem, path.dirname(file));
  } catch (err) {
    throw new FilePlacedError(file, "the fsync of its directory", undefined, err);
  }
  return placed !== "taken";
}

/** Error codes of file systems without hard links (FAT, exFAT, some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/** How the file got its name: linked (the temporary file is still there), renamed, or taken by another first. */
type Placement = "linked" | "renamed" | "taken";

/**
 * Links the temporary file to its name; "taken" when the name was. Without hard links, rename, which replaces:
 * only after checking the name is free (a narrower race than none at all).
 */
function putInPlace(fileSystem: FileSystem, temporary: string, file: string): Placement {
  try {
    fileSystem.linkSync(temporary, file);
    return "linked";
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") return "taken";
    if (!NO_HARD_LINKS.has(code)) throw err;
    if (fileSystem.sizeOf(file) !== undefined) return "taken";
    fileSystem.renameSync(temporary, file);
    return "renamed";
  }
}

/** Makes a directory's entries (a file created, linked or removed in it) survive a power loss. */
export function syncDirectory(fileSystem: FileSystem, directory: string): void {
  // Windows cannot open a directory as a file; NTFS journals its directory entries itself.
  if (process.platform === "win32") return;
  const fd = fileSystem.openSync(directory, "r");
  try {
    fileSystem.fsyncSync(fd);
  } finally {
    fileSystem.closeSync(fd);
  }
}

function writeSynced(fileSystem: FileSystem, file: string, data: Buffer, mode: number): void {
  const fd = fileSystem.openSync(file, "wx", mode);
  try {
    for (let written = 0; written < data.length;) {
      written += fileSystem.writeSync(fd, data, written, data.length - written);
    }
    fileSystem.fsyncSync(fd);
  } catch (err) {
    closeQuietly(fileSystem, fd);
    removeQuietly(fileSystem, file);
    throw err;
  }
  try {
    fileSystem.closeSync(fd);
  } catch (err) {
    removeQuietly(fileSystem, file);
    throw err;
  }
}

function closeQuietly(fileSystem: FileSystem, fd: number): void {
  try {
    fileSystem.closeSync(fd);
  } catch {
    // Already failing: the first error is the one to report.
  }
}

function removeQuietly(fileSystem: FileSystem, file: string): void {
  try {
    fileSystem.unlinkSync(file);
  } catch {
    // Already failing: the first error is the one to report.
  }
}
