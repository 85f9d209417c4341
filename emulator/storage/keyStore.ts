import type { Database, Statement, Transaction } from "better-sqlite3";
import type { KeyState } from "../../sdk/types";
import type { FileSystem } from "./fileSystem";
import { openDatabase } from "./openDatabase";
import { RowCache } from "./rowCache";
import type { KeyMetadata, StoredKey } from "./storedKey";

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

/**
 * A key row as the `.raw()` reads return it: KEY_COLUMNS' values in that order. better-sqlite3 then builds an
 * array instead of an object with twelve named properties, a third of the cost of a lookup by id.
 */
type RawKeyRow = [
  keyId: string,
  accountId: string,
  region: string,
  keyName: string,
  description: string,
  keyState: KeyState,
  keyUsage: string,
  origin: string,
  chargeType: string,
  createTime: number,
  deletionTime: number | null,
  material: Buffer,
];

const KEY_COLUMNS =
  "key_id, account_id, region, key_name, description, key_state, key_usage, origin, charge_type, " +
  "create_time, deletion_time, material";

/** A metadata row as the `.raw()` reads return it: METADATA_COLUMNS' values in that order. */
type RawMetadataRow = [
  keyId: string,
  keyName: string,
  description: string,
  keyState: KeyState,
  keyUsage: string,
  origin: string,
  createTime: number,
  deletionTime: number | null,
];

/**
 * What listings read: no material (a Buffer per row made reading all keys three times slower), and not the
 * owner, which the query itself fixes.
 */
const METADATA_COLUMNS =
  "key_id, key_name, description, key_state, key_usage, origin, create_time, deletion_time";

/**
 * Every read and write of keys. Statements are prepared once; `transaction` runs a unit of work under SQLite's
 * write lock (BEGIN IMMEDIATE), so read-check-write sequences stay atomic even across processes. Each read
 * method is one consistent read of committed state (in WAL mode, without a lock a writer waits for), and never
 * returns a key whose deletion window has ended, purged yet or not. Keys read by id are cached (RowCache) for
 * as long as no connection, this one included, has written since.
 */
export class KeyStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly unitOfWork: Transaction<(work: () => unknown) => unknown>;
  private readonly byId: RowCache<StoredKey>;

  constructor(readonly db: Database) {
    this.statements = prepareStatements(db);
    // Made once: each db.transaction(fn) call builds a new wrapper (five functions), a cost paid per request.
    this.unitOfWork = db.transaction((work: () => unknown) => work());
    const { dataVersion, ownChanges } = this.statements;
    this.byId = new RowCache({
      dataVersion: () => dataVersion.get() as number,
      ownChanges: () => ownChanges.get() as number,
      inTransaction: () => db.inTransaction,
    });
  }

  static open(dataDir: string | undefined, fileSystem?: FileSystem): KeyStore {
    return new KeyStore(openDatabase(dataDir, fileSystem));
  }

  transaction<T>(work: () => T): T {
    return this.unitOfWork.immediate(work) as T;
  }

  /**
   * The owner's key, unless it is absent or its deletion window ended at or before `nowMs`. The object is
   * shared with later lookups (frozen): copy it to change it.
   */
  find(accountId: string, region: string, keyId: string, nowMs: number): StoredKey | undefined {
    const key = this.byId.get(keyId, () => {
      const row = this.statements.find.get({ keyId }) as RawKeyRow | undefined;
      return row && Object.freeze(fromRawRow(row));
    });
    if (key === undefined || key.accountId !== accountId || key.region !== region) return undefined;
    return isLive(key.deletionTime, nowMs) ? key : undefined;
  }

  /**
   * The metadata of the owner's keys among `keyIds`, in that order, absent or expired ones left out. Several
   * are read in one deferred transaction, so they come from one committed state even while another process
   * writes.
   */
  findAll(accountId: string, region: string, keyIds: readonly string[], nowMs: number): KeyMetadata[] {
    const read = () => {
      const keys: KeyMetadata[] = [];
      for (const keyId of keyIds) {
        const row = this.statements.findMetadata.get({ accountId, region, keyId, nowMs }) as
          RawMetadataRow | undefined;
        if (row !== undefined) keys.push(fromMetadataRow(row, accountId, region));
      }
      return keys;
    };
    return keyIds.length > 1 ? (this.unitOfWork.deferred(read) as KeyMetadata[]) : read();
  }

  /** Whether the id is taken by any key of any owner (key ids are unique across the store). */
  exists(keyId: string): boolean {
    return this.statements.exists.get({ keyId }) !== undefined;
  }

  /**
   * The metadata of the owner's keys in creation order, without those whose deletion window ended at or
   * before `nowMs`.
   */
  list(accountId: string, region: string, nowMs: number): KeyMetadata[] {
    const rows = this.statements.list.all({ accountId, region, nowMs }) as RawMetadataRow[];
    return rows.map((row) => fromMetadataRow(row, accountId, region));
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

  /** Keys by state, all owners; like every read, without those whose deletion window ended by `nowMs`. */
  countByState(nowMs: number): Record<string, number> {
    const rows = this.statements.countByState.all({ nowMs }) as { key_state: string; count: number }[];
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

/** The complement of purgeExpired's condition: a reader sees exactly what a purge at @nowMs would leave. */
const NOT_EXPIRED = "(deletion_time IS NULL OR deletion_time > @nowMs)";

/** NOT_EXPIRED for a row read by id (and perhaps cached): the deletion window has not ended at `nowMs`. */
function isLive(deletionTime: number | null, nowMs: number): boolean {
  return deletionTime === null || deletionTime > nowMs;
}

function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    // Any owner's, live or not: a cached row serves every later lookup of the id (find checks both).
    find: prepare(`SELECT ${KEY_COLUMNS} FROM keys WHERE key_id = @keyId`).raw(),
    dataVersion: prepare("PRAGMA data_version").pluck(),
    ownChanges: prepare("SELECT total_changes()").pluck(),
    findMetadata: prepare(
      `SELECT ${METADATA_COLUMNS} FROM keys ` +
        `WHERE key_id = @keyId AND account_id = @accountId AND region = @region AND ${NOT_EXPIRED}`,
    ).raw(),
    exists: prepare("SELECT 1 FROM keys WHERE key_id = @keyId"),
    list: prepare(
      `SELECT ${METADATA_COLUMNS} FROM keys ` +
        `WHERE account_id = @accountId AND region = @region AND ${NOT_EXPIRED} ORDER BY id`,
    ).raw(),
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
    countByState: prepare(
      `SELECT key_state, COUNT(*) AS count FROM keys WHERE ${NOT_EXPIRED} GROUP BY key_state`,
    ),
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

function fromRawRow([
  keyId,
  accountId,
  region,
  keyName,
  description,
  keyState,
  keyUsage,
  origin,
  chargeType,
  createTime,
  deletionTime,
  wrappedMaterial,
]: RawKeyRow): StoredKey {
  return {
    keyId,
    accountId,
    region,
    keyName,
    description,
    keyState,
    keyUsage,
    origin,
    chargeType,
    createTime,
    deletionTime,
    wrappedMaterial,
  };
}

function fromMetadataRow(
  [keyId, keyName, description, keyState, keyUsage, origin, createTime, deletionTime]: RawMetadataRow,
  accountId: string,
  region: string,
): KeyMetadata {
  return {
    keyId,
    accountId,
    region,
    keyName,
    description,
    keyState,
    keyUsage,
    origin,
    createTime,
    deletionTime,
  };
}
