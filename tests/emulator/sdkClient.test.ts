import {
  KkmsClient,
  isDryRunSuccess,
  isKkmsError,
  isMaybeProcessed,
  isNotFound,
  isThrottled,
} from "../../sdk";
import type { KkmsClientOptions } from "../../sdk";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { useEmulator } from "./support/emulatorFixture";

/** The SDK's own client, every signature form, method and format, against kkms-local. */
const fixture = useEmulator();
const clients: KkmsClient[] = [];

afterAll(() => clients.forEach((client) => client.destroy()));

function client(options: Partial<KkmsClientOptions> = {}): KkmsClient {
  const created = new KkmsClient({
    endpoint: fixture.url,
    region: "cn-beijing-6",
    credentials: { ...DEVELOPMENT_ACCOUNT },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    env: {},
    ...options,
  });
  clients.push(created);
  return created;
}

const combinations = (["v4", "v4-query", "simple"] as const).flatMap((signatureVersion) =>
  (["GET", "POST"] as const).flatMap((method) =>
    (["json", "xml"] as const).map((responseFormat) => ({ signatureVersion, method, responseFormat })),
  ),
);

describe.each(combinations)("KkmsClient $signatureVersion $method $responseFormat", (options) => {
  it("runs a key's whole life", async () => {
    const kkms = client(options);
    const { key } = await kkms.createKey({ keyName: "sdk key", description: "from the SDK" });
    expect(key).toMatchObject({
      keyName: "sdk key",
      description: "from the SDK",
      keyState: "Enabled",
      keyUsage: "EncryptDecrypt",
      origin: "kms",
    });
    const { keys } = await kkms.describeKeys({ keyIds: [key.keyId, "missing"] });
    expect(keys.map((k) => k.keyId)).toEqual([key.keyId]);
    expect((await kkms.modifyKey({ keyId: key.keyId, keyName: "renamed" })).key.keyName).toBe("renamed");
    const encrypted = await kkms.encrypt({ keyId: key.keyId, plaintext: "hello, kkms-local" });
    const decrypted = await kkms.decrypt({ keyId: key.keyId, ciphertextBlob: encrypted.ciphertextBlob });
    expect(decrypted.plaintext.toString()).toBe("hello, kkms-local");
    const dataKey = await kkms.generateDataKey({ keyId: key.keyId, keySpec: "AES128", numberOfBytes: 64 });
    expect(dataKey.plaintext).toHaveLength(16);
    expect(
      (await kkms.decrypt({ keyId: key.keyId, ciphertextBlob: dataKey.ciphertextBlob })).plaintext,
    ).toEqual(dataKey.plaintext);
    expect((await kkms.modifyKeyState({ keyId: key.keyId, keyState: "Disabled" })).key.keyState).toBe(
      "Disabled",
    );
    const deleted = await kkms.deleteKey({ keyId: key.keyId });
    expect(deleted.return).toBe(true);
    expect(deleted.key?.keyState).toBe("Disabled");
    expect((await kkms.describeKeys({ keyIds: [key.keyId] })).keys[0].keyState).toBe("PendingDeletion");
  });

  it("gets typed errors: not found, wrong state, dry run", async () => {
    const kkms = client(options);
    const notFound = await kkms.encrypt({ keyId: "missing", plaintext: "x" }).catch((err: unknown) => err);
    expect(isKkmsError(notFound) && notFound.code).toBe("KeyNotFound");
    expect(isNotFound(notFound)).toBe(true);
    expect(isKkmsError(notFound) && notFound.statusCode).toBe(404);
    expect(isKkmsError(notFound) && notFound.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const { key } = await kkms.createKey({ keyName: "enabled" });
    const wrongState = await kkms.deleteKey({ keyId: key.keyId }).catch((err: unknown) => err);
    expect(isKkmsError(wrongState) && wrongState.code).toBe("InvalidKeyState");
    const dryRun = await kkms.createKey({ keyName: "dry", dryRun: true }).catch((err: unknown) => err);
    expect(isDryRunSuccess(dryRun)).toBe(true);
  });
});

describe("KkmsClient against injected faults", () => {
  afterEach(() => fixture.emulator.setFaults([]));

  it("retries throttled and failing idempotent calls until they pass", async () => {
    const kkms = client({ maxAttempts: 10 });
    fixture.emulator.setFaults({
      faults: [{ action: "DescribeKeys", error: "LimitExceeded", probability: 0.5 }],
      seed: 7,
    });
    fixture.emulator.resetMetrics();
    await kkms.describeKeys();
    // Seed 7 rolls 0.01, 0.06, 0.98: two refusals, then the call passes.
    expect(fixture.emulator.metrics().byCode).toEqual({ LimitExceeded: 2, OK: 1 });
  });

  it("reports a throttle it could not outlast", async () => {
    const kkms = client({ maxAttempts: 3 });
    fixture.emulator.setFaults([{ error: "LimitExceeded" }]);
    fixture.emulator.resetMetrics();
    const error = await kkms.describeKeys().catch((err: unknown) => err);
    expect(isThrottled(error)).toBe(true);
    expect(fixture.emulator.metrics().total).toBe(3);
  });

  it("does not repeat a CreateKey whose answer was lost after the work was done", async () => {
    const kkms = client({ maxAttempts: 5 });
    fixture.emulator.setFaults([{ action: "CreateKey", error: "ServiceUnavailable", phase: "after" }]);
    fixture.emulator.resetMetrics();
    const error = await kkms.createKey({ keyName: "lost answer" }).catch((err: unknown) => err);
    expect(isMaybeProcessed(error)).toBe(true);
    expect(fixture.emulator.metrics().byAction.CreateKey).toBe(1);
    fixture.emulator.setFaults([]);
    const { keys } = await kkms.describeKeys();
    expect(keys.filter((key) => key.keyName === "lost answer")).toHaveLength(1);
  });
});
