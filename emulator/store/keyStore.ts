import type { Database, Statement } from "better-sqlite3";
import type { KeyState } from "../../sdk/types";
import { openDatabase } from "./openDatabase";
import type { StoredKey } from "./types";

interface KeyRow {
  key_id: string;
  account_id: string;
  region: string;
  key_name: string;
  description: string;
  key_state: KeyState;
  key_usage: string;
  origin: string;
  charge_type: string;
  create_time: number;
  deletion_time: number | null;
  material: Buffer;
}

const KEY_COLUMNS =
  "key_id, account_id, region, key_name, description, key_state, key_usage, origin, charge_type, " +
  "create_time, deletion_time, material";

/**
 * Every read and write of keys. Statements are prepared once; `transaction` runs a unit of work under SQLite's
 * write lock (BEGIN IMMEDIATE), so read-check-write sequences stay atomic even across processes.
 */
export class KeyStore {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(readonly db: Database) {
    this.statements = prepareStatements(db);
  }

  static open(dataDir: string | undefined): KeyStore {
    return new KeyStore(openDatabase(dataDir));
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  find(accountId: string, region: string, keyId: string): StoredKey | undefined {
    const row = this.statements.find.get({ accountId, region, keyId }) as KeyRow | undefined;
    return row && fromRow(row);
  }

  /** Whether the id is taken by any key of any owner (key ids are unique across the store). */
  exists(keyId: string): boolean {
    return this.statements.exists.get({ keyId }) !== undefined;
  }

  /** The owner's keys in creation order. */
  list(accountId: string, region: string): StoredKey[] {
    return (this.statements.list.all({ accountId, region }) as KeyRow[]).map(fromRow);
  }

  insert(key: StoredKey): void {
    this.statements.insert.run(toRow(key));
  }

  /** For seeding: false (and nothing written) when the id exists already. */
  insertIfAbsent(key: StoredKey): boolean {
    return this.statements.insertIfAbsent.run(toRow(key)).changes > 0;
  }

  updateAttributes(keyId: string, keyName: string, description: string): void {
    this.statements.updateAttributes.run({ keyId, keyName, description });
  }

  updateState(keyId: string, keyState: KeyState, deletionTime: number | null): void {
    this.statements.updateState.run({ keyId, keyState, deletionTime });
  }

  remove(keyId: string): void {
    this.statements.remove.run({ keyId });
  }

  /** Deletes the keys whose deletion window has ended; returns how many. */
  purgeExpired(nowMs: number): number {
    return this.statements.purgeExpired.run({ nowMs }).changes;
  }

  countByState(): Record<string, number> {
    const rows = this.statements.countByState.all() as { key_state: string; count: number }[];
    return Object.fromEntries(rows.map((row) => [row.key_state, row.count]));
  }

  getMeta(name: string): string | undefined {
    const row = this.statements.getMeta.get({ name }) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(name: string, value: string): void {
    this.statements.setMeta.run({ name, value });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    find: prepare(
      `SELECT ${KEY_COLUMNS} FROM keys WHERE key_id = @keyId AND account_id = @accountId AND region = @region`,
    ),
    exists: prepare("SELECT 1 FROM keys WHERE key_id = @keyId"),
    list: prepare(
      `SELECT ${KEY_COLUMNS} FROM keys WHERE account_id = @accountId AND region = @region ORDER BY id`,
    ),
    insert: prepare(`INSERT INTO keys (${KEY_COLUMNS}) VALUES (${valuePlaceholders()})`),
    insertIfAbsent: prepare(
      `INSERT INTO keys (${KEY_COLUMNS}) VALUES (${valuePlaceholders()}) ON CONFLICT (key_id) DO NOTHING`,
    ),
    updateAttributes: prepare(
      "UPDATE keys SET key_name = @keyName, description = @description WHERE key_id = @keyId",
    ),
    updateState: prepare(
      "UPDATE keys SET key_state = @keyState, deletion_time = @deletionTime WHERE key_id = @keyId",
    ),
    remove: prepare("DELETE FROM keys WHERE key_id = @keyId"),
    purgeExpired: prepare("DELETE FROM keys WHERE deletion_time IS NOT NULL AND deletion_time <= @nowMs"),
    countByState: prepare("SELECT key_state, COUNT(*) AS count FROM keys GROUP BY key_state"),
    getMeta: prepare("SELECT value FROM meta WHERE name = @name"),
    setMeta: prepare(
      "INSERT INTO meta (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = @value",
    ),
  };
}

function valuePlaceholders(): string {
  return KEY_COLUMNS.split(", ")
    .map((column) => "@" + column)
    .join(", ");
}

function toRow(key: StoredKey): KeyRow {
  return {
    key_id: key.keyId,
    account_id: key.accountId,
    region: key.region,
    key_name: key.keyName,
    description: key.description,
    key_state: key.keyState,
    key_usage: key.keyUsage,
    origin: key.origin,
    charge_type: key.chargeType,
    create_time: key.createTime,
    deletion_time: key.deletionTime,
    material: key.wrappedMaterial,
  };
}

function fromRow(row: KeyRow): StoredKey {
  return {
    keyId: row.key_id,
    accountId: row.account_id,
    region: row.region,
    keyName: row.key_name,
    description: row.description,
    keyState: row.key_state,
    keyUsage: row.key_usage,
    origin: row.origin,
    chargeType: row.charge_type,
    createTime: row.create_time,
    deletionTime: row.deletion_time,
    wrappedMaterial: row.material,
  };
}
