import { Key, type KeyArgs } from "../../provider";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { KkmsClient } from "../../sdk";
import { isProviderHostError } from "../../offline-engine/providers/providerHostError";
import type { StoredKey } from "../../emulator/storage/storedKey";
import type { ProgramRuns } from "../helpers/programRuns";
import { createResource, deleteResource, upResource } from "./support/engineSteps";
import {
  captureOne,
  fixturePrograms,
  killAllProviderHosts,
  startKkmsFixture,
  type KkmsFixture,
} from "./support/kkmsFixture";

/**
 * `adoptKeyId`: a Key that manages an existing key instead of creating one — what `{ import }` cannot do for a
 * dynamic resource. Through the real host: create reads the key and reconciles it with only the calls needed.
 */
const OTHER_ACCOUNT = { accountId: "200000000002", accessKeyId: "AKOTHER", secretAccessKey: "other-secret" };
let fixture: KkmsFixture;
let programs: ProgramRuns;

beforeAll(async () => {
  fixture = await startKkmsFixture(
    {
      accounts: [DEVELOPMENT_ACCOUNT, OTHER_ACCOUNT],
      seedKeys: [
        { keyId: "awaiting-material", keyName: "imported", keyState: "PendingImport" },
        { keyId: "material-from-elsewhere", keyName: "external", description: "as found" },
        { keyId: "another-usage", keyName: "signing", description: "as found" },
      ],
    },
    "cn-beijing-6",
    { "kkms:maxAttempts": "2" },
  );
  programs = fixturePrograms(fixture);
});

afterAll(async () => {
  programs.dispose();
  await fixture.close();
  await killAllProviderHosts();
});

beforeEach(() => fixture.emulator.resetMetrics());

const calls = () => ({ ...fixture.emulator.metrics().byAction });
const key = (name: string, args: KeyArgs) => captureOne(() => new Key(name, args));
const describe1 = async (keyId: string) => (await fixture.client.describeKeys({ keyIds: [keyId] })).keys[0];

/**
 * A key of a kind kkms-local never makes (its CreateKey and its seeds make only EncryptDecrypt keys of origin kms,
 * while KKMS holds keys with imported material): the seeded key, rewritten through kkms-local's store, its hook for
 * tests.
 */
function reshapeSeeded(keyId: string, change: Pick<Partial<StoredKey>, "keyUsage" | "origin">) {
  const { store } = fixture.emulator;
  const seeded = store.find(DEVELOPMENT_ACCOUNT.accountId, "cn-beijing-6", keyId, Date.now());
  if (!seeded) throw new Error(`the seeded key ${keyId} is missing`);
  store.transaction(() => {
    store.remove(keyId);
    store.insert({ ...seeded, ...change });
  });
}

async function handMade(keyName: string, description = "") {
  const { key: made } = await fixture.client.createKey({ keyName, description });
  fixture.emulator.resetMetrics();
  return made.keyId;
}

test("a key already as declared: one DescribeKeys, no change, its id becomes the resource id", async () => {
  const keyId = await handMade("legacy", "made by hand");
  const state = await createResource(
    fixture.host,
    await key("adopted", { adoptKeyId: keyId, keyName: "legacy", description: "made by hand" }),
  );
  expect(calls()).toEqual({ DescribeKeys: 1 });
  expect(state.id).toBe(keyId);
  expect(state.outputs).toMatchObject({
    keyId,
    keyName: "legacy",
    description: "made by hand",
    keyState: "Enabled",
  });
});

test("a key unlike the declaration is brought to it: ModifyKey and ModifyKeyState, nothing else", async () => {
  const keyId = await handMade("old-name", "old note");
  await createResource(
    fixture.host,
    await key("reshaped", { adoptKeyId: keyId, keyName: "new-name", description: "", keyState: "Disabled" }),
  );
  expect(calls()).toEqual({ DescribeKeys: 1, ModifyKey: 1, ModifyKeyState: 1 });
  expect(await describe1(keyId)).toMatchObject({
    keyName: "new-name",
    description: "",
    keyState: "Disabled",
  });
});

describe("keys that cannot be adopted fail clearly, and nothing is changed", () => {
  test("a KeyId that does not exist", async () => {
    const args = { adoptKeyId: "0000aaaa-bbbb-cccc-dddd-eeeeffff0000", keyName: "x" };
    await expect(createResource(fixture.host, await key("nothing", args))).rejects.toThrow(
      "adoptKeyId: the key 0000aaaa-bbbb-cccc-dddd-eeeeffff0000 was not found in region cn-beijing-6",
    );
    expect(calls()).toEqual({ DescribeKeys: 1 });
  });

  test("a key of another region (KKMS answers it as not found)", async () => {
    const keyId = await handMade("beijing-key");
    await expect(
      createResource(
        fixture.host,
        await key("wrong-region", { adoptKeyId: keyId, keyName: "x", region: "cn-shanghai-2" }),
      ),
    ).rejects.toThrow(
      `the key ${keyId} was not found in region cn-shanghai-2. KKMS answers a key of another region`,
    );
    expect((await describe1(keyId)).keyName).toBe("beijing-key");
  });

  test("a key of another account (KKMS answers it as not found)", async () => {
    const theirs = new KkmsClient({ endpoint: fixture.emulator.url, credentials: OTHER_ACCOUNT });
    const { key: other } = await theirs.createKey({ keyName: "not-yours" });
    await expect(
      createResource(
        fixture.host,
        await key("wrong-account", { adoptKeyId: other.keyId, keyName: "mine-now" }),
      ),
    ).rejects.toThrow(`the key ${other.keyId} was not found in region cn-beijing-6`);
    expect((await theirs.describeKeys({ keyIds: [other.keyId] })).keys[0].keyName).toBe("not-yours");
    theirs.destroy();
  });

  test("a key pending deletion", async () => {
    const keyId = await handMade("doomed");
    await fixture.client.modifyKeyState({ keyId, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId });
    await expect(
      createResource(fixture.host, await key("late", { adoptKeyId: keyId, keyName: "doomed" })),
    ).rejects.toThrow(`adoptKeyId: the key ${keyId} is PendingDeletion`);
  });

  test("a key pending import (KKMS can neither change its state nor delete it)", async () => {
    await expect(
      createResource(
        fixture.host,
        await key("material", { adoptKeyId: "awaiting-material", keyName: "imported" }),
      ),
    ).rejects.toThrow("adoptKeyId: the key awaiting-material is PendingImport");
  });

  test.each([
    [
      "origin",
      "material-from-elsewhere",
      { origin: "EXTERNAL" },
      `has origin "EXTERNAL", but the Key declares "kms"`,
    ],
    [
      "keyUsage",
      "another-usage",
      { keyUsage: "SIGN/VERIFY" },
      `has keyUsage "SIGN/VERIFY", but the Key declares "EncryptDecrypt"`,
    ],
  ] as const)("a key of another %s (it cannot be changed)", async (_field, keyId, change, reason) => {
    reshapeSeeded(keyId, change);
    const before = await describe1(keyId);
    fixture.emulator.resetMetrics();
    // Declared unlike the key in name and state too: an adoption that went on would call ModifyKey(State).
    const resource = await key(`unlike-${keyId}`, {
      adoptKeyId: keyId,
      keyName: "renamed",
      keyState: "Disabled",
    });
    await expect(createResource(fixture.host, resource)).rejects.toThrow(
      `adoptKeyId: the key ${keyId} ${reason} (it cannot be changed).`,
    );
    expect(calls()).toEqual({ DescribeKeys: 1 });
    expect(await describe1(keyId)).toEqual(before);
  });

  test("without keyName (it would be renamed to an auto-generated name)", async () => {
    const resource = await key("nameless", { adoptKeyId: "any" });
    const result = await fixture.host.check(resource.urn, {}, resource.wireInputs);
    expect(result.failures).toEqual([
      { property: "keyName", reason: expect.stringContaining("keyName is required with adoptKeyId") },
    ]);
  });
});

test("later: removing adoptKeyId changes nothing; naming another key adopts it and deletes the first", async () => {
  const first = await handMade("first");
  const second = await handMade("second");
  const adopted = await createResource(
    fixture.host,
    await key("moving", { adoptKeyId: first, keyName: "first" }),
  );
  fixture.emulator.resetMetrics();
  const removed = await upResource(fixture.host, adopted, await key("moving", { keyName: "first" }));
  expect(removed.kind).toBe("same");
  expect(calls()).toEqual({});

  const switched = await upResource(
    fixture.host,
    removed.state,
    await key("moving", { adoptKeyId: second, keyName: "second" }),
  );
  expect(switched.kind).toBe("replace");
  expect(switched.state.id).toBe(second);
  expect((await describe1(first)).keyState).toBe("PendingDeletion");
  expect((await describe1(second)).keyState).toBe("Enabled");
});

test("destroy deletes an adopted key like any managed key", async () => {
  const keyId = await handMade("to-destroy");
  const state = await createResource(
    fixture.host,
    await key("destroyed", { adoptKeyId: keyId, keyName: "to-destroy" }),
  );
  await deleteResource(fixture.host, state);
  expect((await describe1(keyId)).keyState).toBe("PendingDeletion");
});

test("retainOnDelete: a destroy through the engine keeps the adopted key Enabled, calls nothing on it, empties the state", async () => {
  const keyId = await handMade("to-keep");
  const run = await programs.run(
    () => new Key("kept", { adoptKeyId: keyId, keyName: "to-keep" }, { retainOnDelete: true }).keyId,
    { stack: "retained" },
  );
  expect(run.outputs).toBe(keyId);
  fixture.emulator.resetMetrics();
  const destroyed = await run.stack.destroy();
  const apiCalls = calls();
  expect(destroyed.steps.find((step) => step.name === "kept")?.op).toBe("delete");
  expect(apiCalls).not.toHaveProperty("DeleteKey");
  expect(apiCalls).not.toHaveProperty("ModifyKeyState");
  expect((await describe1(keyId)).keyState).toBe("Enabled");
  expect(run.stack.state().resources).toEqual([]);
});

test("a failure while reconciling reports the adopted key's id, so the engine records it", async () => {
  const keyId = await handMade("half-adopted");
  fixture.emulator.setFaults([{ action: "ModifyKeyState", error: "ServiceUnavailable", probability: 1 }]);
  try {
    const error = await createResource(
      fixture.host,
      await key("half", { adoptKeyId: keyId, keyName: "renamed-first", keyState: "Disabled" }),
    ).catch((e: unknown) => e);
    const initFailed = isProviderHostError(error) ? error.initFailed : undefined;
    expect(initFailed?.id).toBe(keyId);
    expect(initFailed?.properties).toMatchObject({ keyId, keyName: "renamed-first", keyState: "Enabled" });
  } finally {
    fixture.emulator.setFaults([]);
  }
});
