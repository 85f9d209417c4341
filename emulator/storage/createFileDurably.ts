import { randomBytes } from "crypto";
import * as path from "path";
import type { FileSystem } from "./fileSystem";

/**
 * Puts a new file in place atomically and durably, or leaves an existing one alone: the bytes go to a
 * temporary file beside it, which is fsynced, then hard-linked to its name (link, unlike rename, fails when the
 * name is taken, so two processes starting on one data dir keep one file; renamed where there are no hard
 * links), and the directory is fsynced so the name survives a power loss too. A failure (a full disk) removes the temporary file: the name never holds a
 * partial file. Returns false when the file existed already.
 */
export function createFileDurably(fileSystem: FileSystem, file: string, data: Buffer, mode: number): boolean {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  writeSynced(fileSystem, temporary, data, mode);
  let created: boolean;
  try {
    created = putInPlace(fileSystem, temporary, file);
  } catch (err) {
    removeQuietly(fileSystem, temporary);
    throw err;
  }
  syncDirectory(fileSystem, path.dirname(file));
  return created;
}

/** Error codes of file systems without hard links (FAT, exFAT, some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Links the temporary file to its name and removes the temporary one; false when the name was taken. Without
 * hard links, rename, which replaces: only after checking the name is free (a narrower race than none at all).
 */
function putInPlace(fileSystem: FileSystem, temporary: string, file: string): boolean {
  try {
    fileSystem.linkSync(temporary, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") {
      fileSystem.unlinkSync(temporary);
      return false;
    }
    if (!NO_HARD_LINKS.has(code)) throw err;
    if (fileSystem.sizeOf(file) !== undefined) {
      fileSystem.unlinkSync(temporary);
      return false;
    }
    fileSystem.renameSync(temporary, file);
    return true;
  }
  fileSystem.unlinkSync(temporary);
  return true;
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
