import { engineCreate, engineUpdate, type PluginResource } from "./support/engineFlow";
import { initFailed } from "./support/initFailed";
import { PluginRpcError, type PluginProcess } from "./support/pluginProcess";
import { KEY, startConfiguredPlugin, startPluginFixture, type PluginFixture } from "./support/pluginFixture";

/**
 * Recovery of failed and unknown outcomes through the plugin, as tests/provider/keyResilience.test.ts and
 * keyResource.test.ts check it through the dynamic host: the same runtime (provider/runtime/keyLifecycle.ts,
 * createManagedKey.ts) must give the same results when the engine drives it over gRPC.
 */
let fixture: PluginFixture;
/** One attempt per call: a fault injected on every call of an action is then final at once. */
let impatient: PluginProcess;

beforeAll(async () => {
  fixture = await startPluginFixture();
  impatient = await startConfiguredPlugin(fixture.emulator.url, "cn-beijing-6", undefined, {
    maxAttempts: "1",
  });
});

afterAll(async () => {
  await impatient.kill();
  await fixture.close();
});

beforeEach(() => fixture.emulator.resetMetrics());

afterEach(() => {
  fixture.emulator.setFaults([]);
  fixture.emulator.setThrottle(undefined);
});

async function keyNamed(name: string) {
  const { keys } = await fixture.client.describeKeys();
  return keys.filter((k) => k.keyName === name);
}

async function stateOf(keyId: string): Promise<string | undefined> {
  return (await fixture.client.describeKeys({ keyIds: [keyId] })).keys[0]?.keyState;
}

describe("create", () => {
  test("a named key whose creation mark could not be replaced is recorded by its id; the next up sets the description", async () => {
    fixture.emulator.setFaults([{ action: "ModifyKey", error: "ServiceUnavailable", probability: 1 }]);
    const programInputs = { keyName: "marked", description: "declared" };
    const checked = await impatient.client.check(KEY, "marked", programInputs);
    const error = await impatient.client.create(KEY, "marked", checked.inputs).catch((e) => e);
    fixture.emulator.setFaults([]);
    expect(error).toBeInstanceOf(PluginRpcError);
    const details = initFailed(impatient.client, error);
    if (!details) throw new Error("no ErrorResourceInitFailed detail");
    // The engine records the key with the outputs it was given: the mark still in its description.
    expect(details.properties).toMatchObject({ keyId: details.id, keyName: "marked" });
    expect(details.properties.description).toMatch(/^pulumi-kkms creation mark [0-9a-f]{32}$/);
    const recorded: PluginResource = {
      type: KEY,
      name: "marked",
      id: details.id,
      inputs: checked.inputs,
      outputs: details.properties,
    };
    fixture.emulator.resetMetrics();
    const next = await engineUpdate(fixture.rpc, recorded, programInputs);
    expect(next.step).toBe("update");
    expect(fixture.calls()).toEqual({ ModifyKey: 1 });
    expect((await keyNamed("marked")).map((k) => [k.keyId, k.description])).toEqual([
      [details.id, "declared"],
    ]);
  });
});

describe("delete", () => {
  test("a DeleteKey whose answer is lost after the work is checked, not repeated: the key is pending deletion", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "lost-delete", { keyName: "lost-delete" });
    fixture.emulator.resetMetrics();
    fixture.emulator.setFaults([
      { action: "DeleteKey", error: "ServiceTimeout", phase: "after", probability: 1 },
    ]);
    await fixture.rpc.delete(KEY, "lost-delete", key.id, key.outputs);
    expect(fixture.calls()).toEqual({ ModifyKeyState: 1, DeleteKey: 1, DescribeKeys: 1 });
    expect(await stateOf(key.id)).toBe("PendingDeletion");
  });

  test("a key already deleted, or disabled out of band, is still destroyed cleanly", async () => {
    const gone = await engineCreate(fixture.rpc, KEY, "gone", { keyName: "gone" });
    await fixture.client.modifyKeyState({ keyId: gone.id, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: gone.id });
    await expect(fixture.rpc.delete(KEY, "gone", gone.id, gone.outputs)).resolves.toBeUndefined();

    // The state still says Enabled: the disable is refused (InvalidKeyState), the key re-read, then deleted.
    const drifted = await engineCreate(fixture.rpc, KEY, "drift-disabled", { keyName: "drift-disabled" });
    await fixture.client.modifyKeyState({ keyId: drifted.id, keyState: "Disabled" });
    await expect(
      fixture.rpc.delete(KEY, "drift-disabled", drifted.id, drifted.outputs),
    ).resolves.toBeUndefined();
    expect(await stateOf(drifted.id)).toBe("PendingDeletion");
  });

  test("a real DeleteKey failure is reported, never swallowed; the key is still there", async () => {
    const key = await engineCreate(fixture.rpc, KEY, "stubborn", { keyName: "stubborn" });
    fixture.emulator.setFaults([{ action: "DeleteKey", error: "ServiceUnavailable", probability: 1 }]);
    const error = await impatient.client.delete(KEY, "stubborn", key.id, key.outputs).catch((e) => e);
    expect(error).toBeInstanceOf(PluginRpcError);
    expect(error.details).toMatch(/OpenAPI or Service is unavailable/);
    fixture.emulator.setFaults([]);
    expect(await stateOf(key.id)).toBe("Disabled");
  });
});

test("12 keys created and deleted in parallel under throttling and 5xx, answers lost: no failure, no duplicate", async () => {
  const KEYS = 12;
  const names = Array.from({ length: KEYS }, (_, i) => `resilient-${i}`);
  // 20% of every action answers 5xx before the work, 20% of CreateKey and DeleteKey after it (a lost answer).
  fixture.emulator.setThrottle(40);
  fixture.emulator.setFaults({
    seed: 7,
    faults: [
      { action: "*", probability: 0.2, error: "ServiceUnavailable", phase: "before" },
      { action: "CreateKey", probability: 0.2, error: "ServiceTimeout", phase: "after" },
      { action: "DeleteKey", probability: 0.2, error: "ServiceTimeout", phase: "after" },
    ],
  });
  const keys = await Promise.all(
    names.map((name, i) =>
      engineCreate(fixture.rpc, KEY, name, { keyName: name, keyState: i % 2 ? "Disabled" : "Enabled" }),
    ),
  );
  const created = fixture.emulator.metrics();
  fixture.emulator.setFaults([]);
  for (const [i, name] of names.entries()) {
    const matching = await keyNamed(name);
    expect(matching.map((k) => [k.keyId, k.keyState])).toEqual([
      [keys[i].id, i % 2 ? "Disabled" : "Enabled"],
    ]);
  }
  const count = (metrics: typeof created, action: string, code: string) =>
    metrics.requests
      .filter((r) => r.action === action && r.code === code)
      .reduce((sum, r) => sum + r.count, 0);
  // The faults did fire, including CreateKeys that made a key but lost their answer.
  expect(count(created, "CreateKey", "ServiceTimeout")).toBeGreaterThan(0);
  expect(count(created, "CreateKey", "ServiceUnavailable")).toBeGreaterThan(0);

  fixture.emulator.resetMetrics();
  fixture.emulator.setFaults({
    seed: 11,
    faults: [
      { action: "*", probability: 0.2, error: "ServiceUnavailable" },
      { action: "DeleteKey", probability: 0.2, error: "ServiceTimeout", phase: "after" },
    ],
  });
  await Promise.all(keys.map((key) => fixture.rpc.delete(KEY, key.name, key.id, key.outputs)));
  const deleted = fixture.emulator.metrics();
  fixture.emulator.setFaults([]);
  const after = await fixture.client.describeKeys({ keyIds: keys.map((k) => k.id) });
  expect(after.keys.map((k) => k.keyState)).toEqual(Array(KEYS).fill("PendingDeletion"));
  const faulted = deleted.requests.filter(
    (r) => r.code === "ServiceUnavailable" || r.code === "ServiceTimeout",
  );
  expect(faulted.length).toBeGreaterThan(0);
});
