import * as kkms from "../../provider";
import { OperationFailedError } from "../../offline-engine";
import { IS_PULUMI_FLOOR } from "../helpers/pulumiVersion";
import { liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

/**
 * Adopting a key made outside Pulumi with the `import` resource option, through the engine's import path: the
 * engine calls Read with the id and neither inputs nor state (pkg/resource/deploy/step.go ImportStep at v3.248.0).
 * The dynamic-provider host looks for the serialized provider in a state it was not given, on every version, and
 * fails — the 3.248 host on the missing properties themselves, newer hosts on finding no `__provider` in them —
 * so nothing is adopted and the key is left alone.
 */
const HOST_FAILURE = IS_PULUMI_FLOOR
  ? /Cannot read properties of undefined \(reading 'toJavaScript'\)/
  : /code must be a string/;
let run: ExampleRun;

beforeAll(async () => {
  run = await startExampleRun("key-basic");
});

afterAll(() => run.close());

test("import fails: the engine's Read carries no state for the dynamic-provider host to find __provider in", async () => {
  const { key } = await run.client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
  const program = () => {
    const adopted = new kkms.Key(
      "adopted",
      { keyName: "made-by-hand", description: "before Pulumi" },
      { import: key.keyId },
    );
    return { keyId: adopted.keyId, keyState: adopted.keyState };
  };
  const stack = run.openInline(program, "kkms-import");
  const error = await stack.up().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OperationFailedError);
  expect((error as OperationFailedError).message).toMatch(HOST_FAILURE);
  expect(await liveKeys(run.client)).toEqual(["made-by-hand"]);
  expect(stack.state().resources.map((resource) => resource.urn)).not.toContainEqual(
    expect.stringContaining("::adopted"),
  );
});
