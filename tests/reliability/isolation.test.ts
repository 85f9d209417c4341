import type { Credentials } from "../../sdk/signing/types";
import { ACTION_NAMES } from "../../emulator/actions/actionNames";
import { useEmulator } from "../emulator/support/emulatorFixture";
import type { KkmsRequestOptions, KkmsResponse } from "../emulator/support/kkmsRequest";
import { recordFigures, tally } from "./support/figures";

/**
 * Item 5: account B, and account A itself in another region, cannot read, use, change or delete A's keys —
 * whatever the action, the signature form, the key's state or DryRun — and cannot even tell them from keys
 * that do not exist: the answer is byte for byte the one for a missing key of the same length (once the
 * RequestId and the id itself are masked).
 */
const A: Credentials = { accessKeyId: "AKISOLATIONA", secretAccessKey: "isolation-a-secret" };
const A2: Credentials = { accessKeyId: "AKISOLATIONA2", secretAccessKey: "isolation-a2-secret" };
const B: Credentials = { accessKeyId: "AKISOLATIONB", secretAccessKey: "isolation-b-secret" };
const HOME = "cn-beijing-6";
const ELSEWHERE = "cn-shanghai-2";

const fixture = useEmulator({
  accounts: [
    { accountId: "111111111111", ...A },
    { accountId: "111111111111", ...A2 },
    { accountId: "222222222222", ...B },
  ],
  seedKeys: [
    {
      keyId: "imported-by-a",
      keyName: "pending import",
      keyState: "PendingImport",
      accountId: "111111111111",
    },
  ],
});

type Form = "v4" | "v4-query" | "simple";
const FORMS: { form: Form; method: "GET" | "POST"; accept: "json" | "xml" }[] = [
  { form: "v4", method: "GET", accept: "json" },
  { form: "v4-query", method: "POST", accept: "xml" },
  { form: "simple", method: "POST", accept: "json" },
];

interface Caller {
  name: string;
  credentials: Credentials;
  region: string;
}
const OUTSIDERS: Caller[] = [
  { name: "account B", credentials: B, region: HOME },
  { name: "account A in another region", credentials: A, region: ELSEWHERE },
  { name: "account B in another region", credentials: B, region: ELSEWHERE },
];

function options(caller: Caller, form: (typeof FORMS)[number]): KkmsRequestOptions {
  return {
    credentials: caller.credentials,
    signing: form.form,
    method: form.method,
    accept: form.accept,
    // The simplified signature names its region in a parameter; SigV4 in the credential scope.
    ...(form.form === "simple" ? { queryParams: [["Region", caller.region]] } : { region: caller.region }),
  };
}

const keys: Record<string, string> = {};
let blob: string;

const KEY_ACTIONS: [string, (id: string) => Record<string, string>][] = [
  ["DescribeKeys (KeyId.1)", (id) => ({ "KeyId.1": id })],
  ["DescribeKeys (bare KeyId)", (id) => ({ KeyId: id })],
  ["ModifyKey", (id) => ({ KeyId: id, KeyName: "taken over", Description: "by an outsider" })],
  ["ModifyKeyState", (id) => ({ KeyId: id, KeyState: "Enabled" })],
  ["DeleteKey", (id) => ({ KeyId: id })],
  ["Encrypt", (id) => ({ KeyId: id, Plaintext: Buffer.from("outsider").toString("base64") })],
  ["Decrypt", (id) => ({ KeyId: id, CiphertextBlob: blob })],
  ["GenerateDataKey", (id) => ({ KeyId: id, KeySpec: "AES128" })],
];

/** The answer with the RequestId and the key id masked: what a caller could compare between two keys. */
function observable(response: KkmsResponse, keyId: string): string {
  const text = response.text
    .split(response.requestId ?? "\u0000")
    .join("<request-id>")
    .split(keyId)
    .join("<key-id>");
  return `${response.status} ${response.headers["content-type"]} ${text}`;
}

/** An id of the same length that no key has. */
function missingLike(keyId: string): string {
  const taken = new Set(Object.values(keys));
  for (const c of "zyxw") {
    const candidate = keyId.slice(0, -1) + c;
    if (!taken.has(candidate) && candidate !== keyId) return candidate;
  }
  throw new Error(`no free id like ${keyId}`);
}

async function snapshotOfA(): Promise<string> {
  const regions = await Promise.all(
    [HOME, ELSEWHERE].map((region) => fixture.call("DescribeKeys", {}, { credentials: A, region })),
  );
  return JSON.stringify(regions.map((r) => r.body.KeySet));
}

const outcomes: string[] = [];
let probes = 0;
let identical = 0;
let before: string;

beforeAll(async () => {
  const a = { credentials: A, region: HOME };
  keys.Enabled = await fixture.createKey("a-enabled", a);
  keys.Disabled = await fixture.createKey("a-disabled", a);
  await fixture.call("ModifyKeyState", { KeyId: keys.Disabled, KeyState: "Disabled" }, a);
  keys.PendingDeletion = await fixture.createKey("a-deleted", a);
  await fixture.call("ModifyKeyState", { KeyId: keys.PendingDeletion, KeyState: "Disabled" }, a);
  await fixture.call("DeleteKey", { KeyId: keys.PendingDeletion }, a);
  keys.PendingImport = "imported-by-a";
  blob = (await fixture.call("Encrypt", { KeyId: keys.Enabled, Plaintext: "c2VjcmV0" }, a)).body
    .CiphertextBlob as string;
  // The outsiders have keys of their own, so their lists are not empty by accident.
  for (const outsider of OUTSIDERS) {
    await fixture.createKey(`own key of ${outsider.name}`, {
      credentials: outsider.credentials,
      region: outsider.region,
    });
  }
  before = await snapshotOfA();
});

const STATES = ["Enabled", "Disabled", "PendingDeletion", "PendingImport"];
const cases = OUTSIDERS.flatMap((caller) =>
  FORMS.flatMap((form) =>
    [false, true].map(
      (dryRun) => [caller.name, `${form.form} ${form.method}`, dryRun, caller, form] as const,
    ),
  ),
);

describe.each(cases)("%s, %s, DryRun=%s", (_who, _how, dryRun, caller, form) => {
  test.each(
    KEY_ACTIONS.flatMap(([action, params]) => STATES.map((state) => [action, state, params] as const)),
  )("%s on A's %s key: the same answer as for a key that does not exist", async (action, state, params) => {
    const keyId = keys[state];
    const missing = missingLike(keyId);
    const name = action.split(" ")[0];
    const extra: Record<string, string> = dryRun ? { DryRun: "true" } : {};
    const foreign = await fixture.call(name, { ...params(keyId), ...extra }, options(caller, form));
    const absent = await fixture.call(name, { ...params(missing), ...extra }, options(caller, form));
    probes++;
    if (observable(foreign, keyId) === observable(absent, missing)) identical++;
    outcomes.push(`${foreign.status} ${foreign.error?.Code ?? "OK"}`);
    expect(observable(foreign, keyId)).toBe(observable(absent, missing));
    if (name === "DescribeKeys") {
      expect(foreign.status).toBe(dryRun ? 412 : 200);
      expect(foreign.text).not.toContain(keyId);
    } else {
      expect([foreign.status, foreign.error?.Code]).toEqual([404, "KeyNotFound"]);
    }
  });

  test("A's keys are not in the caller's list; A's blob opens under none of the caller's keys", async () => {
    const listed = await fixture.call("DescribeKeys", {}, options(caller, form));
    for (const keyId of Object.values(keys)) expect(listed.text).not.toContain(keyId);
    const own = await fixture.call(
      "DescribeKeys",
      {},
      { credentials: caller.credentials, region: caller.region },
    );
    const ownId = (own.body.KeySet as { KeyId: string }[])[0].KeyId;
    const garbage = Buffer.alloc(Buffer.from(blob, "base64").length, 7).toString("base64");
    const withBlob = await fixture.call(
      "Decrypt",
      { KeyId: ownId, CiphertextBlob: blob },
      options(caller, form),
    );
    const withGarbage = await fixture.call(
      "Decrypt",
      { KeyId: ownId, CiphertextBlob: garbage },
      options(caller, form),
    );
    expect(withBlob.error?.Code).toBe("InvalidCiphertext");
    expect(observable(withBlob, ownId)).toBe(observable(withGarbage, ownId));
  });
});

describe("aftermath", () => {
  test("every action was probed", () => {
    const probed = new Set(KEY_ACTIONS.map(([action]) => action.split(" ")[0]));
    expect([...probed].sort()).toEqual(ACTION_NAMES.filter((a) => a !== "CreateKey").sort());
  });

  test("A's keys, in both regions, are exactly as they were, and A (through either access key) still uses them", async () => {
    expect(await snapshotOfA()).toBe(before);
    for (const credentials of [A, A2]) {
      const decrypted = await fixture.call(
        "Decrypt",
        { KeyId: keys.Enabled, CiphertextBlob: blob },
        { credentials },
      );
      expect(decrypted.body.Plaintext).toBe("c2VjcmV0");
    }
    recordFigures("isolation", {
      probes,
      requests: probes * 2,
      outsiders: OUTSIDERS.length,
      signatureForms: FORMS.length,
      keyStates: STATES.length,
      identicalToMissingKey: identical,
      answers: tally(outcomes),
    });
    expect(probes).toBe(cases.length * KEY_ACTIONS.length * STATES.length);
    expect(identical).toBe(probes);
  });
});
