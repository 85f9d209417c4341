import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { KeyStore } from "../../emulator/storage/keyStore";
import { openStorage } from "../../emulator/storage/openStorage";
import type { StoredKey } from "../../emulator/storage/storedKey";
import { createKeyParams, expectError } from "./support/emulatorFixture";
import { callAction } from "./support/kkmsRequest";
import { ensureBuiltCli, startCli, type CliRun } from "./support/cliProcess";

/**
 * The store keeps keys read by id (RowCache) while nothing has changed: these tests change them in every way
 * another kkms-local on the same data dir, or this one, could, and look them up again at once.
 */
let tmp: string;
const stores: KeyStore[] = [];
const running: CliRun[] = [];
beforeAll(() => ensureBuiltCli());
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-row-cache-"));
});
afterEach(async () => {
  stores.splice(0).forEach((store) => store.close());
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    await run.exited;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A connection to the shared data dir, as each kkms-local process has one. */
function connection(): KeyStore {
  const { store } = openStorage({ dataDir: path.join(tmp, "data") });
  stores.push(store);
  return store;
}

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

const find = (store: KeyStore, keyId: string, nowMs = 0) => store.find("1", "cn-beijing-6", keyId, nowMs);

describe("keys found by id (the row cache)", () => {
  it("are served again while nothing changed, and read afresh after another connection commits", () => {
    const mine = connection();
    const other = connection();
    other.insert(key("a"));
    const first = find(mine, "a");
    // The same (frozen) object: a second lookup made no query.
    expect(find(mine, "a")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    other.updateState("a", "Disabled", null);
    expect(find(mine, "a")?.keyState).toBe("Disabled");
    other.updateAttributes("a", "renamed", "about");
    expect(find(mine, "a")).toMatchObject({ keyName: "renamed", description: "about" });
    other.transaction(() => other.updateState("a", "PendingDeletion", 100));
    expect(find(mine, "a", 99)?.keyState).toBe("PendingDeletion");
    other.remove("a");
    expect(find(mine, "a")).toBeUndefined();
  });

  it("see a key another connection creates after this one found it absent", () => {
    const mine = connection();
    const other = connection();
    expect(find(mine, "later")).toBeUndefined();
    other.insert(key("later"));
    expect(find(mine, "later")?.keyId).toBe("later");
  });

  it("see this connection's own writes, also those that bypass the store's methods", () => {
    const mine = connection();
    mine.insert(key("a"));
    expect(find(mine, "a")?.keyName).toBe("a");
    mine.updateAttributes("a", "renamed", "");
    expect(find(mine, "a")?.keyName).toBe("renamed");
    mine.db.prepare("UPDATE keys SET material = ? WHERE key_id = 'a'").run(Buffer.from([7]));
    expect(find(mine, "a")?.wrappedMaterial).toEqual(Buffer.from([7]));
  });

  it("never keep a change that is rolled back", () => {
    const mine = connection();
    mine.insert(key("a"));
    expect(find(mine, "a")?.keyState).toBe("Enabled");
    expect(() =>
      mine.transaction(() => {
        mine.updateState("a", "Disabled", null);
        expect(find(mine, "a")?.keyState).toBe("Disabled");
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(find(mine, "a")?.keyState).toBe("Enabled");
    expect(find(connection(), "a")?.keyState).toBe("Enabled");
  });

  it("still hide other owners' keys and keys whose deletion window ended", () => {
    const mine = connection();
    mine.insert(key("a", { keyState: "PendingDeletion", deletionTime: 100 }));
    expect(find(mine, "a", 99)?.keyId).toBe("a");
    expect(mine.find("2", "cn-beijing-6", "a", 99)).toBeUndefined();
    expect(mine.find("1", "cn-shanghai-2", "a", 99)).toBeUndefined();
    expect(find(mine, "a", 100)).toBeUndefined();
    expect(find(mine, "a", 99)?.keyId).toBe("a");
  });
});

describe("two kkms-local processes on one data dir", () => {
  it("each see every write the other acknowledged, at once, round after round", async () => {
    const dataDir = path.join(tmp, "shared");
    const args = ["--data-dir", dataDir, "--log-format", "none"];
    const one = await startCli(args);
    running.push(one);
    const two = await startCli(args);
    running.push(two);
    const encrypt = (run: CliRun, keyId: string) =>
      callAction(run.url, "Encrypt", { KeyId: keyId, Plaintext: "aGVsbG8=" });
    const created = await callAction(one.url, "CreateKey", createKeyParams("shared"));
    const keyId = (created.body.Key as { KeyId: string }).KeyId;
    for (let round = 0; round < 5; round++) {
      const [writer, reader] = round % 2 === 0 ? [two, one] : [one, two];
      // The reader has the key cached (its Encrypts looked it up), then the writer changes it.
      expect((await encrypt(reader, keyId)).status).toBe(200);
      expect((await encrypt(reader, keyId)).status).toBe(200);
      expect(
        (await callAction(writer.url, "ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" })).status,
      ).toBe(200);
      expectError(await encrypt(reader, keyId), "invalidKeyState", keyId, "Disabled", "Encrypt", "Enabled");
      expect(
        (await callAction(writer.url, "ModifyKeyState", { KeyId: keyId, KeyState: "Enabled" })).status,
      ).toBe(200);
      expect((await encrypt(reader, keyId)).status).toBe(200);
      // A key the reader found absent, created by the writer.
      const missing = await callAction(reader.url, "DescribeKeys", { "KeyId.1": `new-${round}` });
      expect(missing.body.KeySet).toEqual([]);
      const made = await callAction(writer.url, "CreateKey", createKeyParams(`new-${round}`));
      const madeId = (made.body.Key as { KeyId: string }).KeyId;
      expect((await encrypt(reader, madeId)).status).toBe(200);
    }
    await callAction(one.url, "ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" });
    expect((await callAction(one.url, "DeleteKey", { KeyId: keyId })).status).toBe(200);
    expectError(await encrypt(two, keyId), "invalidKeyState", keyId, "PendingDeletion", "Encrypt", "Enabled");
  });
});
