import { UNKNOWN } from "../../offline-engine/providers/secrets";
import { engineCreate, engineUpdate } from "./support/engineFlow";
import { initFailed } from "./support/initFailed";
import { PluginRpcError } from "./support/pluginProcess";
import {
  DATA_KEY,
  KEY,
  startConfiguredPlugin,
  startPluginFixture,
  type PluginFixture,
} from "./support/pluginFixture";

/**
 * kkms:index:Key through the plugin bin over gRPC, as the engine drives it, against kkms-local: the same API
 * calls as the dynamic provider (README's table), detailed diffs, previews, import with no state.
 */
let fixture: PluginFixture;

beforeAll(async () => {
  fixture = await startPluginFixture({
    seedKeys: [{ keyId: "awaiting-material", keyName: "imported", keyState: "PendingImport" }],
  });
});

afterAll(async () => {
  await fixture.close();
});

beforeEach(() => fixture.resetCalls());

describe("Check", () => {
  test("applies the defaults and names a key after the resource, kept across checks", async () => {
    const first = await fixture.rpc.check(KEY, "payments", {});
    expect(first.failures).toEqual([]);
    expect(first.inputs).toMatchObject({
      keyState: "Enabled",
      keyUsage: "EncryptDecrypt",
      origin: "kms",
      chargeType: "PostPaidByDay",
      description: "",
    });
    expect(first.inputs.keyName).toMatch(/^payments-[0-9a-f]{7}$/);
    const again = await fixture.rpc.check(KEY, "payments", { description: "x" }, first.inputs);
    expect(again.inputs.keyName).toBe(first.inputs.keyName);
    expect(fixture.calls()).toEqual({});
  });

  test("answers one failure per bad property, naming the rule and the value", async () => {
    const { failures } = await fixture.rpc.check(KEY, "bad", {
      keyName: "",
      keyState: "Deleted",
      keyUsage: "Sign",
      region: "Beijing",
    });
    const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byProperty).sort()).toEqual(["keyName", "keyState", "keyUsage", "region"]);
    expect(byProperty.keyState).toBe('keyState must be "Enabled" or "Disabled"; got "Deleted".');
    expect(byProperty.region).toContain('"cn-beijing-6"');
    expect(byProperty.keyName).toBe("keyName must not be empty.");
  });

  test("lets unknown inputs through in a preview", async () => {
    const { failures, inputs } = await fixture.rpc.check(KEY, "later", { keyName: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs.keyName).toBe(UNKNOWN);
  });
});

describe("Create, Read, Update, Delete", () => {
  test("create, auto-named: CreateKey only (the name is unique by construction)", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "auto", { description: "d" });
    expect(fixture.calls()).toEqual({ CreateKey: 1 });
    expect(key.outputs).toMatchObject({ keyName: key.inputs.keyName, description: "d" });
    expect(key.outputs.keyName).toMatch(/^auto-[0-9a-f]{7}$/);
  });

  test("create, keyName given: CreateKey under a creation mark, then ModifyKey; outputs as the service reports them", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "basic", { keyName: "basic-key", description: "d" });
    expect(fixture.calls()).toEqual({ CreateKey: 1, ModifyKey: 1 });
    expect(key.id).toBe(key.outputs.keyId);
    expect(key.outputs).toMatchObject({
      keyName: "basic-key",
      description: "d",
      keyState: "Enabled",
      region: "cn-beijing-6",
      chargeType: "PostPaidByDay",
    });
    expect(key.outputs.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("a Disabled key: the same, then ModifyKeyState", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "off", { keyName: "off-key", keyState: "Disabled" });
    expect(fixture.calls()).toEqual({ CreateKey: 1, ModifyKey: 1, ModifyKeyState: 1 });
    expect(key.outputs.keyState).toBe("Disabled");
  });

  test("rename: one ModifyKey; the diff is detailed, keyId stable, nothing replaced", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "renamed", { keyName: "before" });
    const checked = await fixture.rpc.check(KEY, "renamed", { keyName: "after" }, key.inputs);
    const diff = await fixture.rpc.diff(KEY, "renamed", key.id, key.outputs, checked.inputs, key.inputs);
    expect(diff).toMatchObject({
      changes: "some",
      replaces: [],
      diffs: ["keyName"],
      hasDetailedDiff: true,
      detailedDiff: { keyName: { kind: "UPDATE", inputDiff: false } },
      deleteBeforeReplace: false,
    });
    expect(diff.stables).toEqual(expect.arrayContaining(["keyId", "createTime", "region"]));
    expect(diff.stables).not.toContain("keyName");
    fixture.resetCalls();
    const { outs } = await fixture.rpc.update(KEY, "renamed", key.id, key.outputs, checked.inputs);
    expect(fixture.calls()).toEqual({ ModifyKey: 1 });
    expect(outs).toMatchObject({ keyId: key.id, keyName: "after", createTime: key.outputs.createTime });
  });

  test("disable and rename together: ModifyKey and ModifyKeyState, one each", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "both", { keyName: "both-1" });
    fixture.resetCalls();
    const { step, resource } = await engineUpdate(fixture.rpc, key, {
      keyName: "both-2",
      keyState: "Disabled",
    });
    expect(step).toBe("update");
    expect(fixture.calls()).toEqual({ ModifyKey: 1, ModifyKeyState: 1 });
    expect(resource.outputs).toMatchObject({ keyName: "both-2", keyState: "Disabled" });
  });

  test("unchanged inputs: no change, no call", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "same", { keyName: "same-key" });
    fixture.resetCalls();
    const { step } = await engineUpdate(fixture.rpc, key, { keyName: "same-key" });
    expect(step).toBe("same");
    expect(fixture.calls()).toEqual({});
  });

  test("a region change replaces the key, with a detailed UPDATE_REPLACE", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "moved", { keyName: "moved-key" });
    const checked = await fixture.rpc.check(
      KEY,
      "moved",
      { keyName: "moved-key", region: "cn-shanghai-2" },
      key.inputs,
    );
    const diff = await fixture.rpc.diff(KEY, "moved", key.id, key.outputs, checked.inputs);
    expect(diff.replaces).toEqual(["region"]);
    expect(diff.detailedDiff).toEqual({ region: { kind: "UPDATE_REPLACE", inputDiff: false } });
    expect(diff.stables).toEqual([]);
  });

  test("refresh reads drift; a deleted key reads as gone", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "drift", { keyName: "drift-key" });
    await fixture.client.modifyKey({ keyId: key.id, keyName: "changed-by-hand", description: "" });
    fixture.resetCalls();
    const read = await fixture.rpc.read(KEY, "drift", key.id, key.outputs, key.inputs);
    expect(fixture.calls()).toEqual({ DescribeKeys: 1 });
    expect(read.id).toBe(key.id);
    expect(read.props?.keyName).toBe("changed-by-hand");
    const diff = await fixture.rpc.diff(KEY, "drift", key.id, read.props ?? {}, key.inputs);
    expect(diff.detailedDiff).toEqual({ keyName: { kind: "UPDATE", inputDiff: false } });

    await fixture.client.modifyKeyState({ keyId: key.id, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: key.id });
    const gone = await fixture.rpc.read(KEY, "drift", key.id, key.outputs, key.inputs);
    expect(gone).toEqual({ id: "", props: undefined, inputs: undefined });
  });

  test("delete: disable, then DeleteKey", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "deleted", { keyName: "deleted-key" });
    fixture.resetCalls();
    await fixture.rpc.delete(KEY, "deleted", key.id, key.outputs);
    expect(fixture.calls()).toEqual({ ModifyKeyState: 1, DeleteKey: 1 });
    const { keys } = await fixture.client.describeKeys({ keyIds: [key.id] });
    expect(keys[0].keyState).toBe("PendingDeletion");
  });
});

describe("preview (Create and Update with preview=true)", () => {
  test("a new key previews its known inputs as known, its KeyId unknown, with no API call", async () => {
    const checked = await fixture.rpc.check(KEY, "planned", { keyName: "planned-key", keyState: "Disabled" });
    const { id, outs } = await fixture.rpc.create(KEY, "planned", checked.inputs, true);
    expect(fixture.calls()).toEqual({});
    expect(id).toBe("");
    expect(outs).toMatchObject({ keyName: "planned-key", keyState: "Disabled", region: "cn-beijing-6" });
    expect(outs.keyId).toBe(UNKNOWN);
    expect(outs.createTime).toBe(UNKNOWN);
    expect(outs).not.toHaveProperty("autoNamePrefix");
  });

  test("a renamed key keeps its KeyId known, so its DataKey previews as unchanged", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "parent", { keyName: "parent-1" });
    const dataKey = await engineCreate(fixture.rpc, DATA_KEY, "child", { keyId: key.id });
    const checked = await fixture.rpc.check(KEY, "parent", { keyName: "parent-2" }, key.inputs);
    fixture.resetCalls();
    const preview = await fixture.rpc.update(KEY, "parent", key.id, key.outputs, checked.inputs, true);
    expect(fixture.calls()).toEqual({});
    expect(preview.outs).toMatchObject({
      keyId: key.id,
      keyName: "parent-2",
      createTime: key.outputs.createTime,
    });
    // The DataKey's program input is the Key's previewed keyId: known and the same.
    const childChecked = await fixture.rpc.check(
      DATA_KEY,
      "child",
      { keyId: preview.outs.keyId },
      dataKey.inputs,
    );
    const childDiff = await fixture.rpc.diff(
      DATA_KEY,
      "child",
      dataKey.id,
      dataKey.outputs,
      childChecked.inputs,
    );
    expect(childDiff.changes).toBe("none");
    expect(childDiff.replaces).toEqual([]);
  });

  test("a replaced key's unknown KeyId previews its DataKey as replaced", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "parent2", { keyName: "parent2" });
    const dataKey = await engineCreate(fixture.rpc, DATA_KEY, "child2", { keyId: key.id });
    const replacement = await fixture.rpc.create(
      KEY,
      "parent2",
      { keyName: "parent2", region: "cn-shanghai-2" },
      true,
    );
    const childChecked = await fixture.rpc.check(
      DATA_KEY,
      "child2",
      { keyId: replacement.outs.keyId },
      dataKey.inputs,
    );
    const childDiff = await fixture.rpc.diff(
      DATA_KEY,
      "child2",
      dataKey.id,
      dataKey.outputs,
      childChecked.inputs,
    );
    expect(childDiff.replaces).toEqual(["keyId"]);
  });
});

describe("import: Read with only an id", () => {
  test("reads the key and hands back outputs and inputs, which then diff as unchanged", async () => {
    const { key } = await fixture.client.createKey({ keyName: "made-elsewhere", description: "legacy" });
    fixture.resetCalls();
    // pulumi import kkms:index:Key legacy KEYID — the engine's ImportStep sends no properties and no inputs.
    const read = await fixture.rpc.read(KEY, "legacy", key.keyId);
    expect(fixture.calls()).toEqual({ DescribeKeys: 1 });
    expect(read.id).toBe(key.keyId);
    expect(read.props).toMatchObject({ keyId: key.keyId, keyName: "made-elsewhere", region: "cn-beijing-6" });
    expect(read.inputs).toEqual({
      keyName: "made-elsewhere",
      description: "legacy",
      keyState: "Enabled",
      keyUsage: "EncryptDecrypt",
      origin: "kms",
      chargeType: "PostPaidByDay",
    });
    // The `import` resource option: the program's inputs are then checked and diffed against what was read.
    const checked = await fixture.rpc.check(
      KEY,
      "legacy",
      { keyName: "made-elsewhere", description: "legacy" },
      read.inputs,
    );
    const diff = await fixture.rpc.diff(
      KEY,
      "legacy",
      key.keyId,
      read.props ?? {},
      checked.inputs,
      read.inputs,
    );
    expect(diff.changes).toBe("none");
  });

  test("`pulumi import`: its own Check of the read inputs passes, and the code it prints then diffs as unchanged", async () => {
    const { key } = await fixture.client.createKey({ keyName: "printed", description: "as code" });
    await fixture.client.modifyKeyState({ keyId: key.keyId, keyState: "Disabled" });
    const read = await fixture.rpc.read(KEY, "printed", key.keyId);
    // A planned import checks the read inputs against themselves (step.go:1995-2003 at v3.248.0); the next `up`
    // of the code it prints runs the same Check (the program gives the read inputs; the stored ones are those).
    const checked = await fixture.rpc.check(KEY, "printed", read.inputs ?? {}, read.inputs);
    expect(checked.failures).toEqual([]);
    fixture.resetCalls();
    const diff = await fixture.rpc.diff(
      KEY,
      "printed",
      key.keyId,
      read.props ?? {},
      checked.inputs,
      read.inputs,
    );
    expect(diff.changes).toBe("none");
    expect(fixture.calls()).toEqual({});
  });

  test("a key PendingDeletion or PendingImport cannot be imported, and says why", async () => {
    const { key } = await fixture.client.createKey({ keyName: "going" });
    await fixture.client.modifyKeyState({ keyId: key.keyId, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: key.keyId });
    const error = await fixture.rpc.read(KEY, "going", key.keyId).catch((e) => e);
    expect(error).toBeInstanceOf(PluginRpcError);
    expect(error.details).toBe(
      `import: the key ${key.keyId} is PendingDeletion: a key scheduled for deletion cannot be used or managed again.`,
    );
    const pending = await fixture.rpc.read(KEY, "imported", "awaiting-material").catch((e) => e);
    expect(pending.details).toBe(
      "import: the key awaiting-material is PendingImport: KKMS can neither change its state nor delete it, so it cannot be managed as a Key.",
    );
  });

  test("Key.get (a Read with the program's properties as state and inputs) reads the key; a missing one names its id", async () => {
    const { key } = await fixture.client.createKey({ keyName: "looked-up" });
    fixture.resetCalls();
    const read = await fixture.rpc.read(KEY, "looked-up", key.keyId, {}, {});
    expect(fixture.calls()).toEqual({ DescribeKeys: 1 });
    expect(read.props).toMatchObject({ keyId: key.keyId, keyName: "looked-up", region: "cn-beijing-6" });
    expect(read.inputs).toBeUndefined();
    const missing = await fixture.rpc
      .read(KEY, "ghost", "0000aaaa-bbbb-cccc-dddd-eeeeffff0000", { region: "cn-beijing-6" }, {})
      .catch((e) => e);
    expect(missing).toBeInstanceOf(PluginRpcError);
    expect(missing.details).toContain(
      "Key.get: the key 0000aaaa-bbbb-cccc-dddd-eeeeffff0000 was not found in region cn-beijing-6.",
    );
  });

  test("a KeyId that does not exist reads as nothing, which the engine reports as 'does not exist'", async () => {
    const read = await fixture.rpc.read(KEY, "ghost", "00000000-0000-0000-0000-000000000000");
    expect(read).toEqual({ id: "", props: undefined, inputs: undefined });
  });

  test("a DataKey cannot be imported, and says why", async () => {
    const error = await fixture.rpc.read(DATA_KEY, "dk", "dk-0123").catch((e) => e);
    expect(error).toBeInstanceOf(PluginRpcError);
    expect(error.code).toBe(3);
    expect(error.details).toContain("cannot be imported: its plaintext exists only in the state");
  });
});

describe("unknown outcomes", () => {
  test("a CreateKey whose answer is lost after the work is not repeated: one key", async () => {
    // Every CreateKey makes its key, then loses the answer.
    fixture.emulator.setFaults([
      { action: "CreateKey", error: "ServiceTimeout", phase: "after", probability: 1 },
    ]);
    const key = await engineCreate(fixture.rpc, KEY, "lost", { keyName: "lost-answer-key" }).finally(() =>
      fixture.emulator.setFaults([]),
    );
    // The key is found by this attempt's creation mark, then given its declared description.
    expect(fixture.calls()).toEqual({ CreateKey: 1, DescribeKeys: 1, ModifyKey: 1 });
    const { keys } = await fixture.client.describeKeys();
    const named = keys.filter((k) => k.keyName === "lost-answer-key");
    expect(named.map((k) => k.keyId)).toEqual([key.id]);
    expect(named[0].description).toBe("");
  });

  test("a failed disable after CreateKey reports the key to the engine (ErrorResourceInitFailed)", async () => {
    // One attempt per call, so the injected 5xx is final at once.
    const impatient = await startConfiguredPlugin(fixture.emulator.url, "cn-beijing-6", undefined, {
      maxAttempts: "1",
    });
    fixture.emulator.setFaults([{ action: "ModifyKeyState", error: "ServiceUnavailable", probability: 1 }]);
    const checked = await impatient.client.check(KEY, "half", { keyName: "half-made", keyState: "Disabled" });
    const error = await impatient.client.create(KEY, "half", checked.inputs).catch((e) => e);
    fixture.emulator.setFaults([]);
    await impatient.kill();
    expect(error).toBeInstanceOf(PluginRpcError);
    const details = initFailed(fixture.rpc, error);
    if (!details) throw new Error("no ErrorResourceInitFailed detail");
    expect(details.id).toMatch(/.+/);
    expect(details.properties).toMatchObject({
      keyId: details.id,
      keyName: "half-made",
      keyState: "Enabled",
    });
    expect(details.properties).not.toHaveProperty("__provider");
  });
});
