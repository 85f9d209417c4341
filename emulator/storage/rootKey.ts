import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";
import { KEY_MATERIAL_BYTES } from "./crypto";
import { ConfigurationError } from "../errors";

export const ROOT_KEY_FILE = "root.key";
export const ROOT_KEY_ENV = "KKMS_LOCAL_ROOT_KEY";

/** 32 bytes written as 64 hex digits or as base64; anything else is refused with the source named. */
export function parseRootKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, "base64")
      : Buffer.alloc(0);
  if (bytes.length !== KEY_MATERIAL_BYTES) {
    throw new ConfigurationError(
      `${source} must hold a 32-byte root key as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return bytes;
}

/**
 * The root key of a new data dir: `<dir>/root.key` (base64, mode 0600), created with `wx` so two processes
 * starting on a fresh dir cannot each write their own.
 */
export function loadOrCreateRootKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, ROOT_KEY_FILE);
  try {
    fs.writeFileSync(file, randomBytes(KEY_MATERIAL_BYTES).toString("base64") + "\n", {
      mode: 0o600,
      flag: "wx",
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return parseRootKey(fs.readFileSync(file, "utf8"), file);
}

/** The root key of a data dir that already holds keys: never silently replaced by a new one. */
export function loadRootKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, ROOT_KEY_FILE);
  if (!fs.existsSync(file)) {
    throw new ConfigurationError(
      `${file} is missing, but ${dataDir} holds keys wrapped under it: restore the file or set ${ROOT_KEY_ENV}.`,
    );
  }
  return parseRootKey(fs.readFileSync(file, "utf8"), file);
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
