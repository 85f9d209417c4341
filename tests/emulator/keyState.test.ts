import { KEY_STATE_RULES } from "../../emulator/actions/keyState";
import { sealCiphertext } from "../../emulator/storage/crypto";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { KEY_STATES } from "../../sdk/types";
import { expectError, useEmulator } from "./support/emulatorFixture";
import type { KkmsRequestOptions } from "./support/kkmsRequest";

async function metricsText(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** The table the seed and the issue ask for, written out independently of emulator/actions/keyState.ts. */
const EXPECTED: Record<string, Record<string, boolean>> = {
  //                  Enabled  Disabled  PendingDeletion  PendingImport
  DescribeKeys: { Enabled: true, Disabled: true, PendingDeletion: true, PendingImport: true },
  ModifyKey: { Enabled: true, Disabled: true, PendingDeletion: false, PendingImport: true },
  ModifyKeyState: { Enabled: true, Disabled: true, PendingDeletion: false, PendingImport: false },
  DeleteKey: { Enabled: false, Disabled: true, PendingDeletion: false, PendingImport: false },
  Encrypt: { Enabled: true, Disabled: false, PendingDeletion: false, PendingImport: false },
  Decrypt: { Enabled: true, Disabled: false, PendingDeletion: false, PendingImport: false },
  GenerateDataKey: { Enabled: true, Disabled: false, PendingDeletion: false, PendingImport: false },
};

const NEEDS: Record<string, string> = {
  ModifyKey: "Enabled, Disabled or PendingImport",
  ModifyKeyState: "Enabled or Disabled",
  DeleteKey: "Disabled",
  Encrypt: "Enabled",
  Decrypt: "Enabled",
  GenerateDataKey: "Enabled",
};

const MATERIAL = Buffer.alloc(32, 7);
const REGION = "cn-beijing-6";
const cases = Object.keys(EXPECTED).flatMap((action) => KEY_STATES.map((state) => [action, state] as const));
const seedIdOf = (action: string, state: string) => `${action}-${state}`.toLowerCase();

const fixture = useEmulator({
  seedKeys: cases.map(([action, state]) => ({
    keyId: seedIdOf(action, state),
    keyName: `${action} on ${state}`,
    // PendingDeletion keys start Disabled and are deleted in beforeAll.
    keyState: state === "PendingDeletion" ? "Disabled" : state,
    material: MATERIAL.toString("base64"),
  })),
});

beforeAll(async () => {
  for (const [action, state] of cases) {
    if (state === "PendingDeletion") {
      const response = await fixture.call("DeleteKey", { KeyId: seedIdOf(action, state) });
      expect(response.status).toBe(200);
    }
  }
});

function paramsFor(action: string, keyId: string): Record<string, string> {
  const blob = sealCiphertext(
    MATERIAL,
    { accountId: DEVELOPMENT_ACCOUNT.accountId, region: REGION, keyId },
    Buffer.from("hi"),
  );
  const params: Record<string, Record<string, string>> = {
    DescribeKeys: { "KeyId.1": keyId },
    ModifyKey: { KeyId: keyId, KeyName: "renamed" },
    ModifyKeyState: { KeyId: keyId, KeyState: "Enabled" },
    DeleteKey: { KeyId: keyId },
    Encrypt: { KeyId: keyId, Plaintext: "aaaa" },
    Decrypt: { KeyId: keyId, CiphertextBlob: blob.toString("base64") },
    GenerateDataKey: { KeyId: keyId, KeySpec: "AES256" },
  };
  return params[action];
}

describe("the state × action table", () => {
  it("is the one emulator/actions/keyState.ts exports", () => {
    const exported = Object.fromEntries(
      Object.entries(KEY_STATE_RULES).map(([action, states]) => [
        action,
        Object.fromEntries(KEY_STATES.map((state) => [state, (states as readonly string[]).includes(state)])),
      ]),
    );
    expect(exported).toEqual(EXPECTED);
  });

  it.each(cases)("%s on a %s key", async (action, state) => {
    const keyId = seedIdOf(action, state);
    const response = await fixture.call(action, paramsFor(action, keyId));
    if (EXPECTED[action][state]) {
      expect({ status: response.status, text: response.text }).toEqual({ status: 200, text: response.text });
      if (action === "DescribeKeys")
        expect(response.body.KeySet).toEqual([expect.objectContaining({ KeyId: keyId, KeyState: state })]);
      if (action === "Decrypt") expect(response.body.Plaintext).toBe(Buffer.from("hi").toString("base64"));
    } else {
      expectError(response, "invalidKeyState", keyId, state, action, NEEDS[action]);
      expect(response.error?.Message).toBe(
        `The key ${keyId} is ${state}; ${action} needs a key that is ${NEEDS[action]}.`,
      );
    }
  });
});

describe("the deletion window", () => {
  let nowMs = Date.parse("2026-01-01T00:00:00Z");
  const clock = () => new Date(nowMs);
  const windowed = useEmulator({ deletionWindowDays: 7, clock, purgeIntervalMs: 3_600_000 });
  const immediate = useEmulator({ deletionWindowDays: 0 });
  const at = (): KkmsRequestOptions => ({ now: clock() });

  async function deletedKey(target: typeof windowed, options: KkmsRequestOptions = {}): Promise<string> {
    const keyId = await target.createKey("to delete", options);
    await target.call("ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" }, options);
    expect((await target.call("DeleteKey", { KeyId: keyId }, options)).status).toBe(200);
    return keyId;
  }

  it("keeps a deleted key PendingDeletion until the window ends, then it is gone", async () => {
    const keyId = await deletedKey(windowed, at());
    nowMs += 7 * 24 * 3600 * 1000 - 1000;
    const listed = await windowed.call("DescribeKeys", {}, at());
    expect(listed.body.KeySet).toEqual([
      expect.objectContaining({ KeyId: keyId, KeyState: "PendingDeletion" }),
    ]);
    expectError(await windowed.call("DeleteKey", { KeyId: keyId }, at()), "invalidKeyState");
    nowMs += 1000;
    expect((await windowed.call("DescribeKeys", {}, at())).body.KeySet).toEqual([]);
    expectError(await windowed.call("ModifyKey", { KeyId: keyId, KeyName: "x" }, at()), "keyNotFound", keyId);
  });

  it("is purged by the timer too, without any request", async () => {
    const keyId = await deletedKey(windowed, at());
    nowMs += 8 * 24 * 3600 * 1000;
    expect(windowed.emulator.purgeExpiredKeys()).toBe(1);
    expect(windowed.emulator.store.exists(keyId)).toBe(false);
  });

  it("hides a key whose window has ended from every read before anything purges it", async () => {
    const keyId = await windowed.createKey("expiring", at());
    const encrypted = await windowed.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" }, at());
    const blob = encrypted.body.CiphertextBlob as string;
    await windowed.call("ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" }, at());
    expect((await windowed.call("DeleteKey", { KeyId: keyId }, at())).status).toBe(200);
    expect(await metricsText(windowed.url)).toMatch(/kkms_keys\{state="PendingDeletion"\} 1/);
    nowMs += 7 * 24 * 3600 * 1000;
    expect((await windowed.call("DescribeKeys", {}, at())).body.KeySet).toEqual([]);
    expect(
      (await windowed.call("DescribeKeys", { "KeyId.1": keyId, "KeyId.2": keyId + "x" }, at())).body.KeySet,
    ).toEqual([]);
    expectError(
      await windowed.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" }, at()),
      "keyNotFound",
      keyId,
    );
    expectError(
      await windowed.call("Decrypt", { KeyId: keyId, CiphertextBlob: blob }, at()),
      "keyNotFound",
      keyId,
    );
    expectError(
      await windowed.call("GenerateDataKey", { KeyId: keyId, KeySpec: "AES128" }, at()),
      "keyNotFound",
      keyId,
    );
    expect(await metricsText(windowed.url)).not.toMatch(/PendingDeletion/);
    // Reads purge nothing: the row is still there, only hidden. The next write that commits purges it.
    expect(windowed.emulator.store.exists(keyId)).toBe(true);
    await windowed.createKey("next", at());
    expect(windowed.emulator.store.exists(keyId)).toBe(false);
  });

  it("with a window of 0 purges at once", async () => {
    const keyId = await deletedKey(immediate);
    expect((await immediate.call("DescribeKeys", { "KeyId.1": keyId })).body.KeySet).toEqual([]);
    expectError(await immediate.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" }), "keyNotFound", keyId);
  });
});
