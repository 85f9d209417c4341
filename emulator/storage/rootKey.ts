import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { KEY_MATERIAL_BYTES } from "./crypto";
import { ConfigurationError, DataDirError } from "../errors";
import { createFileDurably } from "./createFileDurably";
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
    throw new Error(
      `Cannot write ${file}: ${(err as Error).message}. Nothing was left behind; ` +
        "free space (or fix the permissions) and start again.",
    );
  }
  return readRootKeyFile(fileSystem, file, false);
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

/** The data dir, made private (0700) when this process creates it. */
export function ensureDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ConfigurationError(`Cannot create the data dir ${dataDir}: ${(err as Error).message}`);
  }
  if (!fs.statSync(dataDir).isDirectory()) throw new ConfigurationError(`${dataDir} is not a directory.`);
}
