import * as pulumi from "@pulumi/pulumi";
import { getKeys as dynamicGetKeys, InvalidArgumentsError } from "../../provider";
import { isSecret, makeSecret } from "../../offline-engine/providers/secrets";
import { PluginRpcError } from "./support/pluginProcess";
import { CIPHERTEXT, startPluginFixture, type PluginFixture } from "./support/pluginFixture";

/** Invoke for the five functions, over gRPC, with the provider's own configuration: the functions' own cores. */
let fixture: PluginFixture;
let keyId: string;

beforeAll(async () => {
  fixture = await startPluginFixture();
  keyId = (await fixture.client.createKey({ keyName: "invoked", description: "for functions" })).key.keyId;
});

afterAll(async () => {
  await fixture.close();
});

beforeEach(() => fixture.resetCalls());

test("getKey: the key's fields and region", async () => {
  const { result } = await fixture.rpc.invoke("kkms:index:getKey", { keyId });
  expect(fixture.calls()).toEqual({ DescribeKeys: 1 });
  expect(result).toMatchObject({
    keyId,
    keyName: "invoked",
    description: "for functions",
    keyState: "Enabled",
    region: "cn-beijing-6",
  });
});

test("getKey of a missing key fails NOT_FOUND, naming the id and region", async () => {
  const error = await fixture.rpc.invoke("kkms:index:getKey", { keyId: "no-such-key" }).catch((e) => e);
  expect(error).toBeInstanceOf(PluginRpcError);
  expect(error.code).toBe(5);
  expect(error.details).toBe("kkms.getKey: the key no-such-key was not found in region cn-beijing-6.");
});

test("getKeys: filtered by state and name", async () => {
  await fixture.client.createKey({ keyName: "other" });
  const { result } = await fixture.rpc.invoke("kkms:index:getKeys", {
    nameRegex: "^invoked$",
    keyState: "Enabled",
  });
  expect(result.ids).toEqual([keyId]);
  expect((result.keys as { keyName: string }[])[0].keyName).toBe("invoked");
});

test("generateDataKey: a new data key each call, the plaintext secret", async () => {
  const first = await fixture.rpc.invoke("kkms:index:generateDataKey", { keyId, numberOfBytes: 16 });
  const second = await fixture.rpc.invoke("kkms:index:generateDataKey", { keyId, numberOfBytes: 16 });
  expect(fixture.calls()).toEqual({ GenerateDataKey: 2 });
  expect(isSecret(first.result.plaintext)).toBe(true);
  expect(first.result.ciphertextBlob).not.toBe(second.result.ciphertextBlob);
});

test("encrypt: a new blob each call, which decrypt reads back as a secret", async () => {
  const args = { keyId, plaintext: makeSecret("open sesame") };
  const one = await fixture.rpc.invoke("kkms:index:encrypt", args);
  const two = await fixture.rpc.invoke("kkms:index:encrypt", args);
  expect(fixture.calls()).toEqual({ Encrypt: 2 });
  expect(one.result.ciphertextBlob).not.toBe(two.result.ciphertextBlob);
  expect(one.result).not.toHaveProperty("plaintext");
  const back = await fixture.rpc.invoke("kkms:index:decrypt", {
    keyId,
    ciphertextBlob: one.result.ciphertextBlob,
  });
  expect(back.result.plaintext).toEqual(makeSecret("open sesame"));
  expect(back.result.plaintextBase64).toEqual(makeSecret(Buffer.from("open sesame").toString("base64")));
});

test("bad arguments are answered as failures, one per argument, before any call — the dynamic functions' own", async () => {
  const args = { nameRegex: "(", keyState: "Gone" };
  const { failures, result } = await fixture.rpc.invoke("kkms:index:getKeys", args);
  expect(fixture.calls()).toEqual({});
  expect(result).toEqual({});
  expect(failures.map((f) => f.property)).toEqual(["keyState", "nameRegex"]);
  expect(failures[1].reason).toContain("nameRegex must be a valid regular expression");
  // One home for the rule: the dynamic provider's getKeys refuses the same arguments with the same failures.
  pulumi.runtime.setAllConfig({});
  const dynamic = await dynamicGetKeys(args as never).catch((e: unknown) => e);
  expect(dynamic).toBeInstanceOf(InvalidArgumentsError);
  expect((dynamic as InvalidArgumentsError).failures).toEqual(failures);
  expect((dynamic as Error).message).toBe(`kkms.getKeys: ${failures.map((f) => f.reason).join(" ")}`);
});

test("encrypt's plaintext rule is the Ciphertext resource's, and never echoes the plaintext", async () => {
  const { failures } = await fixture.rpc.invoke("kkms:index:encrypt", { keyId, plaintext: "x".repeat(4097) });
  expect(failures).toEqual([
    { property: "plaintext", reason: "plaintext must be 1 to 4096 bytes of UTF-8 text; got 4097 bytes." },
  ]);
  const resource = await fixture.rpc.check(CIPHERTEXT, "c", { keyId, plaintext: "x".repeat(4097) });
  expect(resource.failures).toEqual(failures);
});

test("a missing required argument is a failure naming it", async () => {
  const { failures } = await fixture.rpc.invoke("kkms:index:decrypt", { keyId });
  expect(failures).toEqual([{ property: "ciphertextBlob", reason: "ciphertextBlob is required." }]);
});

test("an unknown token is refused", async () => {
  const error = await fixture.rpc.invoke("kkms:index:rotateKey", {}).catch((e) => e);
  expect(error.code).toBe(3);
  expect(error.details).toContain('no function "kkms:index:rotateKey"');
});
