import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import BetterSqlite3 from "better-sqlite3";
import { startEmulator } from "../../emulator/emulator";
import { GroupCommit } from "../../emulator/storage/groupCommit";
import type { KeyStore } from "../../emulator/storage/keyStore";
import { openStorage } from "../../emulator/storage/openStorage";
import type { StoredKey } from "../../emulator/storage/storedKey";
import { createKeyParams, expectError } from "./support/emulatorFixture";
import { callAction } from "./support/kkmsRequest";

/**
 * Group commit: the writes that arrive together share one commit (one fsync), each in its own savepoint, and
 * none is acknowledged before that commit is on disk. Every test runs on a data dir, with a second connection
 * (as another kkms-local would have) to see what is committed.
 */
let tmp: string;
const stores: KeyStore[] = [];
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-group-commit-"));
});
afterEach(() => {
  stores.splice(0).forEach((store) => store.close());
  fs.rmSync(tmp, { recursive: true, force: true });
});

function open(): KeyStore {
  const { store } = openStorage({ dataDir: path.join(tmp, "data") });
  stores.push(store);
  return store;
}

function key(keyId: string): StoredKey {
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
  };
}

function ids(store: KeyStore): string[] {
  return store.list("1", "cn-beijing-6", 0).map((k) => k.keyId);
}

describe("group commit", () => {
  it("commits the writes queued together at once, and resolves each only when another connection can read it", async () => {
    const store = open();
    const other = open();
    const commit = new GroupCommit(store);
    const seenByOther: string[][] = [];
    const names = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await Promise.all(
      names.map((name) => commit.run(() => store.insert(key(name))).then(() => seenByOther.push(ids(other)))),
    );
    // Not one key at a time: the first acknowledgement already finds all twenty committed.
    expect(seenByOther).toEqual(names.map(() => names));
  });

  it("undoes a unit that throws alone, in order: later units see the earlier ones' writes", async () => {
    const store = open();
    const commit = new GroupCommit(store);
    const failure = new Error("refused");
    const results = await Promise.allSettled([
      commit.run(() => store.insert(key("a"))),
      commit.run(() => {
        store.insert(key("b"));
        throw failure;
      }),
      commit.run(() => {
        store.insert(key("c"));
        return [store.exists("a"), store.exists("b")];
      }),
    ]);
    expect(results).toEqual([
      { status: "fulfilled", value: undefined },
      { status: "rejected", reason: failure },
      { status: "fulfilled", value: [true, false] },
    ]);
    expect(ids(open())).toEqual(["a", "c"]);
  });

  it("puts at most maxUnits in one commit, the rest in the next", async () => {
    const store = open();
    const other = open();
    const commit = new GroupCommit(store, 2);
    const seen: number[] = [];
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((name) =>
        commit.run(() => store.insert(key(name))).then(() => seen.push(ids(other).length)),
      ),
    );
    expect(seen).toEqual([2, 2, 4, 4, 5]);
  });

  it("rejects every unit, storing none, when the transaction cannot begin (another process holds the lock)", async () => {
    const store = open();
    store.db.pragma("busy_timeout = 20");
    const holder = new BetterSqlite3(path.join(tmp, "data", "kkms-local.db"));
    holder.exec("BEGIN IMMEDIATE");
    const commit = new GroupCommit(store);
    const results = await Promise.allSettled(
      ["a", "b"].map((name) => commit.run(() => store.insert(key(name)))),
    );
    expect(
      results.map((result) => result.status === "rejected" && (result.reason as { code?: string }).code),
    ).toEqual(["SQLITE_BUSY", "SQLITE_BUSY"]);
    holder.exec("COMMIT");
    holder.close();
    expect(ids(store)).toEqual([]);
    await commit.run(() => store.insert(key("c")));
    expect(ids(open())).toEqual(["c"]);
  });

  it("rejects every unit of a commit that SQLite rolls back (a full disk), storing none of them", async () => {
    const store = open();
    const pages = store.db.pragma("page_count", { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);
    const commit = new GroupCommit(store);
    const big = (name: string) => ({ ...key(name), description: "x".repeat(3000) });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => commit.run(() => store.insert(big(`k${i}`)))),
    );
    expect(new Set(results.map((result) => result.status))).toEqual(new Set(["rejected"]));
    expect(
      new Set(
        results.map((result) => result.status === "rejected" && (result.reason as { code?: string }).code),
      ),
    ).toEqual(new Set(["SQLITE_FULL"]));
    expect(ids(open())).toEqual([]);
  });
});

describe("concurrent write requests on a data dir", () => {
  it("each succeed or fail on their own, all acknowledged ones kept across a restart", async () => {
    const dataDir = path.join(tmp, "data");
    const emulator = await startEmulator({ dataDir });
    const enabled = (await callAction(emulator.url, "CreateKey", createKeyParams("enabled"))).body.Key as {
      KeyId: string;
    };
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) =>
        callAction(emulator.url, "CreateKey", createKeyParams(`k${i}`)),
      ),
      // Only a Disabled key can be deleted; a dry run acts on nothing.
      callAction(emulator.url, "DeleteKey", { KeyId: enabled.KeyId }),
      callAction(emulator.url, "ModifyKey", { KeyId: enabled.KeyId, KeyName: "renamed", DryRun: "true" }),
      callAction(emulator.url, "ModifyKey", { KeyId: enabled.KeyId, Description: "changed" }),
    ]);
    const created = answers.slice(0, 24).map((answer) => {
      expect(answer.status).toBe(200);
      return (answer.body.Key as { KeyId: string; KeyName: string }).KeyName;
    });
    expectError(answers[24], "invalidKeyState");
    expectError(answers[25], "dryRunOperation");
    expect(answers[26].status).toBe(200);
    await emulator.close();
    const again = await startEmulator({ dataDir });
    try {
      const listed = (await callAction(again.url, "DescribeKeys")).body.KeySet as {
        KeyName: string;
        Description: string;
        KeyState: string;
      }[];
      expect(listed.map((k) => k.KeyName).sort()).toEqual(["enabled", ...created].sort());
      expect(listed.find((k) => k.KeyName === "enabled")).toMatchObject({
        Description: "changed",
        KeyState: "Enabled",
      });
    } finally {
      await again.close();
    }
  });
});
