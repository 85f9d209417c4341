import * as fs from "fs";

/**
 * The file operations behind the data dir itself and its own files (root.key, the database's directory entry).
 * Injected so a test can record their order — fsync before rename, the directory after — or fail one (a full
 * disk).
 */
export interface FileSystem {
  /** Creates the directory and any missing parents; the first one it created, or undefined when none. */
  mkdirSync(path: string, mode: number): string | undefined;
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  /** Fails with EEXIST when `newPath` exists: how a file is put in place without replacing another's. */
  linkSync(existingPath: string, newPath: string): void;
  /** Replaces `newPath` if it exists: used only where the file system has no hard links. */
  renameSync(oldPath: string, newPath: string): void;
  unlinkSync(path: string): void;
  readFileSync(path: string): Buffer;
  /** The size in bytes, or undefined when there is no such file. */
  sizeOf(path: string): number | undefined;
}

export const NODE_FILE_SYSTEM: FileSystem = {
  mkdirSync: (path, mode) => fs.mkdirSync(path, { recursive: true, mode }),
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  linkSync: (existingPath, newPath) => fs.linkSync(existingPath, newPath),
  renameSync: (oldPath, newPath) => fs.renameSync(oldPath, newPath),
  unlinkSync: (path) => fs.unlinkSync(path),
  readFileSync: (path) => fs.readFileSync(path),
  sizeOf: (path) => fs.statSync(path, { throwIfNoEntry: false })?.size,
};
