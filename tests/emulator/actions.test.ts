import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { openCiphertext, wrapMaterial } from "../../emulator/storage/crypto";
import { formatCreateTime } from "../../emulator/actions/time";
import { createKeyParams, expectError, useEmulator } from "./support/emulatorFixture";
import { kkmsRequest, type KkmsRequestOptions } from "./support/kkmsRequest";

const fixture = useEmulator();
const KEY_ID = /^[0-9a-v]{8}-[0-9a-v]{4}-[0-9a-v]{4}-[0-9a-v]{4}-[0-9a-v]{12}$/;
const KEY_FIELDS = ["KeyId", "KeyName", "CreateTime", "Description", "KeyState", "KeyUsage", "Origin"];

interface Variant {
  options: KkmsRequestOptions;
  /** Kingsoft's Node SDK in POST mode: Action and Version in the URL, everything else in the body. */
  split?: boolean;
}

const variants: [string, Variant][] = [
  ["GET, XML", { options: { method: "GET", accept: "xml" } }],
  ["GET, JSON", { options: { method: "GET", accept: "json" } }],
  ["POST form, XML", { options: { method: "POST", accept: "xml" } }],
  ["POST form, JSON", { options: { method: "POST", accept: "json" } }],
  ["POST with Action/Version in the query", { options: { method: "POST" }, split: true }],
];

function call(action: string, params: Record<string, string>, variant: Variant) {
  if (!variant.split) return fixture.call(action, params, variant.options);
  return kkmsRequest(fixture.url, params, {
    ...variant.options,
    queryParams: { Action: action, Version: "2016-03-04" },
  });
}

describe("CreateKey", () => {
  it("answers the seed's sample request (GET, XML) with a Key shaped like the sample", async () => {
    const before = Date.now();
    const response = await fixture.call("CreateKey", createKeyParams("test111"), { accept: "xml" });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(response.root).toBe("CreateKeyResponse");
    expect(response.text).toMatch(/<CreateKeyResponse><RequestId>[0-9a-f-]{36}<\/RequestId><Key><KeyId>/);
    const key = response.body.Key as Record<string, string>;
    expect(Object.keys(key)).toEqual(KEY_FIELDS);
    expect(key.KeyId).toMatch(KEY_ID);
    expect(key).toMatchObject({
      KeyName: "test111",
      Description: "",
      KeyState: "Enabled",
      KeyUsage: "EncryptDecrypt",
      Origin: "kms",
    });
    expect(key.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Beijing time: the printed time is within the request's span, 8 hours ahead of UTC.
    const printed = Date.parse(key.CreateTime.replace(" ", "T") + "+08:00");
    expect(printed).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(printed).toBeLessThanOrEqual(Date.now());
  });

  it.each(variants)("works over %s", async (_name, variant) => {
    const response = await call("CreateKey", createKeyParams("variant", "a description"), variant);
    expect(response.status).toBe(200);
    expect(response.body.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const key = response.body.Key as Record<string, string>;
    expect(Object.keys(key)).toEqual(KEY_FIELDS);
    expect(key).toMatchObject({ KeyName: "variant", Description: "a description", KeyState: "Enabled" });
  });

  it("answers JSON as {RequestId, Key} with application/json", async () => {
    const response = await fixture.call("CreateKey", createKeyParams("json"), { accept: "json" });
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const document = JSON.parse(response.text) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(["RequestId", "Key"]);
  });

  it("keeps names with spaces, non-ASCII and XML-special characters intact", async () => {
    const name = "My key <&> \"quoted\" 'single' 密钥 +plus";
    for (const accept of ["xml", "json"] as const) {
      const response = await fixture.call("CreateKey", createKeyParams(name, " desc "), { accept });
      expect((response.body.Key as Record<string, string>).KeyName).toBe(name);
      expect((response.body.Key as Record<string, string>).Description).toBe(" desc ");
    }
  });
});

describe("DescribeKeys", () => {
  const lister = useEmulator();

  it("lists no keys as an empty KeySet (XML element and JSON array)", async () => {
    const xml = await lister.call("DescribeKeys", {}, { accept: "xml" });
    expect(xml.status).toBe(200);
    expect(xml.text).toContain("<KeySet></KeySet>");
    const json = await lister.call("DescribeKeys", {}, { accept: "json" });
    expect(JSON.parse(json.text)).toEqual({ RequestId: expect.any(String), KeySet: [] });
  });

  it("lists every key of the region in creation order, one <item> each, even a single one", async () => {
    const first = await lister.createKey("first");
    const one = await lister.call("DescribeKeys", {}, { accept: "xml" });
    expect(one.text).toMatch(/<KeySet><item><KeyId>[^<]+<\/KeyId><KeyName>first<\/KeyName>/);
    const second = await lister.createKey("second");
    const third = await lister.createKey("third");
    for (const accept of ["xml", "json"] as const) {
      const response = await lister.call("DescribeKeys", {}, { accept });
      const keys = asList(response.body.KeySet);
      expect(keys.map((key) => key.KeyId)).toEqual([first, second, third]);
      expect(Object.keys(keys[0])).toEqual(KEY_FIELDS);
    }
  });

  it("answers with root DescribeKeysResponse and RequestId as a direct child", async () => {
    const response = await lister.call("DescribeKeys", {}, { accept: "xml" });
    expect(response.text).toMatch(
      /^<\?xml[^>]*>\n<DescribeKeysResponse><RequestId>[0-9a-f-]{36}<\/RequestId><KeySet>/,
    );
  });
});

describe("ModifyKey", () => {
  it("renames as in the seed's sample and leaves an omitted Description alone", async () => {
    const keyId = await fixture.createKey("before");
    await fixture.call("ModifyKey", { KeyId: keyId, Description: "kept" });
    const response = await fixture.call(
      "ModifyKey",
      { KeyId: keyId, KeyName: "mosified" },
      { accept: "xml" },
    );
    expect(response.status).toBe(200);
    expect(response.root).toBe("ModifyKeyResponse");
    const key = response.body.Key as Record<string, string>;
    expect(Object.keys(key)).toEqual(KEY_FIELDS);
    expect(key).toMatchObject({
      KeyId: keyId,
      KeyName: "mosified",
      Description: "kept",
      KeyState: "Enabled",
    });
  });

  it("changes only the Description when KeyName is omitted (no rename to ksc_cmk), and '' clears it", async () => {
    const keyId = await fixture.createKey("named");
    const changed = await fixture.call("ModifyKey", { KeyId: keyId, Description: "new" });
    expect(changed.body.Key).toMatchObject({ KeyName: "named", Description: "new" });
    const cleared = await fixture.call("ModifyKey", { KeyId: keyId, Description: "" });
    expect(cleared.body.Key).toMatchObject({ KeyName: "named", Description: "" });
    const described = await fixture.call("DescribeKeys", { "KeyId.1": keyId });
    expect(asList(described.body.KeySet)[0]).toMatchObject({ KeyName: "named", Description: "" });
  });

  it("with neither KeyName nor Description changes nothing and answers the key", async () => {
    const keyId = await fixture.createKey("same");
    const response = await fixture.call("ModifyKey", { KeyId: keyId });
    expect(response.status).toBe(200);
    expect(response.body.Key).toMatchObject({ KeyId: keyId, KeyName: "same" });
  });

  it("keeps CreateTime", async () => {
    const created = await fixture.call("CreateKey", createKeyParams("t"));
    const key = created.body.Key as Record<string, string>;
    const modified = await fixture.call("ModifyKey", { KeyId: key.KeyId, KeyName: "t2" });
    expect((modified.body.Key as Record<string, string>).CreateTime).toBe(key.CreateTime);
  });
});

describe("ModifyKeyState", () => {
  it("disables as in the seed's sample, enables again, and is idempotent", async () => {
    const keyId = await fixture.createKey("state");
    const disabled = await fixture.call(
      "ModifyKeyState",
      { KeyId: keyId, KeyState: "Disabled" },
      { accept: "xml" },
    );
    expect(disabled.status).toBe(200);
    expect(disabled.root).toBe("ModifyKeyStateResponse");
    expect(disabled.body.Key).toMatchObject({ KeyId: keyId, KeyState: "Disabled" });
    const again = await fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" });
    expect(again.body.Key).toMatchObject({ KeyState: "Disabled" });
    const enabled = await fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: "Enabled" });
    expect(enabled.body.Key).toMatchObject({ KeyState: "Enabled" });
    const described = await fixture.call("DescribeKeys", { "KeyId.1": keyId });
    expect(asList(described.body.KeySet)[0].KeyState).toBe("Enabled");
  });
});

describe("DeleteKey", () => {
  it("deletes a Disabled key, answering Return and the key as it was (Disabled), like the seed's sample", async () => {
    const keyId = await fixture.createKey("doomed");
    await fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" });
    const xml = await fixture.call("DeleteKey", { KeyId: keyId }, { accept: "xml" });
    expect(xml.status).toBe(200);
    expect(xml.root).toBe("DeleteKeyResponse");
    expect(xml.text).toMatch(/<RequestId>[^<]+<\/RequestId><Return>true<\/Return><Key><KeyId>/);
    expect(xml.body.Key).toMatchObject({ KeyId: keyId, KeyName: "doomed", KeyState: "Disabled" });
    const described = await fixture.call("DescribeKeys", { "KeyId.1": keyId });
    expect(asList(described.body.KeySet)[0].KeyState).toBe("PendingDeletion");
  });

  it("answers JSON with Return true", async () => {
    const keyId = await fixture.createKey("doomed-json");
    await fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" });
    const response = await fixture.call("DeleteKey", { KeyId: keyId }, { accept: "json" });
    const document = JSON.parse(response.text) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(["RequestId", "Return", "Key"]);
    expect(document.Return).toBe(true);
  });
});

describe("Encrypt and Decrypt", () => {
  it("round-trips the seed's samples: Encrypt Plaintext=aaaa, Decrypt returns aaaa", async () => {
    const keyId = await fixture.createKey("crypto");
    const encrypted = await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" }, { accept: "xml" });
    expect(encrypted.status).toBe(200);
    expect(encrypted.root).toBe("EncryptResponse");
    expect(encrypted.text).toMatch(
      /<RequestId>[^<]+<\/RequestId><CiphertextBlob>[A-Za-z0-9+/=]+<\/CiphertextBlob><KeyId>/,
    );
    expect(encrypted.body.KeyId).toBe(keyId);
    const blob = encrypted.body.CiphertextBlob as string;
    const decrypted = await fixture.call(
      "Decrypt",
      { KeyId: keyId, CiphertextBlob: blob },
      { accept: "xml" },
    );
    expect(decrypted.status).toBe(200);
    expect(decrypted.root).toBe("DecryptResponse");
    expect(decrypted.text).toMatch(/<RequestId>[^<]+<\/RequestId><Plaintext>aaaa<\/Plaintext><KeyId>/);
    expect(decrypted.body).toMatchObject({ Plaintext: "aaaa", KeyId: keyId });
  });

  it.each(variants)("round-trips 4096 random bytes over %s", async (_name, variant) => {
    const keyId = await fixture.createKey("big");
    const plaintext = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString(
      "base64",
    );
    const encrypted = await call("Encrypt", { KeyId: keyId, Plaintext: plaintext }, variant);
    expect(encrypted.status).toBe(200);
    const decrypted = await call(
      "Decrypt",
      { KeyId: keyId, CiphertextBlob: encrypted.body.CiphertextBlob as string },
      variant,
    );
    expect(decrypted.body.Plaintext).toBe(plaintext);
  });

  it("makes a different blob each time (random IV)", async () => {
    const keyId = await fixture.createKey("iv");
    const a = await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" });
    const b = await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" });
    expect(a.body.CiphertextBlob).not.toBe(b.body.CiphertextBlob);
  });
});

describe("key material as stored now", () => {
  const rootKey = Buffer.alloc(32, 9);
  const binding = { accountId: DEVELOPMENT_ACCOUNT.accountId, region: "cn-beijing-6", keyId: "rotating" };
  const [before, after] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
  const stored = useEmulator({
    rootKey,
    seedKeys: [{ keyId: binding.keyId, keyName: "rotating", material: before.toString("base64") }],
  });

  async function encrypt(): Promise<Buffer> {
    const response = await stored.call("Encrypt", { KeyId: binding.keyId, Plaintext: "aaaa" });
    expect(response.status).toBe(200);
    return Buffer.from(response.body.CiphertextBlob as string, "base64");
  }

  it("is used, never a cached copy, after the row changed under the emulator (another process, a rotation)", async () => {
    const old = await encrypt();
    expect(openCiphertext(before, binding, old)?.toString("base64")).toBe("aaaa");
    stored.emulator.store.db
      .prepare("UPDATE keys SET material = ? WHERE key_id = ?")
      .run(wrapMaterial(rootKey, binding, after), binding.keyId);
    const fresh = await encrypt();
    expect(openCiphertext(after, binding, fresh)?.toString("base64")).toBe("aaaa");
    expect(openCiphertext(before, binding, fresh)).toBeUndefined();
    const decrypted = await stored.call("Decrypt", {
      KeyId: binding.keyId,
      CiphertextBlob: fresh.toString("base64"),
    });
    expect(decrypted.body.Plaintext).toBe("aaaa");
    expectError(
      await stored.call("Decrypt", { KeyId: binding.keyId, CiphertextBlob: old.toString("base64") }),
      "invalidCiphertext",
      binding.keyId,
    );
  });
});

describe("GenerateDataKey", () => {
  it("answers the seed's sample (AES128 with NumberOfBytes=64) with a 16-byte key: KeySpec decides", async () => {
    const keyId = await fixture.createKey("data");
    const response = await fixture.call(
      "GenerateDataKey",
      { KeyId: keyId, KeySpec: "AES128", NumberOfBytes: "64" },
      { accept: "xml" },
    );
    expect(response.status).toBe(200);
    expect(response.root).toBe("GenerateDataKeyResponse");
    expect(response.text).toMatch(
      /<RequestId>[^<]+<\/RequestId><KeyId>[^<]+<\/KeyId><Plaintext>([^<]+)<\/Plaintext><Plantext>\1<\/Plantext><CiphertextBlob>/,
    );
    expect(Buffer.from(response.body.Plaintext as string, "base64")).toHaveLength(16);
  });

  it.each([
    [{ KeySpec: "AES256" }, 32],
    [{ KeySpec: "AES128" }, 16],
    [{ NumberOfBytes: "1" }, 1],
    [{ NumberOfBytes: "64" }, 64],
    [{ NumberOfBytes: "1024" }, 1024],
    [{ KeySpec: "AES256", NumberOfBytes: "7" }, 32],
  ])("%j gives %d bytes, and Decrypt of the blob gives the same data key", async (params, length) => {
    const keyId = await fixture.createKey("data");
    const response = await fixture.call("GenerateDataKey", { KeyId: keyId, ...params });
    expect(response.status).toBe(200);
    // Plantext: the seed's sample spelling, sent as well.
    expect(Object.keys(response.body)).toEqual([
      "RequestId",
      "KeyId",
      "Plaintext",
      "Plantext",
      "CiphertextBlob",
    ]);
    const dataKey = response.body.Plaintext as string;
    expect(response.body.Plantext).toBe(dataKey);
    expect(Buffer.from(dataKey, "base64")).toHaveLength(length);
    const decrypted = await fixture.call("Decrypt", {
      KeyId: keyId,
      CiphertextBlob: response.body.CiphertextBlob as string,
    });
    expect(decrypted.body.Plaintext).toBe(dataKey);
  });
});

describe("every answer", () => {
  it("carries a fresh RequestId, errors included", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      ids.add((await fixture.call("DescribeKeys")).requestId ?? "");
      ids.add((await fixture.call("Encrypt", { KeyId: "nope", Plaintext: "aaaa" })).requestId ?? "");
    }
    expect(ids.size).toBe(10);
  });

  it("prints CreateTime in China Standard Time", () => {
    expect(formatCreateTime(Date.UTC(2018, 9, 12, 5, 43, 52))).toBe("2018-10-12 13:43:52");
    expect(formatCreateTime(Date.UTC(2018, 9, 11, 20, 0, 0))).toBe("2018-10-12 04:00:00");
  });
});

/** KeySet as JSON (an array) or XML (`{item: [...]}`, or "" when empty). */
function asList(value: unknown): Record<string, string>[] {
  if (Array.isArray(value)) return value as Record<string, string>[];
  const item = typeof value === "object" && value !== null ? (value as { item?: unknown }).item : undefined;
  if (item === undefined) return [];
  return (Array.isArray(item) ? item : [item]) as Record<string, string>[];
}
