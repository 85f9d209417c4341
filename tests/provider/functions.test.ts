import * as pulumi from "@pulumi/pulumi";
import {
  decrypt,
  decryptOutput,
  encrypt,
  encryptOutput,
  generateDataKey,
  generateDataKeyOutput,
  getKey,
  getKeyOutput,
  getKeys,
  getKeysOutput,
  InvalidArgumentsError,
} from "../../provider";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../emulator";
import { KkmsClient } from "../../sdk";
import { ProgramRuns } from "../helpers/programRuns";
import { withoutKsyunEnvironment } from "./support/kkmsFixture";

/**
 * Functions run in the program's process with the `kkms:` stack config: here inside a real Pulumi program run by
 * the offline engine (the SDK's real language host), against kkms-local with two accounts.
 */
const OTHER_ACCOUNT = {
  accountId: "200000000002",
  accessKeyId: "AKLTOTHERACCOUNT",
  secretAccessKey: "other-account-secret",
};
let emulator: RunningEmulator;
let mine: KkmsClient;
let config: Record<string, string>;
let programs: ProgramRuns;
const ids: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({ accounts: [DEVELOPMENT_ACCOUNT, OTHER_ACCOUNT] });
  config = {
    "kkms:endpoint": emulator.url,
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
  };
  programs = new ProgramRuns({
    project: "functions",
    config,
    secretKeys: ["kkms:secretAccessKey"],
    env: withoutKsyunEnvironment(),
  });
  mine = new KkmsClient({ endpoint: emulator.url, credentials: DEVELOPMENT_ACCOUNT });
  ids.app = (await mine.createKey({ keyName: "app-primary", description: "application data" })).key.keyId;
  ids.logs = (await mine.createKey({ keyName: "logs", description: "audit trail" })).key.keyId;
  ids.old = (await mine.createKey({ keyName: "app-legacy", description: "retired" })).key.keyId;
  await mine.modifyKeyState({ keyId: ids.old, keyState: "Disabled" });
  const theirs = new KkmsClient({ endpoint: emulator.url, credentials: OTHER_ACCOUNT });
  await theirs.createKey({ keyName: "app-theirs" });
  theirs.destroy();
  const shanghai = new KkmsClient({
    endpoint: emulator.url,
    credentials: DEVELOPMENT_ACCOUNT,
    region: "cn-shanghai-2",
  });
  await shanghai.createKey({ keyName: "app-shanghai" });
  shanghai.destroy();
});

afterAll(async () => {
  programs.dispose();
  mine.destroy();
  await emulator.close();
});

/** Runs a program with the stack config and returns what it returned, Outputs still Outputs. */
async function inProgram<T>(program: () => T): Promise<Awaited<T>> {
  return (await programs.run(program)).returned;
}

async function settle<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  const value = await (output as unknown as { promise(): Promise<T> }).promise();
  return { value, secret: await pulumi.isSecret(output) };
}

describe("generateDataKey", () => {
  test("the Output form is a secret; its blob decrypts to its plaintext", async () => {
    const output = await inProgram(() => generateDataKeyOutput({ keyId: ids.app, keySpec: "AES128" }));
    const { value, secret } = await settle(output);
    expect(secret).toBe(true);
    expect(await pulumi.isSecret(output.plaintext)).toBe(true);
    expect(Buffer.from(value.plaintext, "base64")).toHaveLength(16);
    const decrypted = await mine.decrypt({ keyId: ids.app, ciphertextBlob: value.ciphertextBlob });
    expect(decrypted.plaintext.toString("base64")).toBe(value.plaintext);
  });

  test("every call makes a new data key (use DataKey for a stable one)", async () => {
    const [a, b] = await inProgram(() =>
      Promise.all([generateDataKey({ keyId: ids.app }), generateDataKey({ keyId: ids.app })]),
    );
    expect(a.plaintext).not.toBe(b.plaintext);
    expect(Buffer.from(a.plaintext, "base64")).toHaveLength(32);
  });

  test("bad arguments name the argument and the rule; an unknown key says not found; a disabled key says so", async () => {
    await expect(inProgram(() => generateDataKey({ keyId: ids.app, numberOfBytes: 0 }))).rejects.toThrow(
      "kkms.generateDataKey: numberOfBytes must be an integer from 1 to 1024; got 0.",
    );
    await expect(
      inProgram(() => generateDataKey({ keyId: ids.app, keySpec: "AES64" as "AES128" })),
    ).rejects.toThrow(/keySpec must be "AES128" or "AES256"/);
    await expect(
      inProgram(() => generateDataKey({ keyId: "0000aaaa-bbbb-cccc-dddd-eeeeffff0000" })),
    ).rejects.toThrow(/not found/);
    await expect(inProgram(() => generateDataKey({ keyId: ids.old }))).rejects.toThrow(/Disabled/);
  });
});

describe("decrypt", () => {
  test("round trip through Encrypt; the Output form is a secret", async () => {
    const { ciphertextBlob } = await mine.encrypt({ keyId: ids.app, plaintext: "s3cret text ✓" });
    const output = await inProgram(() => decryptOutput({ keyId: ids.app, ciphertextBlob }));
    const { value, secret } = await settle(output);
    expect(secret).toBe(true);
    expect(value.plaintext).toBe("s3cret text ✓");
    expect(value.plaintextBase64).toBe(Buffer.from("s3cret text ✓").toString("base64"));
    expect((await inProgram(() => decrypt({ keyId: ids.app, ciphertextBlob }))).plaintext).toBe(
      "s3cret text ✓",
    );
  });

  test("a blob made under another key is refused", async () => {
    const { ciphertextBlob } = await mine.encrypt({ keyId: ids.app, plaintext: "x" });
    await expect(inProgram(() => decrypt({ keyId: ids.logs, ciphertextBlob }))).rejects.toThrow(
      /ciphertext/i,
    );
  });
});

describe("encrypt", () => {
  test("a NEW blob on every call, each decrypting to the plaintext (use Ciphertext for a stable one)", async () => {
    const [a, b] = await inProgram(() =>
      Promise.all([
        encrypt({ keyId: ids.app, plaintext: "hello ✓" }),
        encrypt({ keyId: ids.app, plaintext: "hello ✓" }),
      ]),
    );
    expect(a.keyId).toBe(ids.app);
    expect(a.ciphertextBlob).not.toBe(b.ciphertextBlob);
    for (const { ciphertextBlob } of [a, b])
      expect((await mine.decrypt({ keyId: ids.app, ciphertextBlob })).plaintext.toString("utf8")).toBe(
        "hello ✓",
      );
  });

  test("the Output form is a secret exactly when the plaintext given was", async () => {
    const plain = await settle(await inProgram(() => encryptOutput({ keyId: ids.app, plaintext: "open" })));
    expect(plain.secret).toBe(false);
    expect(plain.value.ciphertextBlob).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const secret = await settle(
      await inProgram(() => encryptOutput({ keyId: ids.app, plaintext: pulumi.secret("hidden") })),
    );
    expect(secret.secret).toBe(true);
  });

  test("bad arguments: the Ciphertext resource's plaintext rule, never echoing the plaintext, one failure each", async () => {
    const error = await inProgram(() => encrypt({ keyId: "", plaintext: "x".repeat(4097) })).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    expect(error.failures).toEqual([
      { property: "keyId", reason: "keyId must not be empty." },
      { property: "plaintext", reason: "plaintext must be 1 to 4096 bytes of UTF-8 text; got 4097 bytes." },
    ]);
    expect(error.message).toBe(
      "kkms.encrypt: keyId must not be empty. plaintext must be 1 to 4096 bytes of UTF-8 text; got 4097 bytes.",
    );
    expect(error.message).not.toContain("xxxx");
  });
});

describe("getKey", () => {
  test("a key's fields, also as an Output", async () => {
    expect(await inProgram(() => getKey({ keyId: ids.logs }))).toMatchObject({
      keyId: ids.logs,
      keyName: "logs",
      description: "audit trail",
      keyState: "Enabled",
      region: "cn-beijing-6",
    });
    const { value, secret } = await settle(await inProgram(() => getKeyOutput({ keyId: ids.app })));
    expect(value.keyName).toBe("app-primary");
    expect(secret).toBe(false);
  });

  test("a missing key is a clear error", async () => {
    await expect(inProgram(() => getKey({ keyId: "0000aaaa-bbbb-cccc-dddd-eeeeffff0000" }))).rejects.toThrow(
      "kkms.getKey: the key 0000aaaa-bbbb-cccc-dddd-eeeeffff0000 was not found in region cn-beijing-6.",
    );
  });
});

describe("getKeys", () => {
  const names = async (args: Parameters<typeof getKeys>[0]) =>
    (await inProgram(() => getKeys(args))).keys.map((k) => k.keyName).sort();

  test("filters by ids, state, name and description patterns", async () => {
    expect(await names({})).toEqual(["app-legacy", "app-primary", "logs"]);
    expect(await names({ keyIds: [ids.app, ids.logs] })).toEqual(["app-primary", "logs"]);
    expect(await names({ keyState: "Disabled" })).toEqual(["app-legacy"]);
    expect(await names({ nameRegex: "^app-" })).toEqual(["app-legacy", "app-primary"]);
    expect(await names({ descriptionRegex: "audit" })).toEqual(["logs"]);
    expect(await names({ nameRegex: "^app-", keyState: "Enabled" })).toEqual(["app-primary"]);
  });

  test("ids come with the keys; the Output form works", async () => {
    const { value } = await settle(await inProgram(() => getKeysOutput({ nameRegex: "^logs$" })));
    expect(value.ids).toEqual([ids.logs]);
  });

  test("another account's keys and another region's keys are never returned", async () => {
    const all = await names({ nameRegex: "theirs|shanghai" });
    expect(all).toEqual([]);
    expect(await names({ region: "cn-shanghai-2" })).toEqual(["app-shanghai"]);
  });

  test("an invalid regular expression is a clear error naming it", async () => {
    await expect(inProgram(() => getKeys({ nameRegex: "([unclosed" }))).rejects.toThrow(
      /nameRegex must be a valid regular expression; "\(\[unclosed" is not/,
    );
    await expect(inProgram(() => getKeys({ keyState: "Gone" as "Enabled" }))).rejects.toThrow(
      /keyState must be/,
    );
  });
});
