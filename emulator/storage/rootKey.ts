import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { KEY_MATERIAL_BYTES } from "./crypto";
import { ConfigurationError, DataDirError } from "../errors";
import { createFileDurably, FilePlacedError, syncDirectory } from "./createFileDurably";
import type { FileSystem } from "./fileSystem";

export const ROOT_KEY_FILE = "root.key";
export const ROOT_KEY_ENV = "KKMS_LOCAL_ROOT_KEY";

/** 32 bytes written as 64 hex digits or as base64; anything else is refused with the source named. */
export function parseRootKey(text: string, source: string): Buffer {
  const bytes = decodeRootKey(text);
  if (bytes === undefined) {
    throw new ConfigurationError(
      `${source} must hold a 32-byte root key as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return bytes;
}

function decodeRootKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, "base64")
      : Buffer.alloc(0);
  return bytes.length === KEY_MATERIAL_BYTES ? bytes : undefined;
}

/**
 * The root key of a data dir whose database holds no key yet: `<dir>/root.key` (base64, mode 0600), written
 * durably (see createFileDurably) before the database records its check value, so no key is ever wrapped under
 * a root key a power loss could take. If another process put one there first, that one is used.
 */
export function loadOrCreateRootKeyFile(dataDir: string, fileSystem: FileSystem): Buffer {
  const file = path.join(dataDir, ROOT_KEY_FILE);
  const encoded = Buffer.from(randomBytes(KEY_MATERIAL_BYTES).toString("base64") + "\n", "utf8");
  try {
    createFileDurably(fileSystem, file, encoded, 0o600);
  } catch (err) {
    throw rootKeyWriteFailure(file, err);
  }
  return readRootKeyFile(fileSystem, file, false);
}

/**
 * What a failed root.key write left, in words that are true for the step that failed. Once root.key is in place
 * it stays: another kkms-local starting on the same data dir may already have taken it as its root key (and
 * wrapped keys under it), so removing it could lose them; the next start keeps it and fsyncs its directory.
 */
function rootKeyWriteFailure(file: string, err: unknown): Error {
  if (!(err instanceof FilePlacedError)) {
    return new Error(
      `Cannot write ${file}: ${(err as Error).message}. Nothing was left behind; ` +
        "free space (or fix the permissions) and start again.",
    );
  }
  const leftover = err.leftover === undefined ? "" : ` Delete ${err.leftover}.`;
  return new Error(
    `${file} was put in place, but ${err.step} failed (${(err.cause as Error).message}): it may not survive a ` +
      "power loss yet. This start wrapped no key under it; start again: the next start keeps it and fsyncs its " +
      `directory again.${leftover}`,
  );
}

/** The root key of a data dir that already holds keys: never silently replaced by a new one. */
export function loadRootKeyFile(dataDir: string, fileSystem: FileSystem): Buffer {
  const file = path.join(dataDir, ROOT_KEY_FILE);
  if (fileSystem.sizeOf(file) === undefined) {
    throw new ConfigurationError(
      `${file} is missing, but ${dataDir} holds keys wrapped under it: restore the file or set ${ROOT_KEY_ENV}.`,
    );
  }
  return readRootKeyFile(fileSystem, file, true);
}

/**
 * An empty or partial root.key — left by an older kkms-local interrupted while writing it (a full disk, a
 * crash), or damaged since — is refused with what it is and what to do, which depends on whether any key in
 * the database was wrapped under it.
 */
function readRootKeyFile(fileSystem: FileSystem, file: string, keysDependOnIt: boolean): Buffer {
  const text = fileSystem.readFileSync(file).toString("utf8");
  const bytes = decodeRootKey(text);
  if (bytes !== undefined) return bytes;
  const what =
    text.trim() === ""
      ? `${file} is empty: a root key left unwritten by an interrupted first start (a full disk or a crash).`
      : `${file} holds ${text.trim().length} characters that are not a 32-byte root key (64 hex digits or ` +
        "base64): a partial write or a damaged file.";
  const todo = keysDependOnIt
    ? ` The keys in the database were wrapped under the key it held: restore ${file} from a backup (or set ` +
      `${ROOT_KEY_ENV} to that key); without it they cannot be used.`
    : ` No key was wrapped under it yet: delete ${file} and start again.`;
  throw new DataDirError(what + todo);
}

/**
 * The data dir, made private (0700) when this process creates it. The parent of each directory it creates is
 * fsynced, outermost first, before anything is written inside: else a power loss could take the new data dir's
 * own entry, and with it every key acknowledged there.
 */
export function ensureDataDir(dataDir: string, fileSystem: FileSystem): void {
  let first: string | undefined;
  try {
    first = fileSystem.mkdirSync(dataDir, 0o700);
  } catch (err) {
    throw new ConfigurationError(`Cannot create the data dir ${dataDir}: ${(err as Error).message}`);
  }
  if (!fs.statSync(dataDir).isDirectory()) throw new ConfigurationError(`${dataDir} is not a directory.`);
  if (first === undefined) return;
  for (const created of createdLevels(path.resolve(first), path.resolve(dataDir))) {
    const parent = path.dirname(created);
    try {
      syncDirectory(fileSystem, parent);
    } catch (err) {
      throw new Error(
        `Created the data dir ${dataDir}, but the fsync of ${parent} failed (${(err as Error).message}): ` +
          `it may not survive a power loss. Nothing was written in it; remove ${first} and start again.`,
      );
    }
  }
}

/** `first`, the outermost directory mkdir created, and each level below it down to `dataDir`. */
function createdLevels(first: string, dataDir: string): string[] {
  const levels: string[] = [];
  for (let level = dataDir; ; level = path.dirname(level)) {
    levels.unshift(level);
    if (level === first || level === path.dirname(level)) return levels;
  }
}
