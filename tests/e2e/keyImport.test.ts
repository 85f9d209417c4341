import { Ciphertext, DataKey, Key } from "../../provider";
import { isProviderHostError } from "../helpers/providerHostError";
import { createResource } from "../provider/support/engineSteps";
import {
  captureOne,
  killAllProviderHosts,
  PROJECT,
  startKkmsFixture,
  type KkmsFixture,
} from "../provider/support/kkmsFixture";

/**
 * The `import` resource option on a dynamic resource, as the engine really runs it: its ImportStep calls Read
 * with the import id alone — no inputs, no state (pkg/resource/deploy/step.go:1863-1871 at v3.248.0); the
 * plugin then sends no inputs and an empty Struct as the properties (sdk/go/common/resource/plugin/
 * provider_plugin.go:1517-1536). The dynamic-provider host looks for `__provider` only in those properties
 * (sdk/nodejs/cmd/dynamic-provider/index.ts:266-273 at v3.248.0, unchanged through v3.259.0), so no import of a dynamic resource can
 * work, on any @pulumi/pulumi version. What works instead: `adoptKeyId`, and `Key.get`
 * (tests/provider/keyAdoption.test.ts, resourceGet.test.ts).
 */
let fixture: KkmsFixture;

beforeAll(async () => {
  fixture = await startKkmsFixture();
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
});

const urnOf = (type: string, name: string) =>
  `urn:pulumi:test::${PROJECT}::pulumi-nodejs:dynamic/kkms:${type}::${name}`;

test.each(["Key", "DataKey", "Ciphertext"])(
  "the engine's import Read of a %s: the host fails with its own message, and calls nothing",
  async (type) => {
    const { key } = await fixture.client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
    fixture.emulator.resetMetrics();
    const answer = await fixture.host
      .read(urnOf(type, "imported"), key.keyId, {}, undefined)
      .catch((e: unknown) => e);
    expect(isProviderHostError(answer) && answer.details).toBe("code must be a string, not undefined");
    expect(fixture.emulator.metrics().total).toBe(0);
    expect((await fixture.client.describeKeys({ keyIds: [key.keyId] })).keys[0]).toMatchObject({
      keyName: "made-by-hand",
      description: "before Pulumi",
    });
  },
);

test.each([
  ["Key", () => new Key("imported", { keyName: "k" }, { import: "ID" }), "Use adoptKeyId"],
  ["DataKey", () => new DataKey("imported-dk", { keyId: "k" }, { import: "ID" }), "Use DataKey.get"],
  [
    "Ciphertext",
    () => new Ciphertext("imported-ct", { keyId: "k", plaintext: "p" }, { import: "ID" }),
    "Use Ciphertext.get",
  ],
])(
  "so a %s refuses { import } in the program, naming the option and what works instead",
  async (type, build, instead) => {
    await expect(captureOne(build)).rejects.toThrow(
      new RegExp(
        `^kkms\\.${type} "imported(-dk|-ct)?": the import option cannot work on a dynamic resource .*${instead}`,
      ),
    );
  },
);

test("what works instead: adoptKeyId manages that very key", async () => {
  const { key } = await fixture.client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
  const adopted = await createResource(
    fixture.host,
    await captureOne(
      () =>
        new Key("adopted", { adoptKeyId: key.keyId, keyName: "made-by-hand", description: "before Pulumi" }),
    ),
  );
  expect(adopted.id).toBe(key.keyId);
});
