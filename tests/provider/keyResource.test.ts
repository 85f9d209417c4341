import { Key, type KeyArgs } from "../../provider";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { isProviderHostError } from "../../offline-engine/providers/providerHostError";
import { isSecret, stripSecrets, UNKNOWN } from "../../offline-engine/providers/secrets";
import { ProgramRuns } from "../helpers/programRuns";
import {
  checkInputs,
  createResource,
  deleteResource,
  refreshResource,
  upResource,
  type ResourceState,
} from "./support/engineSteps";
import {
  captureAll,
  captureOne,
  killAllProviderHosts,
  startKkmsFixture,
  type KkmsFixture,
} from "./support/kkmsFixture";

let fixture: KkmsFixture;

beforeAll(async () => {
  // Few attempts: some tests make every call of an action fail, and should fail fast.
  fixture = await startKkmsFixture({}, "cn-beijing-6", { "kkms:maxAttempts": "3" });
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
});

beforeEach(() => fixture.emulator.resetMetrics());

const key = (name: string, args: KeyArgs = {}) => captureOne(() => new Key(name, args));

/** API calls kkms-local answered since the last reset, by action. */
function calls(): Record<string, number> {
  return { ...fixture.emulator.metrics().byAction };
}

async function describe1(keyId: string) {
  const { keys } = await fixture.client.describeKeys({ keyIds: [keyId] });
  return keys[0];
}

async function created(name: string, args: KeyArgs = {}): Promise<ResourceState> {
  const state = await createResource(fixture.host, await key(name, args));
  fixture.emulator.resetMetrics();
  return state;
}

describe("create", () => {
  test("an auto-named key: one CreateKey", async () => {
    const state = await createResource(fixture.host, await key("ledger", { description: "for the ledger" }));
    expect(calls()).toEqual({ CreateKey: 1 });
    expect(await describe1(state.id)).toMatchObject({
      keyName: state.outputs.keyName,
      description: "for the ledger",
    });
  });

  test("a named key: CreateKey under a creation mark, then ModifyKey; every output, the KeyId as the id", async () => {
    const state = await createResource(
      fixture.host,
      await key("payments", { keyName: "payments-key", description: "for payments" }),
    );
    expect(calls()).toEqual({ CreateKey: 1, ModifyKey: 1 });
    expect(state.id).toMatch(/^[0-9a-v]{8}-[0-9a-v]{4}-[0-9a-v]{4}-[0-9a-v]{4}-[0-9a-v]{12}$/);
    expect(stripSecrets(state.outputs)).toMatchObject({
      keyId: state.id,
      keyName: "payments-key",
      description: "for payments",
      keyState: "Enabled",
      keyUsage: "EncryptDecrypt",
      origin: "kms",
      chargeType: "PostPaidByDay",
      region: "cn-beijing-6",
      createTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    expect((await describe1(state.id)).keyState).toBe("Enabled");
  });

  test("a disabled key: CreateKey then ModifyKeyState", async () => {
    const state = await createResource(fixture.host, await key("archive", { keyState: "Disabled" }));
    expect(calls()).toEqual({ CreateKey: 1, ModifyKeyState: 1 });
    expect(state.outputs.keyState).toBe("Disabled");
    expect((await describe1(state.id)).keyState).toBe("Disabled");
  });

  test("without keyName the name is the resource name plus a stable random suffix", async () => {
    const resource = await key("auto");
    const state = await createResource(fixture.host, resource);
    expect(state.outputs.keyName).toMatch(/^auto-[0-9a-f]{7}$/);
    const again = await upResource(fixture.host, state, await key("auto", { description: "now described" }));
    expect(again.kind).toBe("update");
    expect(again.state.outputs.keyName).toBe(state.outputs.keyName);
  });

  test("a failure after CreateKey reports the new key's id, so the engine records it", async () => {
    fixture.emulator.setFaults([{ action: "ModifyKeyState", error: "ServiceUnavailable", probability: 1 }]);
    try {
      const error = await createResource(fixture.host, await key("half", { keyState: "Disabled" })).catch(
        (e: unknown) => e,
      );
      expect(isProviderHostError(error) && error.initFailed).toBeTruthy();
      const initFailed = isProviderHostError(error) ? error.initFailed : undefined;
      expect(initFailed?.id).toMatch(/^[0-9a-v-]{36}$/);
      expect(initFailed?.properties).toMatchObject({ keyId: initFailed?.id, keyState: "Enabled" });
      // Kept so that a refresh or destroy of the recorded key can load the provider from its state.
      expect(initFailed?.properties.__provider).toEqual(
        expect.stringContaining("pulumi-kkms/provider/runtime"),
      );
      expect((await describe1(String(initFailed?.id))).keyState).toBe("Enabled");
    } finally {
      fixture.emulator.setFaults([]);
    }
  });
});

test("a named key whose mark could not be replaced is recorded by its id; the next up sets the description", async () => {
  fixture.emulator.setFaults([{ action: "ModifyKey", error: "ServiceUnavailable", probability: 1 }]);
  const resource = await key("marked", { keyName: "marked", description: "declared" });
  const error = await createResource(fixture.host, resource).catch((e: unknown) => e);
  fixture.emulator.setFaults([]);
  const initFailed = isProviderHostError(error) ? error.initFailed : undefined;
  expect(initFailed?.properties.description).toMatch(/^pulumi-kkms creation mark [0-9a-f]{32}$/);
  const recorded: ResourceState = {
    urn: resource.urn,
    id: String(initFailed?.id),
    inputs: resource.wireInputs,
    outputs: initFailed?.properties ?? {},
    additionalSecretOutputs: [],
  };
  fixture.emulator.resetMetrics();
  const next = await upResource(fixture.host, recorded, resource);
  expect(next.kind).toBe("update");
  expect(calls()).toEqual({ ModifyKey: 1 });
  expect(await describe1(recorded.id)).toMatchObject({ keyName: "marked", description: "declared" });
});

describe("update in place", () => {
  test("rename and re-describe: one ModifyKey, same key", async () => {
    const prior = await created("renamed", { keyName: "before", description: "old" });
    const { kind, state } = await upResource(
      fixture.host,
      prior,
      await key("renamed", { keyName: "after", description: "new" }),
    );
    expect(kind).toBe("update");
    expect(calls()).toEqual({ ModifyKey: 1 });
    expect(state.id).toBe(prior.id);
    expect(await describe1(prior.id)).toMatchObject({ keyName: "after", description: "new" });
  });

  test("disable then enable: one ModifyKeyState each", async () => {
    const prior = await created("toggle", { keyName: "toggle" });
    const disabled = await upResource(
      fixture.host,
      prior,
      await key("toggle", { keyName: "toggle", keyState: "Disabled" }),
    );
    expect(calls()).toEqual({ ModifyKeyState: 1 });
    expect((await describe1(prior.id)).keyState).toBe("Disabled");
    fixture.emulator.resetMetrics();
    const enabled = await upResource(
      fixture.host,
      disabled.state,
      await key("toggle", { keyName: "toggle", keyState: "Enabled" }),
    );
    expect(calls()).toEqual({ ModifyKeyState: 1 });
    expect(enabled.state.outputs.keyState).toBe("Enabled");
  });

  test("no change: no API call at all", async () => {
    const prior = await created("steady", { keyName: "steady", description: "same" });
    const { kind } = await upResource(
      fixture.host,
      prior,
      await key("steady", { keyName: "steady", description: "same" }),
    );
    expect(kind).toBe("same");
    expect(calls()).toEqual({});
  });

  test("a rename and a disable together: exactly ModifyKey and ModifyKeyState", async () => {
    const prior = await created("both", { keyName: "both" });
    await upResource(
      fixture.host,
      prior,
      await key("both", { keyName: "both-renamed", keyState: "Disabled" }),
    );
    expect(calls()).toEqual({ ModifyKey: 1, ModifyKeyState: 1 });
  });
});

describe("replace", () => {
  test("another region: the new key exists there, the old one is disabled and deleted", async () => {
    const prior = await created("moving", { keyName: "moving" });
    const { kind, state } = await upResource(
      fixture.host,
      prior,
      await key("moving", { keyName: "moving", region: "cn-shanghai-2" }),
    );
    expect(kind).toBe("replace");
    expect(state.id).not.toBe(prior.id);
    expect(state.outputs.region).toBe("cn-shanghai-2");
    expect(calls()).toEqual({ CreateKey: 1, ModifyKey: 1, ModifyKeyState: 1, DeleteKey: 1 });
    expect((await describe1(prior.id)).keyState).toBe("PendingDeletion");
    expect(await describe1(state.id)).toBeUndefined();
  });
});

describe("refresh and drift", () => {
  test("an out-of-band disable, rename and re-describe show as drift, and the next up corrects them", async () => {
    const prior = await created("drifty", { keyName: "drifty", description: "declared" });
    await fixture.client.modifyKey({ keyId: prior.id, keyName: "hijacked", description: "changed by hand" });
    await fixture.client.modifyKeyState({ keyId: prior.id, keyState: "Disabled" });
    fixture.emulator.resetMetrics();
    const refreshed = await refreshResource(fixture.host, prior);
    expect(calls()).toEqual({ DescribeKeys: 1 });
    expect(refreshed?.outputs).toMatchObject({
      keyName: "hijacked",
      description: "changed by hand",
      keyState: "Disabled",
    });
    fixture.emulator.resetMetrics();
    const corrected = await upResource(
      fixture.host,
      refreshed as ResourceState,
      await key("drifty", { keyName: "drifty", description: "declared" }),
    );
    expect(corrected.kind).toBe("update");
    expect(calls()).toEqual({ ModifyKey: 1, ModifyKeyState: 1 });
    expect(await describe1(prior.id)).toMatchObject({
      keyName: "drifty",
      description: "declared",
      keyState: "Enabled",
    });
  });

  test("an out-of-band delete makes the key disappear from the stack", async () => {
    const prior = await created("vanishing", { keyName: "vanishing" });
    await fixture.client.modifyKeyState({ keyId: prior.id, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: prior.id });
    expect(await refreshResource(fixture.host, prior)).toBeUndefined();
  });

  test("a key that never existed (or belongs to nobody here) is gone too", async () => {
    const prior = await created("phantom", { keyName: "phantom" });
    expect(
      await refreshResource(fixture.host, { ...prior, id: "0000aaaa-bbbb-cccc-dddd-eeeeffff0000" }),
    ).toBeUndefined();
  });
});

describe("destroy", () => {
  test("an Enabled key: ModifyKeyState Disabled, then DeleteKey", async () => {
    const prior = await created("doomed", { keyName: "doomed" });
    await deleteResource(fixture.host, prior);
    expect(calls()).toEqual({ ModifyKeyState: 1, DeleteKey: 1 });
    expect((await describe1(prior.id)).keyState).toBe("PendingDeletion");
  });

  test("a Disabled key: DeleteKey only", async () => {
    const prior = await created("doomed-disabled", { keyName: "doomed-disabled", keyState: "Disabled" });
    await deleteResource(fixture.host, prior);
    expect(calls()).toEqual({ DeleteKey: 1 });
  });

  test("a key already deleted, or disabled out of band, is still destroyed cleanly", async () => {
    const gone = await created("gone", { keyName: "gone" });
    await fixture.client.modifyKeyState({ keyId: gone.id, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: gone.id });
    await expect(deleteResource(fixture.host, gone)).resolves.toBeUndefined();

    const drifted = await created("drift-disabled", { keyName: "drift-disabled" });
    await fixture.client.modifyKeyState({ keyId: drifted.id, keyState: "Disabled" });
    await expect(deleteResource(fixture.host, drifted)).resolves.toBeUndefined();
    expect((await describe1(drifted.id)).keyState).toBe("PendingDeletion");
  });

  test("a real failure is reported, never swallowed", async () => {
    const prior = await created("stubborn", { keyName: "stubborn" });
    fixture.emulator.setFaults([{ action: "DeleteKey", error: "ServiceUnavailable", probability: 1 }]);
    try {
      await expect(deleteResource(fixture.host, prior)).rejects.toThrow(/OpenAPI or Service is unavailable/);
    } finally {
      fixture.emulator.setFaults([]);
    }
    expect((await describe1(prior.id)).keyState).toBe("Disabled");
  });
});

describe("preview", () => {
  test("unknown inputs pass check and show as a change", async () => {
    const resources = await captureAll(() => {
      const first = new Key("first", { keyName: "first" });
      new Key("second", { keyName: first.keyId.apply((id) => `after-${id}`), description: first.keyId });
    });
    const second = resources[1];
    expect(second.wireInputs.keyName).toBe(UNKNOWN);
    const inputs = await checkInputs(fixture.host, second);
    expect(inputs.keyName).toBe(UNKNOWN);
    expect(inputs.description).toBe(UNKNOWN);
  });
});

describe("check", () => {
  test.each([
    ["keyState", { keyState: "Paused" }],
    ["keyName", { keyName: "" }],
    ["keyUsage", { keyUsage: "SignVerify" }],
    ["origin", { origin: "extrnal" }],
    ["chargeType", { chargeType: "PrePaid" }],
    ["region", { region: "Mars 1" }],
    ["description", { description: "x".repeat(2000) }],
  ])(
    "an invalid %s comes back as a failure of that property, and nothing is created",
    async (property, args) => {
      const resource = await key("invalid", args as unknown as KeyArgs);
      const result = await fixture.host.check(resource.urn, {}, resource.wireInputs);
      expect(result.failures).toEqual([{ property, reason: expect.stringContaining(property) }]);
      expect(calls()).toEqual({});
    },
  );
});

describe("credentials stay out of state", () => {
  test("__provider and every output hold no credential, endpoint or implementation", async () => {
    const resource = await key("clean", { keyName: "clean" });
    const state = await createResource(fixture.host, resource);
    const provider = String(resource.wireInputs.__provider);
    const everything = JSON.stringify({ inputs: state.inputs, outputs: state.outputs, provider });
    for (const secret of [
      DEVELOPMENT_ACCOUNT.secretAccessKey,
      DEVELOPMENT_ACCOUNT.accessKeyId,
      fixture.emulator.url,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(provider.length).toBeLessThan(4000);
    expect(provider).toContain('require("pulumi-kkms/provider/runtime")');
    expect(provider).not.toMatch(/CreateKey|DescribeKeys|createManagedKey|KkmsClient/);
    expect(isSecret(state.outputs.keyId)).toBe(false);
  });

  test("the __provider text is the same whatever the inputs and the config", async () => {
    const one = await key("a", { keyName: "a", description: "x", region: "cn-hongkong-2" });
    const other = new ProgramRuns({
      project: "other",
      config: { "kkms:secretAccessKey": "do-not-capture-me" },
      secretKeys: ["kkms:secretAccessKey"],
    });
    const two = await other.capture(() => void new Key("b", { keyState: "Disabled" }));
    other.dispose();
    expect(two[0].wireInputs.__provider).toBe(one.wireInputs.__provider);
    expect(String(one.wireInputs.__provider)).not.toContain("do-not-capture-me");
  });
});

test("keys of other stacks are not disturbed: reads are by id", async () => {
  const mine = await created("mine", { keyName: "shared-name" });
  const theirs = await fixture.client.createKey({ keyName: "shared-name" });
  await deleteResource(fixture.host, mine);
  expect((await describe1(theirs.key.keyId)).keyState).toBe("Enabled");
});
