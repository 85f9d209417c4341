import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { KkmsClient } from "../../sdk";
import { engineCreate, engineUpdate } from "./support/engineFlow";
import { initFailed } from "./support/initFailed";
import { PluginRpcError } from "./support/pluginProcess";
import { KEY, startConfiguredPlugin, startPluginFixture, type PluginFixture } from "./support/pluginFixture";

/**
 * `adoptKeyId` through the plugin: the dynamic provider's adoption (provider/runtime/adoptKey.ts), so the same
 * calls and the same refusals; and what only a native provider adds — the adopted KeyId known in the preview, a
 * detailed diff.
 */
const OTHER_ACCOUNT = { accountId: "200000000002", accessKeyId: "AKOTHER", secretAccessKey: "other-secret" };
let fixture: PluginFixture;

beforeAll(async () => {
  fixture = await startPluginFixture({
    accounts: [DEVELOPMENT_ACCOUNT, OTHER_ACCOUNT],
    seedKeys: [{ keyId: "awaiting-material", keyName: "imported", keyState: "PendingImport" }],
  });
});

afterAll(async () => {
  await fixture.close();
});

afterEach(() => fixture.emulator.setFaults([]));

const describe1 = async (keyId: string) => (await fixture.client.describeKeys({ keyIds: [keyId] })).keys[0];

async function handMade(keyName: string, description = ""): Promise<string> {
  const { key } = await fixture.client.createKey({ keyName, description });
  fixture.resetCalls();
  return key.keyId;
}

async function adoptionFailure(name: string, inputs: Record<string, unknown>): Promise<string> {
  const error = await engineCreate(fixture.rpc, KEY, name, inputs).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PluginRpcError);
  return (error as PluginRpcError).details;
}

test("a key already as declared: one DescribeKeys, no change; the preview already knows its KeyId", async () => {
  const keyId = await handMade("legacy", "made by hand");
  const inputs = { adoptKeyId: keyId, keyName: "legacy", description: "made by hand" };
  const checked = await fixture.rpc.check(KEY, "adopted", inputs);
  const preview = await fixture.rpc.create(KEY, "adopted", checked.inputs, true);
  expect(preview.outs.keyId).toBe(keyId);
  expect(fixture.calls()).toEqual({});
  const { id, outs } = await fixture.rpc.create(KEY, "adopted", checked.inputs);
  expect(fixture.calls()).toEqual({ DescribeKeys: 1 });
  expect(id).toBe(keyId);
  expect(outs).toMatchObject({ keyId, keyName: "legacy", description: "made by hand", keyState: "Enabled" });
});

test("a key unlike the declaration is brought to it: ModifyKey and ModifyKeyState, nothing else", async () => {
  const keyId = await handMade("old-name", "old note");
  await engineCreate(fixture.rpc, KEY, "reshaped", {
    adoptKeyId: keyId,
    keyName: "new-name",
    description: "",
    keyState: "Disabled",
  });
  expect(fixture.calls()).toEqual({ DescribeKeys: 1, ModifyKey: 1, ModifyKeyState: 1 });
  expect(await describe1(keyId)).toMatchObject({
    keyName: "new-name",
    description: "",
    keyState: "Disabled",
  });
});

describe("keys that cannot be adopted fail clearly, and nothing is changed", () => {
  test("a KeyId that does not exist, or of another region", async () => {
    expect(
      await adoptionFailure("nothing", { adoptKeyId: "0000aaaa-bbbb-cccc-dddd-eeeeffff0000", keyName: "x" }),
    ).toContain(
      "adoptKeyId: the key 0000aaaa-bbbb-cccc-dddd-eeeeffff0000 was not found in region cn-beijing-6",
    );
    const keyId = await handMade("beijing-key");
    expect(
      await adoptionFailure("wrong-region", { adoptKeyId: keyId, keyName: "x", region: "cn-shanghai-2" }),
    ).toContain(
      `the key ${keyId} was not found in region cn-shanghai-2. KKMS answers a key of another region`,
    );
    expect(fixture.calls()).toEqual({ DescribeKeys: 1 });
    expect((await describe1(keyId)).keyName).toBe("beijing-key");
  });

  test("a key of another account", async () => {
    const theirs = new KkmsClient({ endpoint: fixture.emulator.url, credentials: OTHER_ACCOUNT });
    try {
      const { key: other } = await theirs.createKey({ keyName: "not-yours" });
      expect(
        await adoptionFailure("wrong-account", { adoptKeyId: other.keyId, keyName: "mine-now" }),
      ).toContain(`the key ${other.keyId} was not found in region cn-beijing-6`);
      expect((await theirs.describeKeys({ keyIds: [other.keyId] })).keys[0].keyName).toBe("not-yours");
    } finally {
      theirs.destroy();
    }
  });

  test("a key pending deletion, or pending import", async () => {
    const keyId = await handMade("doomed");
    await fixture.client.modifyKeyState({ keyId, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId });
    expect(await adoptionFailure("late", { adoptKeyId: keyId, keyName: "doomed" })).toContain(
      `adoptKeyId: the key ${keyId} is PendingDeletion`,
    );
    expect(
      await adoptionFailure("material", { adoptKeyId: "awaiting-material", keyName: "imported" }),
    ).toContain("adoptKeyId: the key awaiting-material is PendingImport");
  });

  test("without keyName: a check failure (it would be renamed to an auto-generated name)", async () => {
    const { failures } = await fixture.rpc.check(KEY, "nameless", { adoptKeyId: "any" });
    expect(failures).toEqual([
      { property: "keyName", reason: expect.stringContaining("keyName is required with adoptKeyId") },
    ]);
  });
});

test("later: removing adoptKeyId changes nothing; naming another key replaces (detailed) and deletes the first", async () => {
  const first = await handMade("first");
  const second = await handMade("second");
  const adopted = await engineCreate(fixture.rpc, KEY, "moving", { adoptKeyId: first, keyName: "first" });
  fixture.resetCalls();
  const removed = await engineUpdate(fixture.rpc, adopted, { keyName: "first" });
  expect(removed.step).toBe("same");
  expect(fixture.calls()).toEqual({});

  const news = { adoptKeyId: second, keyName: "second" };
  const checked = await fixture.rpc.check(KEY, "moving", news, adopted.inputs);
  const diff = await fixture.rpc.diff(KEY, "moving", first, adopted.outputs, checked.inputs, adopted.inputs);
  expect(diff.replaces).toEqual(["adoptKeyId"]);
  expect(diff.detailedDiff.adoptKeyId).toEqual({ kind: "ADD_REPLACE", inputDiff: false });
  const switched = await engineUpdate(fixture.rpc, adopted, news);
  expect(switched.step).toBe("replace");
  expect(switched.resource.id).toBe(second);
  expect((await describe1(first)).keyState).toBe("PendingDeletion");
  expect((await describe1(second)).keyState).toBe("Enabled");
});

test("a failure while reconciling reports the adopted key's id, so the engine records it", async () => {
  const keyId = await handMade("half-adopted");
  // One attempt per call, so the injected 5xx is final at once.
  const impatient = await startConfiguredPlugin(fixture.emulator.url, "cn-beijing-6", undefined, {
    maxAttempts: "1",
  });
  try {
    fixture.emulator.setFaults([{ action: "ModifyKeyState", error: "ServiceUnavailable", probability: 1 }]);
    const inputs = { adoptKeyId: keyId, keyName: "renamed-first", keyState: "Disabled" };
    const error = await engineCreate(impatient.client, KEY, "half", inputs).catch((e: PluginRpcError) => e);
    expect(error).toBeInstanceOf(PluginRpcError);
    const detail = initFailed(impatient.client, error as PluginRpcError);
    expect(detail?.id).toBe(keyId);
    expect(detail?.properties).toMatchObject({ keyId, keyName: "renamed-first", keyState: "Enabled" });
  } finally {
    await impatient.kill();
  }
});
