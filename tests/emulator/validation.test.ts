import { catalogMessage, createKeyParams, expectError, useEmulator } from "./support/emulatorFixture";
import { kkmsRequest } from "./support/kkmsRequest";
import { collectParameters, RequestParameters } from "../../emulator/http/requestParameters";

const fixture = useEmulator();
let keyId: string;

beforeAll(async () => {
  keyId = await fixture.createKey("validation");
});

function without(params: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([n]) => n !== name));
}

describe("Action and Version", () => {
  it("answers MissingParameter Action when there is none", async () => {
    expectError(await kkmsRequest(fixture.url, { Version: "2016-03-04" }), "missingParameter", "Action");
  });

  it("answers InvalidAction naming an unknown action", async () => {
    const response = await fixture.call("DeleteEverything");
    expectError(response, "invalidAction", "DeleteEverything");
    expect(response.status).toBe(400);
  });

  it("answers MissingParameter Version, and InvalidParameterValue Version for another version", async () => {
    expectError(await kkmsRequest(fixture.url, { Action: "DescribeKeys" }), "missingParameter", "Version");
    const other = await kkmsRequest(fixture.url, { Action: "DescribeKeys", Version: "2020-01-01" });
    expectError(other, "invalidParameterValue", "Version");
    expect(other.error?.Message).toBe(
      "An invalid or out-of-range value was supplied for the input parameter Version.",
    );
  });

  it("matches action names exactly (case-sensitive)", async () => {
    expectError(await fixture.call("describekeys"), "invalidAction", "describekeys");
  });
});

describe("CreateKey parameters", () => {
  const valid = createKeyParams("valid");

  it.each(["KeyName", "KeyUsage", "Origin", "ChargeType"])(
    "%s is required (absent or empty)",
    async (name) => {
      const absent = await fixture.call("CreateKey", without(valid, name));
      expectError(absent, "missingParameter", name);
      expect(absent.error?.Message).toBe(`An value must be supplied for the input parameter ${name}.`);
      expectError(await fixture.call("CreateKey", { ...valid, [name]: "" }), "missingParameter", name);
    },
  );

  it.each([
    ["KeyUsage", "SignVerify"],
    ["KeyUsage", "encryptdecrypt"],
    ["Origin", "extrnal"],
    ["Origin", "KMS"],
    ["ChargeType", "PrePaidByMonth"],
  ])("%s=%s is InvalidParameterValue naming it", async (name, value) => {
    expectError(await fixture.call("CreateKey", { ...valid, [name]: value }), "invalidParameterValue", name);
  });

  it("limits KeyName to 1-256 characters (code points) and Description to 1024", async () => {
    expect((await fixture.call("CreateKey", { ...valid, KeyName: "k".repeat(256) })).status).toBe(200);
    expect((await fixture.call("CreateKey", { ...valid, KeyName: "密".repeat(256) })).status).toBe(200);
    expectError(
      await fixture.call("CreateKey", { ...valid, KeyName: "k".repeat(257) }),
      "invalidParameterValue",
      "KeyName",
    );
    expect((await fixture.call("CreateKey", { ...valid, Description: "d".repeat(1024) })).status).toBe(200);
    expectError(
      await fixture.call("CreateKey", { ...valid, Description: "d".repeat(1025) }),
      "invalidParameterValue",
      "Description",
    );
  });

  it.each(["\n", "\u0000", "\u001f", "\u007f", "\t"])(
    "refuses control character %j in names and descriptions",
    async (c) => {
      expectError(
        await fixture.call("CreateKey", { ...valid, KeyName: `a${c}b` }),
        "invalidParameterValue",
        "KeyName",
      );
      expectError(
        await fixture.call("CreateKey", { ...valid, Description: `a${c}b` }),
        "invalidParameterValue",
        "Description",
      );
    },
  );

  it("ignores parameters it does not know (Kingsoft's SDKs add SdkVersion, Language, Region, …)", async () => {
    const response = await fixture.call("CreateKey", {
      ...valid,
      SdkVersion: "1.0",
      Language: "zh-CN",
      Foo: "bar",
    });
    expect(response.status).toBe(200);
  });
});

describe("KeyId", () => {
  it.each(["ModifyKey", "ModifyKeyState", "DeleteKey", "Encrypt", "Decrypt", "GenerateDataKey"])(
    "%s requires KeyId",
    async (action) => {
      const params = { KeyState: "Enabled", Plaintext: "aaaa", CiphertextBlob: "aaaa", KeySpec: "AES256" };
      expectError(await fixture.call(action, params), "missingParameter", "KeyId");
      expectError(await fixture.call(action, { ...params, KeyId: "" }), "missingParameter", "KeyId");
    },
  );
});

describe("ModifyKey parameters", () => {
  it("refuses an empty KeyName and over-long values", async () => {
    expectError(
      await fixture.call("ModifyKey", { KeyId: keyId, KeyName: "" }),
      "missingParameter",
      "KeyName",
    );
    expectError(
      await fixture.call("ModifyKey", { KeyId: keyId, KeyName: "n".repeat(257) }),
      "invalidParameterValue",
      "KeyName",
    );
    expectError(
      await fixture.call("ModifyKey", { KeyId: keyId, Description: "d".repeat(1025) }),
      "invalidParameterValue",
      "Description",
    );
  });
});

describe("ModifyKeyState parameters", () => {
  it("requires KeyState", async () => {
    expectError(await fixture.call("ModifyKeyState", { KeyId: keyId }), "missingParameter", "KeyState");
  });

  it.each(["PendingDeletion", "PendingImport", "enabled", "Deleted"])(
    "refuses KeyState=%s",
    async (state) => {
      expectError(
        await fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: state }),
        "invalidParameterValue",
        "KeyState",
      );
    },
  );
});

describe("Encrypt parameters", () => {
  it("requires Plaintext (absent or empty)", async () => {
    expectError(await fixture.call("Encrypt", { KeyId: keyId }), "missingParameter", "Plaintext");
    expectError(
      await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "" }),
      "missingParameter",
      "Plaintext",
    );
  });

  // Each one Node's decoder alone would read (skipping the stray characters, or as base64url) or mis-read.
  it.each([
    "not base64!",
    "aaa",
    "aaaaa",
    "a===",
    "YWJj\nZA==",
    "-_-_",
    "YWJjZA",
    "YW=jZA==",
    "YWJjZA===",
    "YR==",
  ])("refuses invalid base64 %j", async (text) => {
    expectError(
      await fixture.call("Encrypt", { KeyId: keyId, Plaintext: text }),
      "invalidParameterValue",
      "Plaintext",
    );
  });

  it("accepts 4096 bytes and refuses 4097 (after base64 decoding)", async () => {
    const ok = await fixture.call(
      "Encrypt",
      { KeyId: keyId, Plaintext: Buffer.alloc(4096, 1).toString("base64") },
      { method: "POST" },
    );
    expect(ok.status).toBe(200);
    const tooLong = await fixture.call(
      "Encrypt",
      { KeyId: keyId, Plaintext: Buffer.alloc(4097, 1).toString("base64") },
      { method: "POST" },
    );
    expectError(tooLong, "invalidParameterValue", "Plaintext");
  });

  it("reads a space in base64 as '+' (an unencoded + in a query string arrives as a space)", async () => {
    expect(Buffer.from([0xfb, 0xef, 0xbe]).toString("base64")).toBe("++++");
    // The client signs the value the server will decode ("    ") and puts raw "+" on the wire.
    const encrypted = await kkmsRequest(
      fixture.url,
      { Action: "Encrypt", Version: "2016-03-04", KeyId: keyId, Plaintext: "    " },
      {
        signing: "simple",
        afterSigning: (request) => ({
          ...request,
          rawQuery: request.rawQuery.replace("%20%20%20%20", "++++"),
        }),
      },
    );
    expect(encrypted.status).toBe(200);
    const blob = encrypted.body.CiphertextBlob as string;
    const decrypted = await fixture.call("Decrypt", {
      KeyId: keyId,
      CiphertextBlob: blob.replace(/\+/g, " "),
    });
    expect(decrypted.body.Plaintext).toBe("++++");
  });
});

describe("Decrypt parameters", () => {
  let blob: Buffer;
  let otherKeyId: string;

  beforeAll(async () => {
    const encrypted = await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" });
    blob = Buffer.from(encrypted.body.CiphertextBlob as string, "base64");
    otherKeyId = await fixture.createKey("other");
  });

  it("requires CiphertextBlob and refuses invalid base64 with InvalidParameterValue", async () => {
    expectError(await fixture.call("Decrypt", { KeyId: keyId }), "missingParameter", "CiphertextBlob");
    expectError(
      await fixture.call("Decrypt", { KeyId: keyId, CiphertextBlob: "" }),
      "missingParameter",
      "CiphertextBlob",
    );
    expectError(
      await fixture.call("Decrypt", { KeyId: keyId, CiphertextBlob: "%%%" }),
      "invalidParameterValue",
      "CiphertextBlob",
    );
  });

  it("refuses the seed's sample blob (not made here), garbage and truncations with InvalidCiphertext", async () => {
    const samples = ["/KhaumND4qw/V/LAfk04aQ==", "AAAA", Buffer.alloc(200).toString("base64")];
    for (let length = 1; length < blob.length; length += 7)
      samples.push(blob.subarray(0, length).toString("base64"));
    for (const sample of samples) {
      const response = await fixture.call("Decrypt", { KeyId: keyId, CiphertextBlob: sample });
      expectError(response, "invalidCiphertext", keyId);
    }
  });

  it("refuses a blob made under another key, even with the right owner", async () => {
    const response = await fixture.call("Decrypt", {
      KeyId: otherKeyId,
      CiphertextBlob: blob.toString("base64"),
    });
    expectError(response, "invalidCiphertext", otherKeyId);
  });

  it("refuses the blob with any single bit flipped", async () => {
    const failures: number[] = [];
    for (let bit = 0; bit < blob.length * 8; bit++) {
      const altered = Buffer.from(blob);
      altered[bit >> 3] ^= 1 << (bit & 7);
      const response = await fixture.call("Decrypt", {
        KeyId: keyId,
        CiphertextBlob: altered.toString("base64"),
      });
      if (response.error?.Code !== "InvalidCiphertext") failures.push(bit);
    }
    expect(failures).toEqual([]);
  });
});

describe("GenerateDataKey parameters", () => {
  it("needs KeySpec or NumberOfBytes (MissingParameter KeySpec)", async () => {
    expectError(await fixture.call("GenerateDataKey", { KeyId: keyId }), "missingParameter", "KeySpec");
  });

  it.each(["AES512", "aes256", "RSA_2048"])("refuses KeySpec=%s", async (spec) => {
    expectError(
      await fixture.call("GenerateDataKey", { KeyId: keyId, KeySpec: spec }),
      "invalidParameterValue",
      "KeySpec",
    );
  });

  it.each(["0", "1025", "-1", "1.5", "1e2", "abc", " 5", "0x10", "99999999999"])(
    "refuses NumberOfBytes=%j",
    async (n) => {
      expectError(
        await fixture.call("GenerateDataKey", { KeyId: keyId, NumberOfBytes: n }),
        "invalidParameterValue",
        "NumberOfBytes",
      );
      expectError(
        await fixture.call("GenerateDataKey", { KeyId: keyId, KeySpec: "AES128", NumberOfBytes: n }),
        "invalidParameterValue",
        "NumberOfBytes",
      );
    },
  );
});

describe("DescribeKeys parameters", () => {
  it("takes at most 100 KeyId parameters", async () => {
    const hundred = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`KeyId.${i + 1}`, `k${i}`]));
    expect((await fixture.call("DescribeKeys", hundred, { method: "POST" })).status).toBe(200);
    const tooMany = { ...hundred, "KeyId.101": "k100" };
    expectError(
      await fixture.call("DescribeKeys", tooMany, { method: "POST" }),
      "invalidParameterValue",
      "KeyId.N",
    );
  });

  it("refuses an empty KeyId.N", async () => {
    expectError(await fixture.call("DescribeKeys", { "KeyId.1": "" }), "missingParameter", "KeyId.1");
  });
});

describe("repeated parameters", () => {
  it("accepts a parameter repeated with the same value", async () => {
    const response = await kkmsRequest(fixture.url, [
      ["Action", "Encrypt"],
      ["Version", "2016-03-04"],
      ["KeyId", keyId],
      ["KeyId", keyId],
      ["Plaintext", "aaaa"],
    ]);
    expect(response.status).toBe(200);
  });

  it("refuses a value that differs only in its third repetition, or between the query and the body", async () => {
    const third = await kkmsRequest(fixture.url, [
      ["Action", "Encrypt"],
      ["Version", "2016-03-04"],
      ["KeyId", keyId],
      ["KeyId", keyId],
      ["KeyId", keyId + "x"],
      ["Plaintext", "aaaa"],
    ]);
    expectError(third, "invalidQueryParameter", "KeyId");
    const split = await kkmsRequest(
      fixture.url,
      { KeyId: keyId, Plaintext: "aaaa" },
      { method: "POST", queryParams: { Action: "Encrypt", Version: "2016-03-04", Plaintext: "bbbb" } },
    );
    expectError(split, "invalidQueryParameter", "Plaintext");
  });

  it.each(["KeyId", "Action", "Plaintext"])(
    "refuses %s repeated with different values (InvalidQueryParameter)",
    async (name) => {
      const params: [string, string][] = [
        ["Action", "Encrypt"],
        ["Version", "2016-03-04"],
        ["KeyId", keyId],
        ["Plaintext", "aaaa"],
      ];
      params.push([name, name === "Action" ? "Decrypt" : "bbbb"]);
      const response = await kkmsRequest(fixture.url, params);
      expectError(response, "invalidQueryParameter", name);
      expect(response.error?.Message).toBe(catalogMessage("invalidQueryParameter", name));
    },
  );
});

describe("the parameters of a request", () => {
  const parameters = new RequestParameters([
    ["KeyId", "b"],
    ["Action", "DescribeKeys"],
    ["KeyId", "a"],
    ["Empty", ""],
    ["Same", "x"],
    ["Same", "x"],
    ["Late", "x"],
    ["Late", "x"],
    ["Late", "y"],
    ["KeyId", "b"],
  ]);

  it.each([
    ["a name sent once", "Action", true, "DescribeKeys", ["DescribeKeys"]],
    ["an empty value", "Empty", true, "", [""]],
    ["a name sent twice with one value", "Same", true, "x", ["x", "x"]],
    ["a name never sent", "Absent", false, undefined, []],
    ["a name that differs by case", "action", false, undefined, []],
  ])("reads %s", (_case, name, has, value, all) => {
    expect([parameters.has(name), parameters.get(name), parameters.all(name)]).toEqual([has, value, all]);
  });

  it.each(["KeyId", "Late"])("refuses to read one value of %s, sent with different values", (name) => {
    expect(() => parameters.get(name)).toThrow(expect.objectContaining({ code: "InvalidQueryParameter" }));
    expect(() => parameters.get(name)).toThrow(catalogMessage("invalidQueryParameter", name));
  });

  it("keeps every value in the order sent, and each name once in the order first sent", () => {
    expect(parameters.all("KeyId")).toEqual(["b", "a", "b"]);
    expect(parameters.names()).toEqual(["KeyId", "Action", "Empty", "Same", "Late"]);
    expect(parameters.pairs).toHaveLength(10);
  });

  it("merges the query and a POST's form body, query first", () => {
    const { query, parameters: merged } = collectParameters({
      method: "POST",
      rawQuery: "Action=Encrypt&KeyId=q",
      body: Buffer.from("KeyId=f&Version=2016-03-04"),
      contentType: undefined,
    });
    expect(query).toEqual([
      ["Action", "Encrypt"],
      ["KeyId", "q"],
    ]);
    expect(merged.all("KeyId")).toEqual(["q", "f"]);
    expect(() => merged.get("KeyId")).toThrow(catalogMessage("invalidQueryParameter", "KeyId"));
  });
});

describe("DryRun", () => {
  it("validates, looks up and checks state, then answers 412 DryRunOperation without acting", async () => {
    const dryKey = await fixture.createKey("dry");
    const before = (await fixture.call("DescribeKeys")).body.KeySet as unknown[];
    const calls: [string, Record<string, string>][] = [
      ["CreateKey", createKeyParams("dry-created")],
      ["DescribeKeys", {}],
      ["ModifyKey", { KeyId: dryKey, KeyName: "renamed" }],
      ["ModifyKeyState", { KeyId: dryKey, KeyState: "Disabled" }],
      ["Encrypt", { KeyId: dryKey, Plaintext: "aaaa" }],
      ["GenerateDataKey", { KeyId: dryKey, KeySpec: "AES256" }],
    ];
    for (const [action, params] of calls) {
      const response = await fixture.call(action, { ...params, DryRun: "true" });
      expectError(response, "dryRunOperation");
      expect(response.status).toBe(412);
    }
    const after = (await fixture.call("DescribeKeys")).body.KeySet as unknown[];
    expect(after).toEqual(before);
  });

  it("still reports what would fail: validation, unknown key, wrong state, bad ciphertext", async () => {
    const dryKey = await fixture.createKey("dry2");
    expectError(await fixture.call("CreateKey", { DryRun: "true" }), "missingParameter", "KeyName");
    expectError(
      await fixture.call("Encrypt", { KeyId: "nope", Plaintext: "aaaa", DryRun: "true" }),
      "keyNotFound",
      "nope",
    );
    expectError(await fixture.call("DeleteKey", { KeyId: dryKey, DryRun: "true" }), "invalidKeyState");
    expectError(
      await fixture.call("Decrypt", { KeyId: dryKey, CiphertextBlob: "AAAA", DryRun: "TRUE" }),
      "invalidCiphertext",
      dryKey,
    );
    await fixture.call("ModifyKeyState", { KeyId: dryKey, KeyState: "Disabled" });
    expectError(await fixture.call("DeleteKey", { KeyId: dryKey, DryRun: "true" }), "dryRunOperation");
    const described = await fixture.call("DescribeKeys", { "KeyId.1": dryKey });
    expect(described.body.KeySet).toEqual([expect.objectContaining({ KeyState: "Disabled" })]);
  });

  it("DryRun=false runs normally; any other value is InvalidParameterValue DryRun", async () => {
    expect((await fixture.call("DescribeKeys", { DryRun: "false" })).status).toBe(200);
    expectError(await fixture.call("DescribeKeys", { DryRun: "yes" }), "invalidParameterValue", "DryRun");
  });
});
