import { liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/** examples/key-basic, whole, through the offline engine (Pulumi's language host, ts-node and all) against kkms-local. */
const PROJECT = "kkms-key-basic";
const SECRETS = [`${PROJECT}:dbPassword`];
let run: ExampleRun;

beforeAll(async () => {
  run = await startExampleRun("key-basic");
});

afterAll(() => run.close());

const ops = (steps: { op: string; name: string }[]) =>
  Object.fromEntries(steps.filter((s) => s.op !== "same").map((s) => [s.name, s.op]));

test("up, up again, a config change, drift and its correction, destroy", async () => {
  const config = { [`${PROJECT}:dbPassword`]: "e2e-password" };
  let stack = run.open(config, SECRETS);

  const first = await stack.up();
  expect(ops(first.steps)).toEqual({
    "kkms-key-basic-e2e": "create",
    app: "create",
    reports: "create",
    archive: "create",
    "app-data-key": "create",
    "db-password": "create",
  });
  expect(first.outputs.keyStates.value).toEqual({ app: "Enabled", reports: "Enabled", archive: "Disabled" });
  expect(first.outputs.keysFound.value).toBe(3);
  expect(first.outputs.dataKeyPlaintext.secret).toBe(true);
  expect(first.outputs.sessionKeyBlob.secret).toBe(true);
  expect(first.outputs.dataKeyBlob.secret).toBe(false);
  const blob = String(first.outputs.dbPasswordBlob.value);
  const decrypted = await run.client.decrypt({
    keyId: String(first.outputs.appKeyId.value),
    ciphertextBlob: blob,
  });
  expect(decrypted.plaintext.toString()).toBe("e2e-password");

  run.emulator.resetMetrics();
  const again = await stack.up();
  expect(ops(again.steps)).toEqual({});
  // Only the invoke (a new session key every run) and the lookup call the API; no resource changes.
  expect(run.emulator.metrics().byAction).toEqual({ GenerateDataKey: 1, DescribeKeys: 1 });
  expect(again.outputs.dataKeyBlob.value).toBe(first.outputs.dataKeyBlob.value);
  expect(again.outputs.dbPasswordBlob.value).toBe(blob);

  stack = run.open(
    { ...config, [`${PROJECT}:appKeyName`]: "app-data-v2", [`${PROJECT}:reportsKeyState`]: "Disabled" },
    SECRETS,
  );
  const changed = await stack.up();
  expect(ops(changed.steps)).toEqual({ app: "update", reports: "update" });
  expect(changed.outputs.appKeyName.value).toBe("app-data-v2");
  expect(changed.outputs.appKeyId.value).toBe(first.outputs.appKeyId.value);
  expect(changed.outputs.keyStates.value).toEqual({
    app: "Enabled",
    reports: "Disabled",
    archive: "Disabled",
  });

  const archiveId = String(first.outputs.archiveKeyId.value);
  await run.client.modifyKey({ keyId: archiveId, keyName: "renamed-by-hand" });
  await run.client.modifyKeyState({ keyId: archiveId, keyState: "Enabled" });
  const refreshed = await stack.refresh();
  expect(refreshed.drift.map((d) => [d.name, d.changedOutputs.sort()])).toEqual([
    ["archive", ["keyName", "keyState"]],
  ]);
  const corrected = await stack.up();
  expect(ops(corrected.steps)).toEqual({ archive: "update" });
  const archive = (await run.client.describeKeys({ keyIds: [archiveId] })).keys[0];
  expect(archive.keyState).toBe("Disabled");
  expect(archive.keyName).not.toBe("renamed-by-hand");

  await stack.destroy();
  expect(await liveKeys(run.client)).toEqual([]);
  expect(stack.state().resources).toEqual([]);
});
