import * as pulumi from "@pulumi/pulumi";
import { Ciphertext, DataKey, Key } from "../../provider";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { blobDigestId } from "../../provider/runtime/blobDigestId";
import { KkmsClient } from "../../sdk";
import type { ProgramRuns } from "../helpers/programRuns";
import {
  fixturePrograms,
  killAllProviderHosts,
  startKkmsFixture,
  type KkmsFixture,
} from "./support/kkmsFixture";

/**
 * `Key.get`, `DataKey.get`, `Ciphertext.get` in a real program: a ReadResource that the engine turns into a Read
 * with the program's properties (its `__provider` included) as the state (step.go ReadStep.Apply), run through the
 * offline engine and the real dynamic-provider host.
 */
let fixture: KkmsFixture;
let programs: ProgramRuns;

beforeAll(async () => {
  fixture = await startKkmsFixture();
  programs = fixturePrograms(fixture);
});

afterAll(async () => {
  programs.dispose();
  await fixture.close();
  await killAllProviderHosts();
});

beforeEach(() => fixture.emulator.resetMetrics());

const calls = () => ({ ...fixture.emulator.metrics().byAction });
const MISSING = "0000aaaa-bbbb-cccc-dddd-eeeeffff0000";

describe("Key.get", () => {
  test("reads the live key with one DescribeKeys: its fields, keyId = id", async () => {
    const { key } = await fixture.client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
    fixture.emulator.resetMetrics();
    const run = await programs.run(() => {
      const fetched = Key.get("fetched", key.keyId);
      return { keyId: fetched.keyId, id: fetched.id, name: fetched.keyName, state: fetched.keyState };
    });
    expect(run.steps).toEqual({ fetched: "read" });
    expect(run.outputs).toEqual({ keyId: key.keyId, id: key.keyId, name: "made-by-hand", state: "Enabled" });
    expect(calls()).toEqual({ DescribeKeys: 1 });
  });

  test("a key in another region is read where state.region says", async () => {
    const shanghaiClient = new KkmsClient({
      endpoint: fixture.emulator.url,
      region: "cn-shanghai-2",
      credentials: DEVELOPMENT_ACCOUNT,
    });
    const shanghai = await shanghaiClient.createKey({ keyName: "far-away" });
    shanghaiClient.destroy();
    const run = await programs.run(() => {
      const fetched = Key.get("far", shanghai.key.keyId, { region: "cn-shanghai-2" });
      return { name: fetched.keyName, region: fetched.region };
    });
    expect(run.outputs).toEqual({ name: "far-away", region: "cn-shanghai-2" });
  });

  test("a missing id fails with an error naming the id and the region", async () => {
    await expect(programs.run(() => void Key.get("nothing", MISSING))).rejects.toThrow(
      `Key.get: the key ${MISSING} was not found in region cn-beijing-6`,
    );
  });

  test("a key in another region than the one looked in is missing too (KKMS answers it as not found)", async () => {
    const { key } = await fixture.client.createKey({ keyName: "beijing-only" });
    await expect(
      programs.run(() => void Key.get("elsewhere", key.keyId, { region: "cn-hongkong-2" })),
    ).rejects.toThrow(`the key ${key.keyId} was not found in region cn-hongkong-2`);
  });
});

describe("DataKey.get and Ciphertext.get", () => {
  let masterKeyId: string;

  beforeAll(async () => {
    masterKeyId = (await fixture.client.createKey({ keyName: "master-for-get" })).key.keyId;
  });

  test("DataKey.get: the plaintext back from Decrypt, as a secret, for the id of its blob", async () => {
    const made = await fixture.client.generateDataKey({ keyId: masterKeyId, keySpec: "AES128" });
    const id = blobDigestId("dk-", made.ciphertextBlob);
    fixture.emulator.resetMetrics();
    const run = await programs.run(() => {
      const dataKey = DataKey.get("shared-dk", id, {
        keyId: masterKeyId,
        ciphertextBlob: made.ciphertextBlob,
      });
      return { plaintext: dataKey.plaintext, secret: pulumi.isSecret(dataKey.plaintext) };
    });
    expect(run.outputs).toEqual({ plaintext: made.plaintext.toString("base64"), secret: true });
    expect(calls()).toEqual({ Decrypt: 1 });
  });

  test("Ciphertext.get: the UTF-8 plaintext back, as a secret", async () => {
    const { ciphertextBlob } = await fixture.client.encrypt({ keyId: masterKeyId, plaintext: "s3cr3t ✓" });
    const id = blobDigestId("ct-", ciphertextBlob);
    const run = await programs.run(() => {
      const ct = Ciphertext.get("shared-ct", id, { keyId: masterKeyId, ciphertextBlob });
      return { plaintext: ct.plaintext, blob: ct.ciphertextBlob, secret: pulumi.isSecret(ct.plaintext) };
    });
    expect(run.outputs).toEqual({ plaintext: "s3cr3t ✓", blob: ciphertextBlob, secret: true });
  });

  test("a DataKey.get or Ciphertext.get without state, with a blob of another id, or under a missing key fails naming the id", async () => {
    const made = await fixture.client.generateDataKey({ keyId: masterKeyId });
    const other = await fixture.client.generateDataKey({ keyId: masterKeyId });
    const sealed = await fixture.client.encrypt({ keyId: masterKeyId, plaintext: "sealed" });
    const resealed = await fixture.client.encrypt({ keyId: masterKeyId, plaintext: "sealed" });
    const dk = blobDigestId("dk-", made.ciphertextBlob);
    const ct = blobDigestId("ct-", sealed.ciphertextBlob);
    type State = pulumi.Unwrap<Parameters<typeof Ciphertext.get>[2]>;
    const dataKeyGet = (id: string) => (state: State) => DataKey.get("dk", id, state);
    const ciphertextGet = (id: string) => (state: State) => Ciphertext.get("ct", id, state);
    const cases: [(state: State) => unknown, State, string][] = [
      [
        dataKeyGet(dk),
        undefined,
        `DataKey.get: cannot read ${dk}: give state.keyId and state.ciphertextBlob`,
      ],
      [
        dataKeyGet(dk),
        { keyId: masterKeyId },
        `DataKey.get: cannot read ${dk}: give state.keyId and state.ciphertextBlob`,
      ],
      [
        dataKeyGet(dk),
        { keyId: masterKeyId, ciphertextBlob: other.ciphertextBlob },
        `DataKey.get: cannot read ${dk}: it is not the id of the ciphertextBlob given`,
      ],
      [
        dataKeyGet(dk),
        { keyId: MISSING, ciphertextBlob: made.ciphertextBlob },
        `DataKey.get: cannot read ${dk}: Decrypt under the key ${MISSING}`,
      ],
      [
        ciphertextGet(ct),
        undefined,
        `Ciphertext.get: cannot read ${ct}: give state.keyId and state.ciphertextBlob`,
      ],
      [
        ciphertextGet(ct),
        { ciphertextBlob: sealed.ciphertextBlob },
        `Ciphertext.get: cannot read ${ct}: give state.keyId and state.ciphertextBlob`,
      ],
      [
        ciphertextGet(ct),
        { keyId: masterKeyId, ciphertextBlob: resealed.ciphertextBlob },
        `Ciphertext.get: cannot read ${ct}: it is not the id of the ciphertextBlob given`,
      ],
      [
        ciphertextGet(ct),
        { keyId: MISSING, ciphertextBlob: sealed.ciphertextBlob },
        `Ciphertext.get: cannot read ${ct}: Decrypt under the key ${MISSING}`,
      ],
      // The id a DataKey would derive from the same blob: each class has its own prefix.
      [
        ciphertextGet(blobDigestId("dk-", sealed.ciphertextBlob)),
        { keyId: masterKeyId, ciphertextBlob: sealed.ciphertextBlob },
        `it is not the id of the ciphertextBlob given (that one is ${ct})`,
      ],
    ];
    for (const [read, state, message] of cases) {
      await expect(programs.run(() => void read(state))).rejects.toThrow(message);
    }
  });
});

test("isInstance is true only for the class itself", async () => {
  const run = await programs.run(() => {
    const key = new Key("typed", { keyName: "typed" });
    const dataKey = new DataKey("typed-dk", { keyId: key.keyId });
    const ciphertext = new Ciphertext("typed-ct", { keyId: key.keyId, plaintext: "x" });
    const all = [key, dataKey, ciphertext, "not a resource", undefined];
    return {
      key: all.map((r) => Key.isInstance(r)),
      dataKey: all.map((r) => DataKey.isInstance(r)),
      ciphertext: all.map((r) => Ciphertext.isInstance(r)),
    };
  });
  expect(run.outputs).toEqual({
    key: [true, false, false, false, false],
    dataKey: [false, true, false, false, false],
    ciphertext: [false, false, true, false, false],
  });
});
