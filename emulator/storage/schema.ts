import type { Database } from "better-sqlite3";

/**
 * The schema version is `PRAGMA user_version`. Migrations run in order, each in the same transaction as the
 * version bump, so a crash leaves the database at one version or the next, never between.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "keys and meta tables",
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          name  TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        CREATE TABLE keys (
          id            INTEGER PRIMARY KEY,
          key_id        TEXT    NOT NULL UNIQUE,
          account_id    TEXT    NOT NULL,
          region        TEXT    NOT NULL,
          key_name      TEXT    NOT NULL,
          description   TEXT    NOT NULL DEFAULT '',
          key_state     TEXT    NOT NULL
                        CHECK (key_state IN ('Enabled', 'Disabled', 'PendingDeletion', 'PendingImport')),
          key_usage     TEXT    NOT NULL,
          origin        TEXT    NOT NULL,
          charge_type   TEXT    NOT NULL,
          create_time   INTEGER NOT NULL,
          deletion_time INTEGER,
          material      BLOB    NOT NULL
        );
        CREATE INDEX keys_by_owner ON keys (account_id, region, id);
        CREATE INDEX keys_by_deletion_time ON keys (deletion_time) WHERE deletion_time IS NOT NULL;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
