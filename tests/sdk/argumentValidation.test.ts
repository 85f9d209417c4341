import { KkmsClient, type KkmsError } from "../../sdk";
import { startScriptedServer, type ScriptedServer } from "./support/scriptedServer";
import { decodeBase64, isBase64 } from "../../sdk/validation";

let server: ScriptedServer;
let client: KkmsClient;

beforeAll(async () => {
  server = await startScriptedServer([{ status: 500, body: "should never be reached" }]);
  client = new KkmsClient({
    endpoint: server.url,
    credentials: { accessKeyId: "AK", secretAccessKey: "SK" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

type Call = (c: KkmsClient) => Promise<unknown>;
const anyArgs = <T>(value: unknown) => value as T;

// [what, call, code, parameter, a phrase of the rule]
const BAD_ARGUMENTS: [string, Call, string, string, string][] = [
  ["createKey without keyName", (c) => c.createKey(anyArgs({})), "MissingParameter", "KeyName", "required"],
  [
    "createKey with an empty keyName",
    (c) => c.createKey({ keyName: "" }),
    "MissingParameter",
    "KeyName",
    "empty",
  ],
  [
    "createKey with a blank keyName",
    (c) => c.createKey({ keyName: "   " }),
    "MissingParameter",
    "KeyName",
    "empty",
  ],
  [
    "createKey with a numeric keyName",
    (c) => c.createKey(anyArgs({ keyName: 7 })),
    "InvalidParameterValue",
    "KeyName",
    "string",
  ],
  [
    "createKey with keyUsage Sign",
    (c) => c.createKey(anyArgs({ keyName: "k", keyUsage: "Sign" })),
    "InvalidParameterValue",
    "KeyUsage",
    "EncryptDecrypt",
  ],
  [
    "createKey with origin external",
    (c) => c.createKey(anyArgs({ keyName: "k", origin: "extrnal" })),
    "InvalidParameterValue",
    "Origin",
    "kms",
  ],
  [
    "createKey with chargeType Monthly",
    (c) => c.createKey(anyArgs({ keyName: "k", chargeType: "Monthly" })),
    "InvalidParameterValue",
    "ChargeType",
    "PostPaidByDay",
  ],
  [
    "createKey with a lone surrogate in keyName",
    (c) => c.createKey({ keyName: "key \ud800" }),
    "InvalidParameterValue",
    "KeyName",
    "lone surrogate",
  ],
  [
    "modifyKey with a lone surrogate in description",
    (c) => c.modifyKey({ keyId: "k", description: "\udc00!" }),
    "InvalidParameterValue",
    "Description",
    "lone surrogate",
  ],
  [
    "describeKeys with keyIds not an array",
    (c) => c.describeKeys(anyArgs({ keyIds: "k" })),
    "InvalidParameterValue",
    "KeyId",
    "array",
  ],
  [
    "describeKeys with an empty id in the list",
    (c) => c.describeKeys({ keyIds: ["a", ""] }),
    "MissingParameter",
    "KeyId.2",
    "empty",
  ],
  [
    "modifyKey without keyId",
    (c) => c.modifyKey(anyArgs({ keyName: "x" })),
    "MissingParameter",
    "KeyId",
    "required",
  ],
  [
    "modifyKey with an empty keyName",
    (c) => c.modifyKey({ keyId: "k", keyName: "" }),
    "MissingParameter",
    "KeyName",
    "empty",
  ],
  [
    "modifyKeyState without keyState",
    (c) => c.modifyKeyState(anyArgs({ keyId: "k" })),
    "MissingParameter",
    "KeyState",
    "required",
  ],
  [
    "modifyKeyState to PendingDeletion",
    (c) => c.modifyKeyState(anyArgs({ keyId: "k", keyState: "PendingDeletion" })),
    "InvalidParameterValue",
    "KeyState",
    "Enabled | Disabled",
  ],
  ["deleteKey without keyId", (c) => c.deleteKey(anyArgs({})), "MissingParameter", "KeyId", "required"],
  [
    "encrypt without plaintext",
    (c) => c.encrypt(anyArgs({ keyId: "k" })),
    "MissingParameter",
    "Plaintext",
    "required",
  ],
  [
    "encrypt with an empty plaintext",
    (c) => c.encrypt({ keyId: "k", plaintext: "" }),
    "MissingParameter",
    "Plaintext",
    "empty",
  ],
  [
    "encrypt with 4097 bytes",
    (c) => c.encrypt({ keyId: "k", plaintext: Buffer.alloc(4097) }),
    "InvalidParameterValue",
    "Plaintext",
    "1 to 4096 bytes",
  ],
  [
    "encrypt with a number",
    (c) => c.encrypt(anyArgs({ keyId: "k", plaintext: 5 })),
    "InvalidParameterValue",
    "Plaintext",
    "Buffer, Uint8Array or string",
  ],
  [
    "decrypt with a blob that is not base64",
    (c) => c.decrypt({ keyId: "k", ciphertextBlob: "not base64!" }),
    "InvalidParameterValue",
    "CiphertextBlob",
    "base64",
  ],
  [
    "decrypt without keyId",
    (c) => c.decrypt(anyArgs({ ciphertextBlob: "AAAA" })),
    "MissingParameter",
    "KeyId",
    "required",
  ],
  [
    "generateDataKey with keySpec AES512",
    (c) => c.generateDataKey(anyArgs({ keyId: "k", keySpec: "AES512" })),
    "InvalidParameterValue",
    "KeySpec",
    "AES128 | AES256",
  ],
  [
    "generateDataKey with 0 bytes",
    (c) => c.generateDataKey({ keyId: "k", numberOfBytes: 0 }),
    "InvalidParameterValue",
    "NumberOfBytes",
    "1 to 1024",
  ],
  [
    "generateDataKey with 1025 bytes",
    (c) => c.generateDataKey({ keyId: "k", numberOfBytes: 1025 }),
    "InvalidParameterValue",
    "NumberOfBytes",
    "1 to 1024",
  ],
  [
    "generateDataKey with 1.5 bytes",
    (c) => c.generateDataKey({ keyId: "k", numberOfBytes: 1.5 }),
    "InvalidParameterValue",
    "NumberOfBytes",
    "integer",
  ],
  [
    "generateDataKey with bytes as text",
    (c) => c.generateDataKey(anyArgs({ keyId: "k", numberOfBytes: "64" })),
    "InvalidParameterValue",
    "NumberOfBytes",
    "integer",
  ],
];

describe("bad arguments fail before anything is sent", () => {
  test.each(BAD_ARGUMENTS)("%s", async (_what, call, code, parameter, rule) => {
    const before = server.requests.length;
    const error = (await call(client).then(
      () => undefined,
      (e: unknown) => e,
    )) as KkmsError;
    expect(error).toMatchObject({ name: "KkmsError", code, parameter, type: "Client" });
    expect(error.message).toContain(`input parameter ${parameter}`);
    expect(error.message).toContain(rule);
    expect(server.requests.length).toBe(before);
  });

  test("the rule never echoes a plaintext", async () => {
    const error = (await client
      .encrypt({ keyId: "k", plaintext: "TOP-SECRET-".repeat(400) })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain("TOP-SECRET");
  });
});

describe("missing credentials", () => {
  test("fail before any request, naming both ways to provide them", async () => {
    const bare = new KkmsClient({ endpoint: server.url, env: {} });
    const before = server.requests.length;
    const error = (await bare.describeKeys().catch((e: unknown) => e)) as KkmsError;
    expect(error.code).toBe("MissingCredentials");
    expect(error.message).toContain("credentials: { accessKeyId, secretAccessKey }");
    expect(error.message).toContain("KSYUN_ACCESS_KEY");
    expect(error.message).toContain("KSYUN_SECRET_KEY");
    expect(server.requests.length).toBe(before);
    bare.destroy();
  });
});

describe("decodeBase64 (the one base64 rule of the SDK, the provider and kkms-local)", () => {
  it("returns the bytes of canonical base64 of any length", () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + length) % 256));
      expect(decodeBase64(bytes.toString("base64"))).toEqual(bytes);
    }
  });

  it.each([
    ["a stray character", "YWJj!ZA=="],
    ["a line break", "YWJj\nZA=="],
    ["a space", "YWJj ZA=="],
    ["the URL-safe alphabet", "-_-_"],
    ["missing padding", "YWJjZA"],
    ["padding in the middle", "YW=jZA=="],
    ["too much padding", "YWJjZA==="],
    ["pad bits that are not zero", "YR=="],
    ["a lone character", "a"],
  ])("refuses %s (%j)", (_what, text) => {
    expect(decodeBase64(text)).toBeUndefined();
    expect(isBase64(text)).toBe(false);
  });
});
