import * as kkms from "../../provider";
import { IS_PULUMI_FLOOR } from "../helpers/pulumiVersion";
import { liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

/**
 * Adopting a key made outside Pulumi with the `import` resource option. The engine then calls Read with the id
 * and the program's inputs but no state: the 3.248 host cannot find `__provider` there and fails (as the
 * README says); newer hosts fall back to the inputs, and the key is adopted through our read.
 */
let run: ExampleRun;

beforeAll(async () => {
  run = await startExampleRun("key-basic", "kkms-import");
});

afterAll(() => run.close());

test(
  IS_PULUMI_FLOOR ? "import fails on the 3.248 host with its own message" : "import adopts an existing key",
  async () => {
    const { key } = await run.client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
    const program = () => {
      const adopted = new kkms.Key(
        "adopted",
        { keyName: "made-by-hand", description: "before Pulumi" },
        { import: key.keyId },
      );
      return { keyId: adopted.keyId, keyState: adopted.keyState };
    };
    const stack = await run.open();
    if (IS_PULUMI_FLOOR) {
      await expect(stack.up(program)).rejects.toThrow(/code must be a string/);
      expect(await liveKeys(run.client)).toEqual(["made-by-hand"]);
      return;
    }
    run.emulator.resetMetrics();
    const imported = await stack.up(program);
    expect(imported.steps.find((s) => s.name === "adopted")?.op).toBe("import");
    expect(imported.outputs.keyId.value).toBe(key.keyId);
    expect(run.emulator.metrics().byAction).toEqual({ DescribeKeys: 1 });
    expect((await stack.up(program)).steps.find((s) => s.name === "adopted")?.op).toBe("same");
    await stack.destroy();
    expect(await liveKeys(run.client)).toEqual([]);
  },
);
