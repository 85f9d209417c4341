import * as fs from "fs";
import * as path from "path";
import type { Database } from "better-sqlite3";
import { ConfigurationError, DataDirError } from "../errors";
import { syncDirectory } from "./createFileDurably";
import { NODE_FILE_SYSTEM, type FileSystem } from "./fileSystem";
import { MIGRATIONS, SCHEMA_VERSION } from "./schema";
import { loadSqlite } from "./sqliteBinding";
import { freeBytesAt, isDamageCode, isOutOfSpaceAtOpen } from "./storageHealth";

export const DATABASE_FILE = "kkms-local.db";

/**
 * Opens (creating when needed) the database: `:memory:` without a data dir, else `<dataDir>/kkms-local.db`
 * created with mode 0600. WAL with synchronous=FULL: a change is on disk before its answer is sent. A database
 * file that fails SQLite's quick check is refused (DataDirError), never served.
 */
export function openDatabase(
  dataDir: string | undefined,
  fileSystem: FileSystem = NODE_FILE_SYSTEM,
): Database {
  const file = dataDir === undefined ? ":memory:" : path.join(dataDir, DATABASE_FILE);
  const BetterSqlite3 = loadSqlite();
  if (dataDir !== undefined) createPrivateFile(file, fileSystem);
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    // Another kkms-local on the same data dir waits for the write lock instead of failing at once.
    db.pragma("busy_timeout = 5000");
    if (dataDir !== undefined) checkIntegrity(db, file);
    migrate(db, file);
    return db;
  } catch (err) {
    db?.close();
    throw startFailure(err, file);
  }
}

/**
 * SQLite's quick_check: every page, record and freelist entry is well-formed (it skips integrity_check's
 * index-against-table comparison, three times its cost). About 13 ms at 10,000 keys, 140 ms at 100,000.
 */
export function checkIntegrity(db: Database, file: string): void {
  const rows = db.pragma("quick_check") as { quick_check: string }[];
  if (rows.length === 1 && rows[0].quick_check === "ok") return;
  throw damaged(
    file,
    rows
      .slice(0, 3)
      .map((row) => row.quick_check)
      .join("; "),
  );
}

/** Applies the pending migrations; refuses a database written by a newer kkms-local. */
export function migrate(db: Database, file: string): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new ConfigurationError(
      `${file} has schema version ${current}, but this kkms-local knows versions up to ${SCHEMA_VERSION}: ` +
        "it was written by a newer kkms-local. Upgrade kkms-local or use another --data-dir.",
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

function startFailure(err: unknown, file: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (isDamageCode(code)) return damaged(file, `${String(code)}: ${(err as Error).message}`);
  if (isOutOfSpaceAtOpen(code, () => freeBytesAt(path.dirname(file)))) {
    return new Error(
      `The disk of ${file} is full: kkms-local cannot start on it. Free space and start again.`,
    );
  }
  return err;
}

function damaged(file: string, detail: string): DataDirError {
  return new DataDirError(
    `${file} is damaged (${detail}); kkms-local will not serve it. Restore the data dir from a backup ` +
      "(the database with its -wal file, and root.key), or salvage what is left with sqlite3's .recover, " +
      "or move the data dir away and start with a new one.",
  );
}

/**
 * SQLite gives its -wal and -shm files the main file's mode, so 0600 here keeps all three private. A new
 * file's directory entry is synced, so a power loss cannot keep the root key written next and lose the database.
 */
function createPrivateFile(file: string, fileSystem: FileSystem): void {
  if (fileSystem.sizeOf(file) === undefined) {
    fileSystem.closeSync(fileSystem.openSync(file, "a", 0o600));
    syncDirectory(fileSystem, path.dirname(file));
  }
  fs.chmodSync(file, 0o600);
}
