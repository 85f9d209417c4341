import { randomBytes, timingSafeEqual } from "crypto";
import * as path from "path";
import { KEY_MATERIAL_BYTES, rootKeyCheckValue } from "./crypto";
import { ConfigurationError, DataDirError } from "../errors";
import { NODE_FILE_SYSTEM, type FileSystem } from "./fileSystem";
import { DATABASE_FILE } from "./openDatabase";
import {
  ensureDataDir,
  loadOrCreateRootKeyFile,
  loadRootKeyFile,
  ROOT_KEY_ENV,
  ROOT_KEY_FILE,
} from "./rootKey";
import { KeyStore } from "./keyStore";

const ROOT_KEY_CHECK = "root_key_check";

export interface Storage {
  store: KeyStore;
  rootKey: Buffer;
}

export interface StorageOptions {
  dataDir?: string;
  rootKey?: Buffer;
  /** Start with a new, empty database although root.key shows the data dir had one. @default false */
  allowNewDatabase?: boolean;
  /** @default Node's fs */
  fileSystem?: FileSystem;
}

/**
 * The key store and the root key its material is wrapped under. The root key is `rootKey` when given, else
 * `<dataDir>/root.key`, else (in memory) a random one. In this order: a database missing beside its root key is
 * refused; the database is opened and checked; a new data dir's root key is written durably; only then does the
 * database record the root key's check value (its first commit that depends on the key). A root key that does
 * not match that check value stops the start, before any request could fail on it.
 */
export function openStorage(options: StorageOptions): Storage {
  const { dataDir } = options;
  const fileSystem = options.fileSystem ?? NODE_FILE_SYSTEM;
  if (dataDir !== undefined) {
    ensureDataDir(dataDir, fileSystem);
    refuseLostDatabase(dataDir, fileSystem, options.allowNewDatabase === true);
  }
  const store = KeyStore.open(dataDir, fileSystem);
  try {
    const check = store.getMeta(ROOT_KEY_CHECK);
    const rootKey = options.rootKey ?? defaultRootKey(dataDir, fileSystem, check !== undefined);
    if (rootKey.length !== KEY_MATERIAL_BYTES) throw new ConfigurationError("rootKey must be 32 bytes.");
    if (check === undefined) store.setMeta(ROOT_KEY_CHECK, rootKeyCheckValue(rootKey));
    else if (!sameHex(check, rootKeyCheckValue(rootKey))) throw wrongRootKey(dataDir);
    return { store, rootKey };
  } catch (err) {
    store.close();
    throw err;
  }
}

/**
 * root.key is written only after the database exists, so a missing or empty database beside it means the
 * database was lost (deleted, or a restore that forgot it). Starting anyway would silently serve no keys.
 */
function refuseLostDatabase(dataDir: string, fileSystem: FileSystem, allowNewDatabase: boolean): void {
  const database = path.join(dataDir, DATABASE_FILE);
  if ((fileSystem.sizeOf(database) ?? 0) > 0) return;
  const rootKeyFile = path.join(dataDir, ROOT_KEY_FILE);
  if (fileSystem.sizeOf(rootKeyFile) === undefined) return;
  const state = fileSystem.sizeOf(database) === undefined ? "missing" : "empty";
  if ((fileSystem.sizeOf(`${database}-wal`) ?? 0) > 0) {
    throw new DataDirError(
      `${database} is ${state} but its write-ahead log ${database}-wal is not: a copy or restore that left ` +
        "the database behind. Restore both together, or move the -wal and -shm files away to start afresh.",
    );
  }
  if (allowNewDatabase) return;
  throw new DataDirError(
    `${database} is ${state}, but ${rootKeyFile} shows ${dataDir} held a database: its keys are gone from ` +
      `here. Restore the database from a backup, or pass --allow-new-database (KKMS_LOCAL_ALLOW_NEW_DATABASE=1, ` +
      "allowNewDatabase) to start with no keys under the same root key.",
  );
}

function defaultRootKey(dataDir: string | undefined, fileSystem: FileSystem, initialized: boolean): Buffer {
  if (dataDir === undefined) return randomBytes(KEY_MATERIAL_BYTES);
  return initialized ? loadRootKeyFile(dataDir, fileSystem) : loadOrCreateRootKeyFile(dataDir, fileSystem);
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

function wrongRootKey(dataDir: string | undefined): ConfigurationError {
  return new ConfigurationError(
    `The root key does not match the one the data dir ${dataDir ?? "(in memory)"} was created with ` +
      `(check ${ROOT_KEY_ENV} and root.key): its keys could not be unwrapped.`,
  );
}
