import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import BetterSqlite3 from "better-sqlite3";
import { startEmulator, type RunningEmulator } from "../../emulator/emulator";
import { DataDirError } from "../../emulator/errors";
import { NODE_FILE_SYSTEM, type FileSystem } from "../../emulator/storage/fileSystem";
import { openStorage } from "../../emulator/storage/openStorage";
import type { StoredKey } from "../../emulator/storage/storedKey";
import { KkmsClient } from "../../sdk/client";
import { isKkmsError } from "../../sdk/errors/guards";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { createKeyParams, expectError } from "./support/emulatorFixture";
import { callAction } from "./support/kkmsRequest";
import { ensureBuiltCli, runCli, startCli } from "./support/cliProcess";

/**
 * What machines and operators do to a data dir: power loss at first start, a full disk, a page overwritten, a
 * file deleted or truncated. kkms-local writes its root key durably before depending on it, refuses damaged or
 * incomplete data dirs with a message that says what happened and what to do, and answers a full disk with
 * 507 StorageFull having written nothing.
 */
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-datadir-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ROOT_KEY_CHECK = "root_key_check";

function dataDir(): string {
  return path.join(tmp, "data");
}

function databaseFile(): string {
  return path.join(dataDir(), "kkms-local.db");
}

function rootKeyFile(): string {
  return path.join(dataDir(), "root.key");
}

/** Whether the database has committed the root key's check value, read through a connection of its own. */
function checkCommitted(): boolean {
  if ((fs.statSync(databaseFile(), { throwIfNoEntry: false })?.size ?? 0) === 0) return false;
  const db = new BetterSqlite3(databaseFile(), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM meta WHERE name = ?").get(ROOT_KEY_CHECK) !== undefined;
  } catch {
    return false; // no meta table yet
  } finally {
    db.close();
  }
}

interface FileCall {
  call: string;
  /** The file or directory, as a name relative to the data dir ("." for the data dir itself). */
  target: string;
  /** Whether the database held the root key's check value when the call was made. */
  checkCommitted: boolean;
}

/** Node's fs, recording each call in order; `fail` may throw instead of one of them. Names are relative to `base`. */
function recordingFileSystem(
  calls: FileCall[],
  fail: (call: string, target: string) => void = () => undefined,
  base: string = dataDir(),
): FileSystem {
  const names = new Map<number, string>();
  const nameOf = (file: string) => {
    const relative = path.relative(base, file) || ".";
    return relative.replace(/^root\.key\.\d+-[0-9a-f]{8}\.tmp$/, "root.key.TMP");
  };
  const record = (call: string, target: string) => {
    calls.push({ call, target, checkCommitted: checkCommitted() });
    fail(call, target);
  };
  return {
    mkdirSync(directory, mode) {
      record("mkdir", nameOf(directory));
      return NODE_FILE_SYSTEM.mkdirSync(directory, mode);
    },
    openSync(file, flags, mode) {
      record(`open ${flags}`, nameOf(file));
      const fd = NODE_FILE_SYSTEM.openSync(file, flags, mode);
      names.set(fd, nameOf(file));
      return fd;
    },
    writeSync(fd, buffer, offset, length) {
      record("write", names.get(fd) ?? "?");
      return NODE_FILE_SYSTEM.writeSync(fd, buffer, offset, length);
    },
    fsyncSync(fd) {
      record("fsync", names.get(fd) ?? "?");
      NODE_FILE_SYSTEM.fsyncSync(fd);
    },
    closeSync(fd) {
      record("close", names.get(fd) ?? "?");
      NODE_FILE_SYSTEM.closeSync(fd);
    },
    linkSync(existing, newPath) {
      record(`link to ${nameOf(newPath)}`, nameOf(existing));
      NODE_FILE_SYSTEM.linkSync(existing, newPath);
    },
    renameSync(from, to) {
      record(`rename to ${nameOf(to)}`, nameOf(from));
      NODE_FILE_SYSTEM.renameSync(from, to);
    },
    unlinkSync(file) {
      record("unlink", nameOf(file));
      NODE_FILE_SYSTEM.unlinkSync(file);
    },
    readFileSync(file) {
      record("read", nameOf(file));
      return NODE_FILE_SYSTEM.readFileSync(file);
    },
    sizeOf: (file) => NODE_FILE_SYSTEM.sizeOf(file),
  };
}

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
}

function storedKey(keyId: string): StoredKey {
  return {
    keyId,
    accountId: DEVELOPMENT_ACCOUNT.accountId,
    region: "cn-beijing-6",
    keyName: `name of ${keyId}`,
    description: "d".repeat(300),
    keyState: "Enabled",
    keyUsage: "EncryptDecrypt",
    origin: "kms",
    chargeType: "PostPaidByDay",
    createTime: 1_700_000_000_000,
    deletionTime: null,
    wrappedMaterial: Buffer.alloc(61, 7),
  };
}

/** A data dir with `count` keys, closed cleanly (the WAL checkpointed into the database file). */
function dataDirWithKeys(count: number): void {
  const { store } = openStorage({ dataDir: dataDir() });
  store.transaction(() => {
    for (let i = 0; i < count; i++) store.insert(storedKey(`key-${i}`));
  });
  store.close();
}

function overwritePage(file: string, page: number): void {
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, (page - 1) * 4096);
  fs.closeSync(fd);
}

function pageCount(file: string): number {
  return fs.statSync(file).size / 4096;
}

describe("root.key at first start", () => {
  it("is written to a temporary file, fsynced, linked into place and its directory fsynced, before the database depends on it", () => {
    const calls: FileCall[] = [];
    const { store, rootKey } = openStorage({ dataDir: dataDir(), fileSystem: recordingFileSystem(calls) });
    store.close();
    const first = calls.findIndex((c) => c.target === "root.key.TMP");
    const rootKeyCalls = calls.slice(first, calls.findIndex((c) => c.call === "read") + 1);
    expect(rootKeyCalls.map((c) => `${c.call} ${c.target}`)).toEqual([
      "open wx root.key.TMP",
      "write root.key.TMP",
      "fsync root.key.TMP",
      "close root.key.TMP",
      "link to root.key root.key.TMP",
      "unlink root.key.TMP",
      "open r .",
      "fsync .",
      "close .",
      "read root.key",
    ]);
    // The database's first commit that depends on the root key comes after all of it.
    expect(calls.filter((c) => c.checkCommitted)).toEqual([]);
    expect(checkCommitted()).toBe(true);
    expect(Buffer.from(fs.readFileSync(rootKeyFile(), "utf8").trim(), "base64")).toEqual(rootKey);
    expect(fs.statSync(rootKeyFile()).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir()).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  it("fsyncs the parent after creating the data dir, and the data dir after creating the database file, before the root key is written", () => {
    const calls: FileCall[] = [];
    openStorage({ dataDir: dataDir(), fileSystem: recordingFileSystem(calls) }).store.close();
    const steps = calls.map((c) => `${c.call} ${c.target}`);
    // Without the parent's fsync a power loss could take the new data dir's entry, and every key in it.
    expect(steps.slice(0, 9)).toEqual([
      "mkdir .",
      "open r ..",
      "fsync ..",
      "close ..",
      "open a kkms-local.db",
      "close kkms-local.db",
      "open r .",
      "fsync .",
      "close .",
    ]);
    expect(steps.indexOf("open wx root.key.TMP")).toBeGreaterThan(8);
    expect(calls.slice(0, 9).filter((c) => c.checkCommitted)).toEqual([]);
  });

  it("fsyncs the parent of every directory level it creates, outermost first, before anything else", () => {
    const calls: FileCall[] = [];
    const nested = path.join(tmp, "a", "b", "data");
    const recording = recordingFileSystem(calls, () => undefined, nested);
    openStorage({ dataDir: nested, fileSystem: recording }).store.close();
    expect(calls.slice(0, 10).map((c) => `${c.call} ${c.target}`)).toEqual([
      "mkdir .",
      "open r ../../..",
      "fsync ../../..",
      "close ../../..",
      "open r ../..",
      "fsync ../..",
      "close ../..",
      "open r ..",
      "fsync ..",
      "close ..",
    ]);
    expect(fs.statSync(path.join(tmp, "a")).mode & 0o777).toBe(0o700);
  });

  it("stops before writing anything when the parent's fsync fails, saying the new data dir may not survive", () => {
    const failing = recordingFileSystem([], (call, target) => {
      if (call === "fsync" && target === "..")
        throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
    });
    expect(() => openStorage({ dataDir: dataDir(), fileSystem: failing })).toThrow(
      `Created the data dir ${dataDir()}, but the fsync of ${tmp} failed (EIO: i/o error, fsync): it may not ` +
        `survive a power loss. Nothing was written in it; remove ${dataDir()} and start again.`,
    );
    expect(fs.readdirSync(dataDir())).toEqual([]);
  });

  it("fsyncs nothing above a data dir that exists already", () => {
    fs.mkdirSync(dataDir());
    const calls: FileCall[] = [];
    openStorage({ dataDir: dataDir(), fileSystem: recordingFileSystem(calls) }).store.close();
    expect(calls.filter((c) => c.target.startsWith(".."))).toEqual([]);
    expect(calls[0]).toMatchObject({ call: "mkdir", target: "." });
  });

  it.each([
    ["on the first write", (call: string) => call === "write"],
    ["on the fsync", (call: string) => call === "fsync"],
  ])(
    "leaves no root.key and no temporary file when the disk is full (%s), and starts normally once it is not",
    (_, failsOn) => {
      const calls: FileCall[] = [];
      const full = recordingFileSystem(calls, (call, target) => {
        if (target === "root.key.TMP" && failsOn(call)) throw enospc();
      });
      expect(() => openStorage({ dataDir: dataDir(), fileSystem: full })).toThrow(
        /Cannot write .*root\.key: ENOSPC: no space left on device, write\. Nothing was left behind/,
      );
      expect(fs.readdirSync(dataDir()).filter((name) => name.startsWith("root.key"))).toEqual([]);
      expect(checkCommitted()).toBe(false);
      const { store, rootKey } = openStorage({ dataDir: dataDir() });
      store.close();
      expect(Buffer.from(fs.readFileSync(rootKeyFile(), "utf8").trim(), "base64")).toEqual(rootKey);
    },
  );

  it("says root.key is in place but not yet durable when the directory's fsync after the link fails; the next start keeps it and syncs again", () => {
    const failing = recordingFileSystem([], (call, target) => {
      if (call === "fsync" && target === "." && fs.existsSync(rootKeyFile()))
        throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
    });
    let message = "";
    try {
      openStorage({ dataDir: dataDir(), fileSystem: failing }).store.close();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /^\/.*\/root\.key was put in place, but the fsync of its directory failed \(EIO: i\/o error, fsync\): it may not survive a power loss yet\. This start wrapped no key under it; start again: the next start keeps it and fsyncs its directory again\.$/,
    );
    expect(message).not.toContain("Nothing was left behind");
    const written = fs.readFileSync(rootKeyFile(), "utf8");
    expect(checkCommitted()).toBe(false);
    expect(fs.readdirSync(dataDir()).filter((name) => name.includes(".tmp"))).toEqual([]);

    const calls: FileCall[] = [];
    const { store, rootKey } = openStorage({ dataDir: dataDir(), fileSystem: recordingFileSystem(calls) });
    store.close();
    expect(rootKey).toEqual(Buffer.from(written.trim(), "base64"));
    const linked = calls.findIndex((c) => c.call === "link to root.key");
    expect(calls.slice(linked).map((c) => `${c.call} ${c.target}`)).toEqual([
      "link to root.key root.key.TMP",
      "unlink root.key.TMP",
      "open r .",
      "fsync .",
      "close .",
      "read root.key",
    ]);
    expect(calls.filter((c) => c.checkCommitted)).toEqual([]);
  });

  it("renames into place, fsync first and the directory after, where the file system has no hard links", () => {
    const calls: FileCall[] = [];
    const noLinks = recordingFileSystem(calls, (call) => {
      if (call.startsWith("link"))
        throw Object.assign(new Error("EPERM: operation not permitted, link"), { code: "EPERM" });
    });
    const { store, rootKey } = openStorage({ dataDir: dataDir(), fileSystem: noLinks });
    store.close();
    const first = calls.findIndex((c) => c.target === "root.key.TMP");
    expect(
      calls.slice(first, calls.findIndex((c) => c.call === "read") + 1).map((c) => `${c.call} ${c.target}`),
    ).toEqual([
      "open wx root.key.TMP",
      "write root.key.TMP",
      "fsync root.key.TMP",
      "close root.key.TMP",
      "link to root.key root.key.TMP",
      "rename to root.key root.key.TMP",
      "open r .",
      "fsync .",
      "close .",
      "read root.key",
    ]);
    expect(calls.filter((c) => c.checkCommitted)).toEqual([]);
    expect(Buffer.from(fs.readFileSync(rootKeyFile(), "utf8").trim(), "base64")).toEqual(rootKey);
    expect(fs.readdirSync(dataDir()).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  it("keeps the first process's root key when two start on a new data dir at once", () => {
    const first = openStorage({ dataDir: dataDir() });
    fs.rmSync(rootKeyFile());
    // A second process that read the database before the first recorded its check value, and now writes its own.
    const racing: FileCall[] = [];
    const second = recordingFileSystem(racing, (call) => {
      if (call.startsWith("link")) fs.writeFileSync(rootKeyFile(), first.rootKey.toString("base64") + "\n");
    });
    first.store.db.prepare("DELETE FROM meta").run();
    first.store.close();
    const { store, rootKey } = openStorage({ dataDir: dataDir(), fileSystem: second });
    store.close();
    expect(rootKey).toEqual(first.rootKey);
    expect(fs.readdirSync(dataDir()).filter((name) => name.includes(".tmp"))).toEqual([]);
  });
});

describe("a damaged root.key", () => {
  it("refuses an empty root.key beside keys, saying what it is and to restore it", () => {
    dataDirWithKeys(1);
    fs.writeFileSync(rootKeyFile(), "");
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(DataDirError);
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(
      /root\.key is empty: a root key left unwritten by an interrupted first start \(a full disk or a crash\)\. The keys in the database were wrapped under the key it held: restore .*root\.key from a backup \(or set KKMS_LOCAL_ROOT_KEY to that key\)/,
    );
  });

  it("refuses an empty root.key no key depends on, saying it can be deleted; after that it starts", () => {
    const full = recordingFileSystem([], (call, target) => {
      if (target === "root.key.TMP" && call === "write") throw enospc();
    });
    expect(() => openStorage({ dataDir: dataDir(), fileSystem: full })).toThrow(/Cannot write/);
    fs.writeFileSync(rootKeyFile(), ""); // what an older kkms-local left on a full disk
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(
      /root\.key is empty: .*No key was wrapped under it yet: delete .*root\.key and start again\./,
    );
    fs.rmSync(rootKeyFile());
    openStorage({ dataDir: dataDir() }).store.close();
    expect(checkCommitted()).toBe(true);
  });

  it("refuses a partial root.key, saying it is one", () => {
    dataDirWithKeys(1);
    fs.writeFileSync(rootKeyFile(), fs.readFileSync(rootKeyFile(), "utf8").slice(0, 20));
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(
      /root\.key holds 20 characters that are not a 32-byte root key \(64 hex digits or base64\): a partial write or a damaged file\. The keys in the database were wrapped under the key it held: restore/,
    );
  });
});

describe("a damaged database", () => {
  it("is refused at start when a page was overwritten, naming what the integrity check found", async () => {
    dataDirWithKeys(200);
    overwritePage(databaseFile(), Math.floor(pageCount(databaseFile()) / 2));
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(DataDirError);
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(
      /kkms-local\.db is damaged \(.+\); kkms-local will not serve it\. Restore the data dir from a backup/,
    );
    await expect(startEmulator({ dataDir: dataDir() })).rejects.toThrow(DataDirError);
  });

  it("is refused at start when the file is not a database at all", () => {
    fs.mkdirSync(dataDir());
    fs.writeFileSync(databaseFile(), Buffer.alloc(8192, 0x5a));
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(/kkms-local\.db is damaged \(SQLITE_NOTADB/);
  });

  it("stops serving once damage shows while running: reads and writes refused, nothing acknowledged, health 503", async () => {
    dataDirWithKeys(50);
    const emulator = await startEmulator({ dataDir: dataDir() });
    try {
      expect((await callAction(emulator.url, "DescribeKeys")).status).toBe(200);
      emulator.store.db.pragma("wal_checkpoint(TRUNCATE)");
      const { rootpage } = emulator.store.db
        .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'keys'")
        .get() as { rootpage: number };
      overwritePage(databaseFile(), rootpage);
      // Another connection's commit makes this one drop its page cache and read the damaged page from disk.
      const other = new BetterSqlite3(databaseFile());
      other.prepare("INSERT INTO meta (name, value) VALUES ('touched', '1')").run();
      other.close();
      expectError(await callAction(emulator.url, "DescribeKeys"), "storageDamaged");
      expectError(await callAction(emulator.url, "CreateKey", createKeyParams("never")), "storageDamaged");
      const health = await fetch(`${emulator.url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({
        status: "damaged",
        detail: expect.stringMatching(/^SQLITE_CORRUPT/),
      });
    } finally {
      await emulator.close();
    }
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(DataDirError);
  });
});

describe("a database missing beside its root key", () => {
  it.each([
    ["deleted", () => fs.rmSync(databaseFile())],
    ["emptied", () => fs.writeFileSync(databaseFile(), "")],
  ])("is refused when %s, and started afresh under the same root key only when allowed", (_, lose) => {
    const first = openStorage({ dataDir: dataDir() });
    first.store.close();
    lose();
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(DataDirError);
    expect(() => openStorage({ dataDir: dataDir() })).toThrow(
      /kkms-local\.db is (missing|empty), but .*root\.key shows .* held a database: its keys are gone from here\. Restore the database from a backup, or pass --allow-new-database/,
    );
    const fresh = openStorage({ dataDir: dataDir(), allowNewDatabase: true });
    fresh.store.close();
    expect(fresh.rootKey).toEqual(first.rootKey);
    const again = openStorage({ dataDir: dataDir() });
    again.store.close();
    expect(again.rootKey).toEqual(first.rootKey);
  });

  it("is refused even when allowed while a write-ahead log is left without its database", () => {
    openStorage({ dataDir: dataDir() }).store.close();
    fs.rmSync(databaseFile());
    fs.writeFileSync(`${databaseFile()}-wal`, Buffer.alloc(4096, 1));
    expect(() => openStorage({ dataDir: dataDir(), allowNewDatabase: true })).toThrow(
      /kkms-local\.db is missing but its write-ahead log .*-wal is not/,
    );
  });

  it("is a new data dir when neither exists (or the root key comes from the environment)", () => {
    openStorage({ dataDir: dataDir(), rootKey: Buffer.alloc(32, 3) }).store.close();
    fs.rmSync(databaseFile());
    openStorage({ dataDir: dataDir(), rootKey: Buffer.alloc(32, 3) }).store.close();
    expect(checkCommitted()).toBe(true);
  });
});

describe("a full disk while serving", () => {
  let emulator: RunningEmulator;
  afterEach(async () => {
    await emulator.close();
  });

  /** SQLite's own SQLITE_FULL, as on a full disk: the database may not grow past its current pages. */
  function fillDisk(): void {
    const pages = emulator.store.db.pragma("page_count", { simple: true }) as number;
    emulator.store.db.pragma(`max_page_count = ${pages}`);
  }

  it("answers 507 StorageFull, writes nothing, serves reads, and recovers when space returns", async () => {
    emulator = await startEmulator({ dataDir: dataDir() });
    const keyId = (await callAction(emulator.url, "CreateKey", createKeyParams("before"))).body.Key as {
      KeyId: string;
    };
    fillDisk();
    let refused;
    let created = 0;
    for (let i = 0; i < 500 && refused === undefined; i++) {
      const answer = await callAction(
        emulator.url,
        "CreateKey",
        createKeyParams(`fill-${i}`, "x".repeat(1000)),
      );
      if (answer.status === 200) created += 1;
      else refused = answer;
    }
    expect(refused).toBeDefined();
    expectError(refused!, "storageFull");
    const listed = (await callAction(emulator.url, "DescribeKeys")).body.KeySet as unknown[];
    expect(listed).toHaveLength(1 + created);
    const encrypted = await callAction(emulator.url, "Encrypt", {
      KeyId: keyId.KeyId,
      Plaintext: "aGVsbG8=",
    });
    expect(encrypted.status).toBe(200);
    expect(emulator.metrics().byCode.StorageFull).toBe(1);
    emulator.store.db.pragma("max_page_count = 1073741823");
    expect((await callAction(emulator.url, "CreateKey", createKeyParams("after"))).status).toBe(200);
    expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
  });

  it("is a retryable 5xx to the SDK, which (like every 5xx) repeats only idempotent calls", async () => {
    emulator = await startEmulator({ dataDir: dataDir() });
    fillDisk();
    const client = new KkmsClient({
      endpoint: emulator.url,
      region: "cn-beijing-6",
      credentials: DEVELOPMENT_ACCOUNT,
      maxAttempts: 3,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    let failure: unknown;
    for (let i = 0; i < 500 && failure === undefined; i++) {
      await client
        .createKey({ keyName: `fill-${i}`, description: "x".repeat(1000) })
        .catch((err: unknown) => (failure = err));
    }
    expect(isKkmsError(failure)).toBe(true);
    expect(failure).toMatchObject({
      code: "StorageFull",
      statusCode: 507,
      type: "Receiver",
      retryable: true,
    });
    expect(emulator.metrics().requests.filter((r) => r.code === "StorageFull")).toEqual([
      { action: "CreateKey", code: "StorageFull", status: 507, count: 1 },
    ]);
  });

  it("is retried by the SDK for an idempotent call (ModifyKey), until space returns", async () => {
    emulator = await startEmulator({ dataDir: dataDir() });
    const keyId = (await callAction(emulator.url, "CreateKey", createKeyParams("to-modify"))).body.Key as {
      KeyId: string;
    };
    fillDisk();
    // No free page to reuse: the longer row needs a new (overflow) page, which the limit refuses.
    expect(emulator.store.db.pragma("freelist_count", { simple: true })).toBe(0);
    const description = "\u{1F511}".repeat(1024); // 1,024 characters, 4 KiB: more than a page holds
    const sleeps: number[] = [];
    const client = new KkmsClient({
      endpoint: emulator.url,
      region: "cn-beijing-6",
      credentials: DEVELOPMENT_ACCOUNT,
      maxAttempts: 4,
      // Space returns during the third backoff: the fourth attempt succeeds.
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 3) emulator.store.db.pragma("max_page_count = 1073741823");
      },
    });
    try {
      const modified = await client.modifyKey({ keyId: keyId.KeyId, description });
      expect(modified.key.description).toBe(description);
    } finally {
      client.destroy();
    }
    expect(sleeps).toHaveLength(3);
    const modifyKeyAnswers = emulator.metrics().requests.filter((r) => r.action === "ModifyKey");
    expect(modifyKeyAnswers).toHaveLength(2);
    expect(modifyKeyAnswers).toEqual(
      expect.arrayContaining([
        { action: "ModifyKey", code: "StorageFull", status: 507, count: 3 },
        { action: "ModifyKey", code: "OK", status: 200, count: 1 },
      ]),
    );
  });

  it("survives a purge that fails on a timer", async () => {
    emulator = await startEmulator({ dataDir: dataDir(), purgeIntervalMs: 5 });
    const failures: number[] = [];
    emulator.store.purgeExpired = () => {
      failures.push(1);
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(failures.length).toBeGreaterThan(0);
    expect((await callAction(emulator.url, "DescribeKeys")).status).toBe(200);
  });
});

describe("the CLI on a damaged or incomplete data dir", () => {
  beforeAll(() => ensureBuiltCli());

  it.each([
    [
      "a page of the database overwritten",
      () => overwritePage(databaseFile(), 3),
      /kkms-local\.db is damaged/,
    ],
    ["an empty root.key", () => fs.writeFileSync(rootKeyFile(), ""), /root\.key is empty/],
    ["a partial root.key", () => fs.writeFileSync(rootKeyFile(), "AAAA"), /root\.key holds 4 characters/],
    ["the database deleted", () => fs.rmSync(databaseFile()), /--allow-new-database/],
  ])("exits 3 on %s, printing what it is and what to do", (_, damage, message) => {
    dataDirWithKeys(50);
    damage();
    const result = runCli(["--data-dir", dataDir()]);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe("");
  });

  it.each([
    [["--allow-new-database"], {}],
    [[], { KKMS_LOCAL_ALLOW_NEW_DATABASE: "1" }],
  ])("starts afresh beside root.key with %j %j", async (args, env) => {
    dataDirWithKeys(1);
    fs.rmSync(databaseFile());
    const run = await startCli(["--data-dir", dataDir(), ...args], env);
    try {
      expect((await callAction(run.url, "DescribeKeys")).body.KeySet).toEqual([]);
    } finally {
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    }
  });

  it("names the variable and the rule for a bad KKMS_LOCAL_ALLOW_NEW_DATABASE", () => {
    const result = runCli(["--in-memory"], { KKMS_LOCAL_ALLOW_NEW_DATABASE: "yes" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('KKMS_LOCAL_ALLOW_NEW_DATABASE must be 1, true, 0 or false, got "yes".');
  });
});
