import { Ciphertext, DataKey, Key } from "../../provider";
import { isProviderHostError } from "../../offline-engine/providers/providerHostError";
import {
  isSecret,
  stripSecrets,
  toProviderProperties,
  type PropertyMap,
  type PropertyValue,
} from "../../offline-engine/providers/secrets";
import { createResource, refreshResource, upResource, type ResourceState } from "./support/engineSteps";
import { captureOne, killAllProviderHosts, startKkmsFixture, type KkmsFixture } from "./support/kkmsFixture";

let fixture: KkmsFixture;
let masterKeyId: string;

beforeAll(async () => {
  fixture = await startKkmsFixture();
  masterKeyId = (await fixture.client.createKey({ keyName: "master" })).key.keyId;
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
});

beforeEach(() => fixture.emulator.resetMetrics());

const calls = () => ({ ...fixture.emulator.metrics().byAction });
const dataKey = (name: string, args: Partial<ConstructorParameters<typeof DataKey>[1]> = {}) =>
  captureOne(() => new DataKey(name, { keyId: masterKeyId, ...args }));
const ciphertext = (name: string, plaintext: string, keyId = masterKeyId) =>
  captureOne(() => new Ciphertext(name, { keyId, plaintext }));

/** Everything in a state outside secret wrappers, as text: no plaintext may appear here. */
function publicText(state: ResourceState): string {
  const scrub = (value: PropertyValue): PropertyValue => {
    if (isSecret(value)) return "[secret]";
    if (Array.isArray(value)) return value.map(scrub);
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    return value;
  };
  return JSON.stringify(scrub({ inputs: state.inputs, outputs: state.outputs } as PropertyMap));
}

describe("DataKey", () => {
  test("one GenerateDataKey; the plaintext is a secret output; the blob decrypts to it", async () => {
    const state = await createResource(fixture.host, await dataKey("dk"));
    expect(calls()).toEqual({ GenerateDataKey: 1 });
    expect(isSecret(state.outputs.plaintext)).toBe(true);
    expect(isSecret(state.outputs.ciphertextBlob)).toBe(false);
    const outputs = stripSecrets(state.outputs);
    const plaintext = Buffer.from(String(outputs.plaintext), "base64");
    expect(plaintext).toHaveLength(32);
    const decrypted = await fixture.client.decrypt({
      keyId: masterKeyId,
      ciphertextBlob: String(outputs.ciphertextBlob),
    });
    expect(decrypted.plaintext.equals(plaintext)).toBe(true);
    expect(publicText(state)).not.toContain(String(outputs.plaintext));
  });

  test.each([
    [{ keySpec: "AES128" as const }, 16],
    [{ numberOfBytes: 64 }, 64],
    [{ keySpec: "AES128" as const, numberOfBytes: 64 }, 16],
  ])("%p gives %i bytes", async (args, length) => {
    const state = await createResource(fixture.host, await dataKey("sized", args));
    expect(Buffer.from(String(stripSecrets(state.outputs).plaintext), "base64")).toHaveLength(length);
  });

  test("a second up with the same inputs changes nothing: no new data key", async () => {
    const first = await createResource(fixture.host, await dataKey("stable"));
    fixture.emulator.resetMetrics();
    const second = await upResource(fixture.host, first, await dataKey("stable"));
    expect(second.kind).toBe("same");
    expect(calls()).toEqual({});
    expect(second.state.outputs).toEqual(first.outputs);
  });

  test("a changed input replaces it with a new data key", async () => {
    const first = await createResource(fixture.host, await dataKey("resized"));
    const second = await upResource(fixture.host, first, await dataKey("resized", { keySpec: "AES128" }));
    expect(second.kind).toBe("replace");
    expect(second.state.outputs.ciphertextBlob).not.toBe(first.outputs.ciphertextBlob);
  });

  test("refresh: kept while the master key lives; gone once it is pending deletion", async () => {
    const master = (await fixture.client.createKey({ keyName: "short-lived" })).key.keyId;
    const state = await createResource(fixture.host, await dataKey("orphan", { keyId: master }));
    fixture.emulator.resetMetrics();
    expect((await refreshResource(fixture.host, state))?.outputs).toEqual(state.outputs);
    expect(calls()).toEqual({ DescribeKeys: 1 });
    await fixture.client.modifyKeyState({ keyId: master, keyState: "Disabled" });
    await fixture.client.deleteKey({ keyId: master });
    expect(await refreshResource(fixture.host, state)).toBeUndefined();
  });

  test.each([
    ["keySpec", { keySpec: "AES512" }, 'must be "AES128" or "AES256"; got "AES512"'],
    ["numberOfBytes", { numberOfBytes: 0 }, "integer from 1 to 1024; got 0"],
    ["numberOfBytes", { numberOfBytes: 2048 }, "integer from 1 to 1024; got 2048"],
    ["keyId", { keyId: "" }, "keyId must not be empty"],
  ])("an invalid %s fails check", async (property, args, reason) => {
    const resource = await dataKey("bad", args as object);
    const result = await fixture.host.check(resource.urn, {}, resource.wireInputs);
    expect(result.failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
    expect(calls()).toEqual({});
  });

  test("an unknown master key and a disabled one fail create with the service's clear error", async () => {
    const unknown = await createResource(
      fixture.host,
      await dataKey("nokey", { keyId: "0000aaaa-bbbb-cccc-dddd-eeeeffff0000" }),
    ).catch((e: unknown) => e);
    expect(isProviderHostError(unknown) && unknown.details).toMatch(/not found/);
    const disabled = (await fixture.client.createKey({ keyName: "off" })).key.keyId;
    await fixture.client.modifyKeyState({ keyId: disabled, keyState: "Disabled" });
    const error = await createResource(fixture.host, await dataKey("offkey", { keyId: disabled })).catch(
      (e: unknown) => e,
    );
    expect(isProviderHostError(error) && error.details).toMatch(/Disabled/);
  });
});

describe("Ciphertext", () => {
  test("one Encrypt; the plaintext is secret in inputs and outputs even when given as a plain string", async () => {
    const resource = await ciphertext("db-password", "correct horse battery staple");
    expect(isSecret(resource.wireInputs.plaintext)).toBe(true);
    const state = await createResource(fixture.host, resource);
    expect(calls()).toEqual({ Encrypt: 1 });
    expect(isSecret(state.inputs.plaintext)).toBe(true);
    expect(isSecret(state.outputs.plaintext)).toBe(true);
    expect(publicText(state)).not.toContain("correct horse");
    const blob = String(stripSecrets(state.outputs).ciphertextBlob);
    const decrypted = await fixture.client.decrypt({ keyId: masterKeyId, ciphertextBlob: blob });
    expect(decrypted.plaintext.toString("utf8")).toBe("correct horse battery staple");
  });

  test("stable across ups; a new plaintext replaces it", async () => {
    const first = await createResource(fixture.host, await ciphertext("token", "v1"));
    fixture.emulator.resetMetrics();
    const same = await upResource(fixture.host, first, await ciphertext("token", "v1"));
    expect(same.kind).toBe("same");
    expect(calls()).toEqual({});
    const changed = await upResource(fixture.host, first, await ciphertext("token", "v2"));
    expect(changed.kind).toBe("replace");
    expect(changed.state.outputs.ciphertextBlob).not.toBe(first.outputs.ciphertextBlob);
  });

  test("a plaintext over 4096 bytes fails check without echoing it", async () => {
    const resource = await ciphertext("huge", "S".repeat(5000));
    // The engine strips secrets before check.
    const result = await fixture.host.check(resource.urn, {}, toProviderProperties(resource.wireInputs));
    expect(result.failures).toEqual([
      { property: "plaintext", reason: "plaintext must be 1 to 4096 bytes of UTF-8 text; got 5000 bytes." },
    ]);
  });

  test("a ciphertext under a key created in the same program", async () => {
    const keyState = await createResource(
      fixture.host,
      await captureOne(() => new Key("owner", { keyName: "owner" })),
    );
    const state = await createResource(fixture.host, await ciphertext("owned", "hello", keyState.id));
    expect(state.outputs.keyId).toBe(keyState.id);
  });
});
