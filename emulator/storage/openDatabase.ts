import * as fs from "fs";
import * as path from "path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { ConfigurationError } from "../errors";
import { MIGRATIONS, SCHEMA_VERSION } from "./schema";

export const DATABASE_FILE = "kkms-local.db";

/**
 * Opens (creating when needed) the database: `:memory:` without a data dir, else `<dataDir>/kkms-local.db`
 * created with mode 0600. WAL with synchronous=FULL: a change is on disk before its answer is sent.
 */
export function openDatabase(dataDir: string | undefined): Database {
  const file = dataDir === undefined ? ":memory:" : path.join(dataDir, DATABASE_FILE);
  if (dataDir !== undefined) createPrivateFile(file);
  const db = new BetterSqlite3(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    // Another kkms-local on the same data dir waits for the write lock instead of failing at once.
    db.pragma("busy_timeout = 5000");
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
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

/** SQLite gives its -wal and -shm files the main file's mode, so 0600 here keeps all three private. */
function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, "a", 0o600));
  fs.chmodSync(file, 0o600);
}
