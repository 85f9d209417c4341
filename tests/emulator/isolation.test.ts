import type { Credentials } from "../../sdk/signing/types";
import { expectError, useEmulator } from "./support/emulatorFixture";
import type { KkmsRequestOptions, KkmsResponse } from "./support/kkmsRequest";

const ALICE: Credentials = { accessKeyId: "AKALICE", secretAccessKey: "alice-secret" };
const ALICE_SECOND_KEY: Credentials = { accessKeyId: "AKALICE2", secretAccessKey: "alice-secret-2" };
const BOB: Credentials = { accessKeyId: "AKBOB", secretAccessKey: "bob-secret" };

const fixture = useEmulator({
  accounts: [
    { accountId: "111111111111", ...ALICE },
    { accountId: "111111111111", ...ALICE_SECOND_KEY },
    { accountId: "222222222222", ...BOB },
  ],
});

const alice: KkmsRequestOptions = { credentials: ALICE };
const bob: KkmsRequestOptions = { credentials: BOB };
const aliceInShanghai: KkmsRequestOptions = { credentials: ALICE, region: "cn-shanghai-2" };

let keyId: string;
let blob: string;

beforeAll(async () => {
  keyId = await fixture.createKey("alice's key", alice);
  blob = (await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "c2VjcmV0" }, alice)).body
    .CiphertextBlob as string;
});

const ACTIONS: [string, (id: string) => Record<string, string>][] = [
  ["ModifyKey", (id) => ({ KeyId: id, KeyName: "stolen" })],
  ["ModifyKeyState", (id) => ({ KeyId: id, KeyState: "Disabled" })],
  ["DeleteKey", (id) => ({ KeyId: id })],
  ["Encrypt", (id) => ({ KeyId: id, Plaintext: "aaaa" })],
  ["Decrypt", (id) => ({ KeyId: id, CiphertextBlob: blob })],
  ["GenerateDataKey", (id) => ({ KeyId: id, KeySpec: "AES256" })],
];

/** What a caller sees, with the key id itself taken out so two answers can be compared. */
function shape(response: KkmsResponse, id: string) {
  return {
    status: response.status,
    code: response.error?.Code,
    message: response.error?.Message.replace(id, "<id>"),
  };
}

describe.each([
  ["another account", bob],
  ["another region of the same account", aliceInShanghai],
])("from %s", (_name, outsider) => {
  it.each(ACTIONS)(
    "%s answers exactly as for a key that does not exist (404 KeyNotFound)",
    async (action, params) => {
      const foreign = await fixture.call(action, params(keyId), outsider);
      expectError(foreign, "keyNotFound", keyId);
      expect(foreign.error?.Message).toContain("not found");
      const missing = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz";
      expect(shape(foreign, keyId)).toEqual(
        shape(await fixture.call(action, params(missing), outsider), missing),
      );
    },
  );

  it("DescribeKeys neither lists the key nor returns it by id", async () => {
    expect((await fixture.call("DescribeKeys", {}, outsider)).body.KeySet).toEqual([]);
    expect((await fixture.call("DescribeKeys", { "KeyId.1": keyId }, outsider)).body.KeySet).toEqual([]);
  });

  it("leaves the key exactly as it was", async () => {
    const described = await fixture.call("DescribeKeys", { "KeyId.1": keyId }, alice);
    expect(described.body.KeySet).toEqual([
      expect.objectContaining({ KeyName: "alice's key", KeyState: "Enabled" }),
    ]);
  });

  it("cannot decrypt the owner's blob under a key of its own", async () => {
    const own = await fixture.createKey("own", outsider);
    expectError(
      await fixture.call("Decrypt", { KeyId: own, CiphertextBlob: blob }, outsider),
      "invalidCiphertext",
      own,
    );
  });
});

describe("the same account through another access key", () => {
  it("sees and uses the same keys", async () => {
    const options = { credentials: ALICE_SECOND_KEY };
    expect((await fixture.call("DescribeKeys", { "KeyId.1": keyId }, options)).body.KeySet).toHaveLength(1);
    const decrypted = await fixture.call("Decrypt", { KeyId: keyId, CiphertextBlob: blob }, options);
    expect(decrypted.body.Plaintext).toBe("c2VjcmV0");
  });
});

describe("a disabled key of another account", () => {
  it("still answers KeyNotFound, not InvalidKeyState (its state leaks nothing)", async () => {
    const disabled = await fixture.createKey("disabled", alice);
    await fixture.call("ModifyKeyState", { KeyId: disabled, KeyState: "Disabled" }, alice);
    expectError(
      await fixture.call("Encrypt", { KeyId: disabled, Plaintext: "aaaa" }, bob),
      "keyNotFound",
      disabled,
    );
    expectError(await fixture.call("DeleteKey", { KeyId: disabled }, bob), "keyNotFound", disabled);
  });
});
