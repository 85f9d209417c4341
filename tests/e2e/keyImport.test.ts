import * as pulumi from "@pulumi/pulumi";
import { OperationFailedError } from "../../offline-engine";
import { Ciphertext, DataKey, Key } from "../../provider";
import { runtimeShim } from "../../provider/providerShims";
import { IS_PULUMI_FLOOR } from "../helpers/pulumiVersion";
import { createResource } from "../provider/support/engineSteps";
import { captureOne, killAllProviderHosts, startKkmsFixture } from "../provider/support/kkmsFixture";
import { liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

/**
 * The `import` resource option on a dynamic resource, as the engine really runs it: its ImportStep calls Read
 * with the import id alone — no inputs, no state (pkg/resource/deploy/step.go:1863-1871 at v3.248.0) — and the
 * plugin then sends no properties at all (MarshalProperties of a nil state with PropagateNil is nil:
 * sdk/go/common/resource/plugin/rpc.go:77-80, provider_plugin.go:1529-1535). The dynamic-provider host looks for
 * `__provider` only in those properties (sdk/nodejs/cmd/dynamic-provider/index.ts:270-273 at v3.248.0): the 3.248
 * host fails on the missing properties themselves, later hosts on finding no `__provider` in them. So no import
 * of a dynamic resource can work, on any @pulumi/pulumi version, and the kkms resources refuse the option.
 */
/** The bare dynamic resource, without the Key class's refusal: what the engine would do to it. */
class BareDynamicKey extends pulumi.dynamic.Resource {}

const HOST_FAILURE = IS_PULUMI_FLOOR
  ? /Cannot read properties of undefined \(reading 'toJavaScript'\)/
  : /code must be a string/;

describe("through the offline engine's import step", () => {
  let run: ExampleRun;

  beforeAll(async () => {
    run = await startExampleRun("key-basic");
  });

  afterAll(() => run.close());

  test("a dynamic kkms resource cannot be imported: the host finds no __provider, nothing is called or adopted", async () => {
    const { key } = await run.client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
    run.emulator.resetMetrics();
    const program = () => {
      const imported = new BareDynamicKey(
        runtimeShim("keyProvider"),
        "imported",
        { keyName: "made-by-hand", description: "before Pulumi" },
        { import: key.keyId },
        "kkms",
        "Key",
      );
      return { id: imported.id };
    };
    const stack = run.openInline(program, "kkms-import");
    const error = await stack.up().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).message).toMatch(HOST_FAILURE);
    expect(run.emulator.metrics().total).toBe(0);
    expect(await liveKeys(run.client)).toEqual(["made-by-hand"]);
    expect(stack.state().resources.map((resource) => resource.urn)).not.toContainEqual(
      expect.stringContaining("::imported"),
    );
  });
});

describe("at the program and the provider host", () => {
  afterAll(killAllProviderHosts);

  test.each([
    ["Key", () => new Key("imported", { keyName: "k" }, { import: "ID" }), "Use adoptKeyId"],
    ["DataKey", () => new DataKey("imported-dk", { keyId: "k" }, { import: "ID" }), "Use DataKey.get"],
    [
      "Ciphertext",
      () => new Ciphertext("imported-ct", { keyId: "k", plaintext: "p" }, { import: "ID" }),
      "Use Ciphertext.get",
    ],
  ])(
    "a %s refuses { import } in the program, naming the option and what works instead",
    async (type, build, instead) => {
      await expect(captureOne(build)).rejects.toThrow(
        new RegExp(
          `^kkms\\.${type} "imported(-dk|-ct)?": the import option cannot work on a dynamic resource .*${instead}`,
        ),
      );
    },
  );

  test("what works instead: adoptKeyId manages that very key", async () => {
    const fixture = await startKkmsFixture();
    try {
      const { key } = await fixture.client.createKey({
        keyName: "made-by-hand",
        description: "before Pulumi",
      });
      const adopted = await createResource(
        fixture.host,
        await captureOne(
          () =>
            new Key("adopted", {
              adoptKeyId: key.keyId,
              keyName: "made-by-hand",
              description: "before Pulumi",
            }),
        ),
      );
      expect(adopted.id).toBe(key.keyId);
    } finally {
      await fixture.close();
    }
  });
});
