import * as dynamic from "../../provider";
import * as kkms from "../../provider/native";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../emulator";
import { findResource } from "../../offline-engine";
import { KkmsClient } from "../../sdk";
import type { ProgramRuns } from "../helpers/programRuns";
import { killAllProviderHosts } from "../provider/support/kkmsFixture";
import { nativeConfig, nativeStacks } from "./support/nativeStacks";

/**
 * The README's "Moving a stack from the dynamic Key to the native one", step by step, through the offline engine:
 * the key is imported into a native `kkms:index:Key` (the `import` option) beside the dynamic one, the dynamic one is
 * dropped from the state (`state delete`), and it leaves the program. kkms-local counts every call: the key is never
 * deleted, disabled, recreated or changed.
 */
let emulator: RunningEmulator;
let client: KkmsClient;
let programs: ProgramRuns;

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true });
  client = new KkmsClient({ endpoint: emulator.url, credentials: DEVELOPMENT_ACCOUNT });
  programs = nativeStacks(nativeConfig(emulator));
});

afterAll(async () => {
  programs.dispose();
  client.destroy();
  await emulator.close();
  await killAllProviderHosts();
});

const ARGS = { keyName: "app-data", description: "application data" };

test("a dynamic Key moves to the native Key: import, state delete, no change after, the key never deleted", async () => {
  // The stack as it was: a dynamic Key.
  const before = await programs.run(() => void new dynamic.Key("app", ARGS), { stack: "migrate" });
  const stack = before.stack;
  const dynamicKey = findResource(stack.state(), "app");
  const keyId = dynamicKey?.id as string;
  expect(dynamicKey?.type).toBe("pulumi-nodejs:dynamic/kkms:Key");
  emulator.resetMetrics();

  // 1-2. Its KeyId (the dynamic Key's id) imported into a native Key with the live name; the dynamic one stays.
  const imported = await programs.run(
    () => {
      new dynamic.Key("app", ARGS);
      new kkms.Key("app", ARGS, { import: keyId });
    },
    { stack: "migrate" },
  );
  const ops = imported.result.steps.filter((s) => s.name === "app").map((s) => [s.type, s.op]);
  expect(ops.sort()).toEqual([
    ["kkms:index:Key", "import"],
    ["pulumi-nodejs:dynamic/kkms:Key", "same"],
  ]);

  // 3. The dynamic Key dropped from the state, then from the program.
  await stack.stateDelete(dynamicKey?.urn as string);
  const after = await programs.run(() => void new kkms.Key("app", ARGS, { import: keyId }), {
    stack: "migrate",
  });
  expect(Object.values(after.steps)).toEqual(["same"]);
  const native = stack.state().resources.filter((r) => r.urn.endsWith("::app"));
  expect(native.map((r) => [r.type, r.id])).toEqual([["kkms:index:Key", keyId]]);

  // 4. Nothing changed the key: no create, delete, state change or modification, at any step.
  const { keys } = await client.describeKeys({ keyIds: [keyId] });
  expect(keys.map((k) => [k.keyName, k.description, k.keyState])).toEqual([
    ["app-data", "application data", "Enabled"],
  ]);
  const actions = emulator.metrics().byAction;
  for (const action of ["CreateKey", "DeleteKey", "ModifyKeyState", "ModifyKey"]) {
    expect([action, actions[action] ?? 0]).toEqual([action, 0]);
  }

  // And from now on the native resource manages it: a change is an update of that very key.
  const changed = await programs.run(
    () => void new kkms.Key("app", { ...ARGS, description: "managed natively" }, { import: keyId }),
    { stack: "migrate" },
  );
  expect(changed.steps).toEqual({ app: "update" });
  expect((await client.describeKeys({ keyIds: [keyId] })).keys[0].description).toBe("managed natively");
});
