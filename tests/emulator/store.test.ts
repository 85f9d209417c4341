import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import BetterSqlite3 from "better-sqlite3";
import { openStorage } from "../../emulator/storage/openStorage";
import { MIGRATIONS, SCHEMA_VERSION } from "../../emulator/storage/schema";
import { ConfigurationError } from "../../emulator/errors";
import type { KeyMetadata, StoredKey } from "../../emulator/storage/storedKey";
import { startEmulator } from "../../emulator/emulator";

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-store-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function key(keyId: string, overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    keyId,
    accountId: "1",
    region: "cn-beijing-6",
    keyName: keyId,
    description: "",
    keyState: "Enabled",
    keyUsage: "EncryptDecrypt",
    origin: "kms",
    chargeType: "PostPaidByDay",
    createTime: 1_700_000_000_000,
    deletionTime: null,
    wrappedMaterial: Buffer.from([1, 2, 3]),
    ...overrides,
  };
}

/** What listings return of a key: everything but the material and the charge type. */
function metadataOf({
  wrappedMaterial: _material,
  chargeType: _chargeType,
  ...metadata
}: StoredKey): KeyMetadata {
  return metadata;
}

describe("the store", () => {
  it("creates a versioned schema in WAL mode with synchronous=FULL, in private files", () => {
    const { store } = openStorage({ dataDir: path.join(tmp, "data") });
    try {
      expect(store.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
      expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
      expect(fs.statSync(path.join(tmp, "data", "kkms-local.db")).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(tmp, "data", "root.key")).mode & 0o777).toBe(0o600);
    } finally {
      store.close();
    }
  });

  it("keeps keys per owner, in creation order, and survives reopening", () => {
    const dataDir = path.join(tmp, "data");
    const first = openStorage({ dataDir });
    first.store.insert(key("b"));
    first.store.insert(key("a"));
    first.store.insert(key("other-owner", { accountId: "2" }));
    expect(first.store.insertIfAbsent(key("a", { keyName: "changed" }))).toBe(false);
    first.store.updateState("b", "PendingDeletion", 5);
    first.store.close();
    const second = openStorage({ dataDir });
    try {
      expect(second.store.list("1", "cn-beijing-6", 0).map((k) => [k.keyId, k.keyName, k.keyState])).toEqual([
        ["b", "b", "PendingDeletion"],
        ["a", "a", "Enabled"],
      ]);
      expect(second.store.find("1", "cn-beijing-6", "other-owner", 0)).toBeUndefined();
      expect(second.store.find("2", "cn-beijing-6", "other-owner", 0)?.wrappedMaterial).toEqual(
        Buffer.from([1, 2, 3]),
      );
      expect(second.store.purgeExpired(4)).toBe(0);
      expect(second.store.purgeExpired(5)).toBe(1);
      expect(second.store.countByState(5)).toEqual({ Enabled: 2 });
    } finally {
      second.store.close();
    }
  });

  it("hides keys whose deletion window has ended from every read, before any purge", () => {
    const { store } = openStorage({});
    try {
      const a = key("a", { keyName: "name of a", description: "about a", wrappedMaterial: Buffer.from([9]) });
      const gone = key("gone", { keyState: "PendingDeletion", deletionTime: 100, createTime: 7 });
      store.insert(a);
      store.insert(gone);
      // Every field read back in its place (reads return rows as arrays, by column position).
      expect(store.find("1", "cn-beijing-6", "a", 0)).toEqual(a);
      expect(store.list("1", "cn-beijing-6", 0)).toEqual([metadataOf(a), metadataOf(gone)]);
      expect(store.findAll("1", "cn-beijing-6", ["gone", "a"], 0)).toEqual([metadataOf(gone), metadataOf(a)]);
      expect(store.find("1", "cn-beijing-6", "gone", 99)?.keyId).toBe("gone");
      expect(store.find("1", "cn-beijing-6", "gone", 100)).toBeUndefined();
      expect(store.list("1", "cn-beijing-6", 99).map((k) => k.keyId)).toEqual(["a", "gone"]);
      expect(store.list("1", "cn-beijing-6", 100).map((k) => k.keyId)).toEqual(["a"]);
      expect(store.findAll("1", "cn-beijing-6", ["gone", "a", "nope"], 100).map((k) => k.keyId)).toEqual([
        "a",
      ]);
      expect(store.countByState(99)).toEqual({ Enabled: 1, PendingDeletion: 1 });
      expect(store.countByState(100)).toEqual({ Enabled: 1 });
      expect(store.exists("gone")).toBe(true);
      expect(store.purgeExpired(100)).toBe(1);
    } finally {
      store.close();
    }
  });

  it("lists and finds keys by id without their material", () => {
    const { store } = openStorage({});
    try {
      store.insert(key("a"));
      store.insert(key("b", { keyState: "Disabled" }));
      const listed = [...store.list("1", "cn-beijing-6", 0), ...store.findAll("1", "cn-beijing-6", ["b"], 0)];
      expect(listed.map((k) => k.keyId)).toEqual(["a", "b", "b"]);
      for (const k of listed) expect(Object.keys(k).sort()).toEqual(Object.keys(metadataOf(key("a"))).sort());
      expect(store.find("1", "cn-beijing-6", "b", 0)?.wrappedMaterial).toEqual(Buffer.from([1, 2, 3]));
    } finally {
      store.close();
    }
  });

  it("reads committed state while another connection holds the write lock, without waiting for it", () => {
    const dataDir = path.join(tmp, "data");
    const writer = openStorage({ dataDir }).store;
    const reader = openStorage({ dataDir }).store;
    try {
      writer.insert(key("a"));
      writer.transaction(() => {
        writer.updateState("a", "Disabled", null);
        writer.insert(key("b"));
        // A reader that needed the lock would wait out busy_timeout and then throw SQLITE_BUSY instead of answering.
        expect(reader.find("1", "cn-beijing-6", "a", 0)?.keyState).toBe("Enabled");
        expect(reader.findAll("1", "cn-beijing-6", ["b", "a"], 0).map((k) => k.keyId)).toEqual(["a"]);
        expect(reader.list("1", "cn-beijing-6", 0).map((k) => k.keyId)).toEqual(["a"]);
      });
      expect(reader.findAll("1", "cn-beijing-6", ["b", "a"], 0).map((k) => [k.keyId, k.keyState])).toEqual([
        ["b", "Enabled"],
        ["a", "Disabled"],
      ]);
    } finally {
      writer.close();
      reader.close();
    }
  });

  it("refuses a database of a newer schema, and a wrong root key, with clear messages", () => {
    const dataDir = path.join(tmp, "data");
    openStorage({ dataDir }).store.close();
    expect(() => openStorage({ dataDir, rootKey: Buffer.alloc(32, 5) })).toThrow(/root key does not match/);
    const db = new BetterSqlite3(path.join(dataDir, "kkms-local.db"));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStorage({ dataDir })).toThrow(ConfigurationError);
    expect(() => openStorage({ dataDir })).toThrow(/written by a newer kkms-local/);
  });

  it("refuses to invent a new root key for a data dir that has keys", () => {
    const dataDir = path.join(tmp, "data");
    openStorage({ dataDir }).store.close();
    fs.rmSync(path.join(dataDir, "root.key"));
    expect(() => openStorage({ dataDir })).toThrow(/root\.key is missing/);
    expect(fs.existsSync(path.join(dataDir, "root.key"))).toBe(false);
  });
});

describe("startEmulator options", () => {
  it.each([
    [{ dataDir: "x", inMemory: true }, /exclude each other/],
    [{ port: -1 }, /port must be an integer/],
    [{ deletionWindowDays: -1 }, /deletionWindowDays/],
    [{ throttleRps: 0 }, /rps must be a number > 0/],
    [{ defaultRegion: "mars-1" }, /not a known region/],
    [{ accounts: [] }, /non-empty JSON array/],
    [
      {
        accounts: [
          { accountId: "1", accessKeyId: "A", secretAccessKey: "s" },
          { accountId: "2", accessKeyId: "A", secretAccessKey: "t" },
        ],
      },
      /appears twice/,
    ],
    [
      { accounts: [{ accountId: "1", accessKeyId: "A", secretAccessKey: "s", allowedActions: ["Nope"] }] },
      /allowedActions/,
    ],
    [{ faults: [{ action: "Nope", error: "LimitExceeded" }] }, /faults\[0\]\.action/],
    [{ faults: [{ probability: 0.5 }] }, /faults\[0\]\.error must be given/],
    [{ seedKeys: [{ keyId: "bad id!", keyName: "x" }] }, /seedKeys\[0\]\.keyId/],
    [{ seedKeys: [{ keyId: "ok", keyName: "x", material: "AAAA" }] }, /material must be base64 of 32 bytes/],
    [{ seedKeys: [{ keyId: "ok", keyName: "x", accountId: "nobody" }] }, /not a configured account/],
  ])("refuses %j", async (options, message) => {
    await expect(startEmulator(options as never)).rejects.toThrow(message);
  });
});
