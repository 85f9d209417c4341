import { checkKey } from "../../provider/runtime/checkKey";
import { diffKey } from "../../provider/runtime/diffKey";
import { UNKNOWN } from "../../provider/runtime/unknowns";

/** check as the host runs it, with cn-beijing-6 configured. */
const check = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  checkKey(olds, news, "cn-beijing-6");

const VALID = { keyName: "payments", description: "d", keyState: "Disabled", region: "cn-shanghai-2" };

describe("check: every invalid input is a failure naming the property, the rule and the value", () => {
  test.each([
    ["keyName", "", "must not be empty"],
    ["keyName", "   ", "must not be empty"],
    ["keyName", 42, "must be a string; got 42"],
    ["keyName", "x".repeat(257), "at most 256 characters; got 257"],
    ["keyName", "bad\u0000name", "control characters"],
    ["description", "x".repeat(1025), "at most 1024 characters"],
    ["description", "line\u0007bell", "control characters"],
    ["keyState", "Paused", 'must be "Enabled" or "Disabled"; got "Paused"'],
    ["keyState", "PendingDeletion", 'got "PendingDeletion"'],
    ["keyUsage", "SignVerify", 'must be "EncryptDecrypt"; got "SignVerify"'],
    ["origin", "extrnal", 'must be "kms"; got "extrnal"'],
    ["chargeType", "PrePaid", 'must be "PostPaidByDay"; got "PrePaid"'],
    ["region", "Beijing 6", 'region name such as "cn-beijing-6"; got "Beijing 6"'],
    ["region", 6, "got 6"],
  ])("%s = %p", (property, value, reason) => {
    const { failures } = check({}, { ...VALID, [property]: value });
    expect(failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
  });

  test("several bad inputs give several failures, and check never throws", () => {
    const { failures } = check({}, { keyName: "", keyState: "On", origin: 1 });
    expect(failures.map((f) => f.property).sort()).toEqual(["keyName", "keyState", "origin"]);
  });

  test("a missing name with nothing to derive it from is a failure", () => {
    expect(check({}, {}).failures).toEqual([{ property: "keyName", reason: "keyName is required." }]);
  });
});

describe("check: defaults and auto-naming", () => {
  test("defaults are applied; region absent is the configured one (known in a preview)", () => {
    const { inputs, failures } = check({}, { keyName: "k" });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      keyName: "k",
      description: "",
      keyState: "Enabled",
      keyUsage: "EncryptDecrypt",
      origin: "kms",
      chargeType: "PostPaidByDay",
      region: "cn-beijing-6",
    });
    expect(checkKey({}, { keyName: "k" }, "cn-hongkong-2").inputs.region).toBe("cn-hongkong-2");
    expect(check({}, { keyName: "k", region: "cn-shanghai-2" }).inputs.region).toBe("cn-shanghai-2");
  });

  test("an auto-generated name is the resource name, a dash and 7 characters, stable across updates", () => {
    const first = check({}, { autoNamePrefix: "payments-" }).inputs;
    expect(first.keyName).toMatch(/^payments-[0-9a-f]{7}$/);
    const again = check(first, { autoNamePrefix: "payments-", description: "changed" }).inputs;
    expect(again.keyName).toBe(first.keyName);
  });

  test("a prefix the caller gives (the native plugin knows the resource's name) works the same, and is recorded", () => {
    const first = checkKey({}, {}, "cn-beijing-6", "payments-").inputs;
    expect(first.keyName).toMatch(/^payments-[0-9a-f]{7}$/);
    expect(first.autoNamePrefix).toBe("payments-");
    const again = checkKey(first, { description: "changed" }, "cn-beijing-6", "payments-").inputs;
    expect(again.keyName).toBe(first.keyName);
    // A given name is never replaced by a generated one, and records no prefix.
    const named = checkKey({}, { keyName: "fixed" }, "cn-beijing-6", "payments-").inputs;
    expect(named).toMatchObject({ keyName: "fixed" });
    expect(named).not.toHaveProperty("autoNamePrefix");
  });

  test("an explicit name wins over auto-naming, and dropping it later auto-names afresh", () => {
    expect(check({}, { keyName: "fixed", autoNamePrefix: "payments-" }).inputs.keyName).toBe("fixed");
    const renamed = check({ keyName: "fixed" }, { autoNamePrefix: "payments-" }).inputs.keyName;
    expect(renamed).toMatch(/^payments-[0-9a-f]{7}$/);
  });

  test("with adoptKeyId nothing is auto-named: keyName is required, so the adopted key is not renamed", () => {
    const adopting = check({}, { adoptKeyId: "k-1", autoNamePrefix: "payments-" });
    expect(adopting.inputs.keyName).toBeUndefined();
    expect(adopting.failures).toEqual([
      { property: "keyName", reason: expect.stringContaining("keyName is required with adoptKeyId") },
    ]);
    expect(check({}, { adoptKeyId: "k-1", keyName: "legacy" }).failures).toEqual([]);
    expect(check({}, { adoptKeyId: "", keyName: "legacy" }).failures).toEqual([
      { property: "adoptKeyId", reason: "adoptKeyId must not be empty." },
    ]);
  });

  test("unknown values (preview) are accepted as they are", () => {
    const { inputs, failures } = check(
      {},
      { keyName: UNKNOWN, description: UNKNOWN, keyState: UNKNOWN, region: UNKNOWN },
    );
    expect(failures).toEqual([]);
    expect(inputs.keyName).toBe(UNKNOWN);
    expect(inputs.keyState).toBe(UNKNOWN);
  });
});

describe("diff: against the last outputs, replacing inputs in `replaces`", () => {
  const olds = {
    keyId: "k-1",
    keyName: "payments",
    description: "d",
    keyState: "Enabled",
    keyUsage: "EncryptDecrypt",
    origin: "kms",
    chargeType: "PostPaidByDay",
    region: "cn-beijing-6",
    createTime: "2026-11-27 10:00:00",
    __provider: "old text",
  };
  const news = {
    keyName: "payments",
    description: "d",
    keyState: "Enabled",
    keyUsage: "EncryptDecrypt",
    origin: "kms",
    chargeType: "PostPaidByDay",
    __provider: "new text",
  };

  test.each([
    ["nothing changed (and __provider is ignored)", {}, false, [], []],
    ["a rename is in place", { keyName: "renamed" }, true, [], ["keyName"]],
    ["a new description is in place", { description: "new" }, true, [], ["description"]],
    ["disabling is in place", { keyState: "Disabled" }, true, [], ["keyState"]],
    [
      "a rename and a disable, both in place",
      { keyName: "r", keyState: "Disabled" },
      true,
      [],
      ["keyName", "keyState"],
    ],
    ["another region replaces", { region: "cn-shanghai-2" }, true, ["region"], []],
    ["the configured region named explicitly changes nothing", { region: "cn-beijing-6" }, false, [], []],
    ["an unknown name (preview) is a change", { keyName: UNKNOWN }, true, [], ["keyName"]],
    ["an unknown region (preview) may replace", { region: UNKNOWN }, true, ["region"], []],
    ["adopting the key it already manages changes nothing", { adoptKeyId: "k-1" }, false, [], []],
    ["adopting another key replaces", { adoptKeyId: "k-2" }, true, ["adoptKeyId"], []],
    ["an unknown adoptKeyId (preview) may replace", { adoptKeyId: UNKNOWN }, true, ["adoptKeyId"], []],
  ] as const)("%s", (_case, change, changes, replaces, updates) => {
    const result = diffKey("k-1", olds, { ...news, ...change }, "cn-beijing-6");
    expect(result).toEqual({ changes, replaces, updates, deleteBeforeReplace: false });
  });

  test("a changed replacing input that only one value allows is still reported (drift of the state)", () => {
    expect(diffKey("k-1", { ...olds, keyUsage: "Other" }, news, "cn-beijing-6").replaces).toEqual([
      "keyUsage",
    ]);
    expect(diffKey("k-1", { ...olds, chargeType: "Other" }, news, "cn-beijing-6").replaces).toEqual([
      "chargeType",
    ]);
    expect(diffKey("k-1", { ...olds, origin: "extrnal" }, news, "cn-beijing-6").replaces).toEqual(["origin"]);
  });

  test("drift found by refresh is corrected: outputs say Disabled, the program says Enabled", () => {
    expect(diffKey("k-1", { ...olds, keyState: "Disabled" }, news, "cn-beijing-6")).toEqual({
      changes: true,
      replaces: [],
      updates: ["keyState"],
      deleteBeforeReplace: false,
    });
  });

  test("a change of the configured region replaces keys that follow it", () => {
    expect(diffKey("k-1", olds, news, "cn-hongkong-2").replaces).toEqual(["region"]);
  });
});
