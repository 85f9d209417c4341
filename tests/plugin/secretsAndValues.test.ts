import { blobDigestId } from "../../provider/runtime/blobDigestId";
import { isSecret, makeSecret, UNKNOWN } from "../../offline-engine/providers/secrets";
import { engineCreate, engineUpdate } from "./support/engineFlow";
import { CIPHERTEXT, DATA_KEY, KEY, startPluginFixture, type PluginFixture } from "./support/pluginFixture";

/**
 * DataKey and Ciphertext, and secrets on the wire: with acceptSecrets the engine adds no secret marks of its own
 * (provider_plugin.go at v3.248.0, Create :1471 and Check :1233 annotate only when !acceptSecrets), so every
 * plaintext must leave the plugin wrapped.
 */
let fixture: PluginFixture;
let keyId: string;

beforeAll(async () => {
  fixture = await startPluginFixture();
  keyId = (await engineCreate(fixture.rpc, KEY, "master", { keyName: "master" })).id;
});

afterAll(async () => {
  await fixture.close();
});

beforeEach(() => fixture.resetCalls());

describe("DataKey", () => {
  test("GenerateDataKey once; the plaintext a secret, the id derived from the blob", async () => {
    const dataKey = await engineCreate(fixture.rpc, DATA_KEY, "dk", { keyId });
    expect(fixture.calls()).toEqual({ GenerateDataKey: 1 });
    expect(dataKey.inputs.keySpec).toBe("AES256");
    expect(dataKey.id).toMatch(/^dk-[0-9a-f]{32}$/);
    expect(isSecret(dataKey.outputs.plaintext)).toBe(true);
    const plaintext = (dataKey.outputs.plaintext as { value: string }).value;
    expect(Buffer.from(plaintext, "base64")).toHaveLength(32);
    expect(isSecret(dataKey.outputs.ciphertextBlob)).toBe(false);
    const decrypted = await fixture.client.decrypt({
      keyId,
      ciphertextBlob: dataKey.outputs.ciphertextBlob as string,
    });
    expect(decrypted.plaintext.toString("base64")).toBe(plaintext);
  });

  test("the same inputs: no change, no new data key; another length replaces it", async () => {
    const dataKey = await engineCreate(fixture.rpc, DATA_KEY, "stable", { keyId, numberOfBytes: 16 });
    fixture.resetCalls();
    expect((await engineUpdate(fixture.rpc, dataKey, { keyId, numberOfBytes: 16 })).step).toBe("same");
    expect(fixture.calls()).toEqual({});
    const checked = await fixture.rpc.check(DATA_KEY, "stable", { keyId, numberOfBytes: 24 }, dataKey.inputs);
    const diff = await fixture.rpc.diff(DATA_KEY, "stable", dataKey.id, dataKey.outputs, checked.inputs);
    expect(diff.replaces).toEqual(["numberOfBytes"]);
    expect(diff.detailedDiff).toEqual({ numberOfBytes: { kind: "UPDATE_REPLACE", inputDiff: false } });
  });

  test("preview: inputs known, plaintext unknown and secret, blob unknown; no call", async () => {
    const { outs } = await fixture.rpc.create(
      DATA_KEY,
      "planned",
      { keyId: UNKNOWN, keySpec: "AES128" },
      true,
    );
    expect(fixture.calls()).toEqual({});
    expect(outs).toMatchObject({
      keyId: UNKNOWN,
      keySpec: "AES128",
      region: "cn-beijing-6",
      ciphertextBlob: UNKNOWN,
    });
    expect(outs.plaintext).toEqual(makeSecret(UNKNOWN));
  });

  test("bad inputs fail per property", async () => {
    const { failures } = await fixture.rpc.check(DATA_KEY, "bad", { keySpec: "AES512", numberOfBytes: 0 });
    expect(failures.map((f) => f.property).sort()).toEqual(["keyId", "keySpec", "numberOfBytes"]);
  });

  test("refresh keeps it while its key lives, drops it once the key is pending deletion", async () => {
    const { key } = await fixture.client.createKey({ keyName: "short-lived" });
    const dataKey = await engineCreate(fixture.rpc, DATA_KEY, "mortal", { keyId: key.keyId });
    const alive = await fixture.rpc.read(DATA_KEY, "mortal", dataKey.id, dataKey.outputs, dataKey.inputs);
    expect(alive.id).toBe(dataKey.id);
    expect(isSecret(alive.props?.plaintext)).toBe(true);
    await fixture.client.modifyKeyState({ keyId: key.keyId, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: key.keyId });
    expect((await fixture.rpc.read(DATA_KEY, "mortal", dataKey.id, dataKey.outputs, dataKey.inputs)).id).toBe(
      "",
    );
  });
});

test("DataKey.get and Ciphertext.get read a value made elsewhere by its keyId and blob: one Decrypt, a secret plaintext", async () => {
  // Sent as the engine's ReadStep sends a `.get`: the program's properties as both state and inputs.
  const made = await fixture.client.generateDataKey({ keyId, numberOfBytes: 16 });
  const dkState = { keyId, ciphertextBlob: made.ciphertextBlob };
  fixture.resetCalls();
  const dataKey = await fixture.rpc.read(
    DATA_KEY,
    "dk-get",
    blobDigestId("dk-", made.ciphertextBlob),
    dkState,
    dkState,
  );
  expect(fixture.calls()).toEqual({ Decrypt: 1 });
  expect(dataKey.props?.plaintext).toEqual(makeSecret(made.plaintext.toString("base64")));
  const wrong = await fixture.rpc.read(DATA_KEY, "dk-wrong", "dk-0000", dkState, dkState).catch((e) => e);
  expect(wrong.details).toContain(
    "DataKey.get: cannot read dk-0000: it is not the id of the ciphertextBlob given",
  );
  const { ciphertextBlob } = await fixture.client.encrypt({ keyId, plaintext: "from elsewhere" });
  const ctState = { keyId, ciphertextBlob };
  const ciphertext = await fixture.rpc.read(
    CIPHERTEXT,
    "ct-get",
    blobDigestId("ct-", ciphertextBlob),
    ctState,
    ctState,
  );
  expect(ciphertext.props).toMatchObject({ keyId, ciphertextBlob, region: "cn-beijing-6" });
  expect(ciphertext.props?.plaintext).toEqual(makeSecret("from elsewhere"));
});

describe("Ciphertext", () => {
  test("a plaintext given plain is stored secret in the checked inputs and the outputs", async () => {
    const checked = await fixture.rpc.check(CIPHERTEXT, "ct", { keyId, plaintext: "hunter2" });
    expect(checked.inputs.plaintext).toEqual(makeSecret("hunter2"));
    const { outs } = await fixture.rpc.create(CIPHERTEXT, "ct", checked.inputs);
    expect(fixture.calls()).toEqual({ Encrypt: 1 });
    expect(outs.plaintext).toEqual(makeSecret("hunter2"));
    const back = await fixture.client.decrypt({ keyId, ciphertextBlob: outs.ciphertextBlob as string });
    expect(back.plaintext.toString("utf8")).toBe("hunter2");
  });

  test("a secret plaintext diffs by value: the same one is no change, a new one replaces", async () => {
    const ct = await engineCreate(fixture.rpc, CIPHERTEXT, "ct2", { keyId, plaintext: makeSecret("one") });
    expect((await engineUpdate(fixture.rpc, ct, { keyId, plaintext: makeSecret("one") })).step).toBe("same");
    const checked = await fixture.rpc.check(
      CIPHERTEXT,
      "ct2",
      { keyId, plaintext: makeSecret("two") },
      ct.inputs,
    );
    const diff = await fixture.rpc.diff(CIPHERTEXT, "ct2", ct.id, ct.outputs, checked.inputs);
    expect(diff.replaces).toEqual(["plaintext"]);
  });

  test("a plaintext failure never echoes the plaintext", async () => {
    const long = "p".repeat(5000);
    const { failures } = await fixture.rpc.check(CIPHERTEXT, "big", { keyId, plaintext: long });
    expect(failures).toEqual([
      { property: "plaintext", reason: "plaintext must be 1 to 4096 bytes of UTF-8 text; got 5000 bytes." },
    ]);
  });

  test("a secret program input keeps its secret mark on the same-named output", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "secret-name", {
      keyName: makeSecret("classified-name"),
    });
    expect(key.inputs.keyName).toEqual(makeSecret("classified-name"));
    expect(key.outputs.keyName).toEqual(makeSecret("classified-name"));
    expect(isSecret(key.outputs.keyId)).toBe(false);
  });
});

test("a resource reference as an input is read as the resource's id", async () => {
  const reference = {
    "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e",
    urn: "urn:pulumi:test::p::kkms:index:Key::master",
    id: keyId,
  };
  const checked = await fixture.rpc.check(DATA_KEY, "by-ref", { keyId: reference });
  expect(checked.failures).toEqual([]);
  expect(checked.inputs.keyId).toBe(keyId);
});

test("no plaintext reaches the plugin's stdout or stderr", () => {
  const printed = fixture.plugin.stdout() + fixture.plugin.stderr();
  for (const plaintext of ["hunter2", "one", "two", "classified-name"])
    expect(printed).not.toContain(plaintext);
  expect(fixture.plugin.stdout()).toBe(`${fixture.plugin.port}\n`);
});
