import { Ciphertext, DataKey, Key, type KeyArgs } from "../../provider";
import { runProgram } from "./support/engineProgram";
import { killAllProviderHosts, startKkmsFixture, type KkmsFixture } from "./support/kkmsFixture";

/**
 * Previews tell what `up` will do. A real program runs against the real provider host under the engine's
 * preview rules (tests/provider/support/engineProgram.ts: for a provider without preview support the outputs of
 * a previewed create or update are its checked inputs, and every output absent from them is unknown). A Key
 * changed in place keeps its id, so its dependents see the same keyId; a replaced Key has no id yet, so its
 * dependents are replaced too.
 */
let fixture: KkmsFixture;

beforeAll(async () => {
  fixture = await startKkmsFixture();
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
});

const stack = (named: KeyArgs, auto: KeyArgs) => () => {
  const key = new Key("app", named);
  const autoNamed = new Key("auto", auto);
  // Dependents follow the key's region: a DataKey must be made where its master key lives.
  new DataKey("app-dk", { keyId: key.keyId, region: key.region });
  new Ciphertext("app-ct", { keyId: key.keyId, plaintext: "hello", region: key.region });
  new DataKey("auto-dk", { keyId: autoNamed.keyId, region: autoNamed.region });
  return { keyId: key.keyId, autoKeyId: autoNamed.keyId };
};

let stacks = 0;

/** A fresh stack (its own URNs) deployed with a real `up`; later runs pass the same stack name. */
async function deployed() {
  const name = `stack-${++stacks}`;
  const run = await runProgram(fixture.host, stack({ keyName: "app" }, {}), { stack: name });
  return { stack: name, prior: run.states, ...run.outputs };
}

test("an in-place change previews the Key as update and its DataKeys and Ciphertext as unchanged, as up does", async () => {
  const { stack: name, prior, keyId, autoKeyId } = await deployed();
  const changed = stack({ keyName: "app-renamed", keyState: "Disabled" }, { description: "now described" });
  const preview = await runProgram(fixture.host, changed, { stack: name, prior, preview: true });
  expect(preview.steps).toEqual({
    app: "update",
    auto: "update",
    "app-dk": "same",
    "app-ct": "same",
    "auto-dk": "same",
  });
  expect(preview.outputs).toEqual({ keyId, autoKeyId });

  fixture.emulator.resetMetrics();
  const up = await runProgram(fixture.host, changed, { stack: name, prior });
  expect(up.steps).toEqual(preview.steps);
  expect(fixture.emulator.metrics().byAction).toEqual({ ModifyKey: 2, ModifyKeyState: 1 });
});

test("a replacing change (region) previews the Key and everything using its keyId as replace, as up does", async () => {
  const { stack: name, prior } = await deployed();
  const moved = stack({ keyName: "app", region: "cn-shanghai-2" }, {});
  const preview = await runProgram(fixture.host, moved, { stack: name, prior, preview: true });
  expect(preview.steps).toEqual({
    app: "replace",
    auto: "same",
    "app-dk": "replace",
    "app-ct": "replace",
    "auto-dk": "same",
  });
  expect(preview.outputs).toBeUndefined(); // unknown: the new key has no id before it exists

  const up = await runProgram(fixture.host, moved, { stack: name, prior });
  expect(up.steps).toEqual(preview.steps);
});

test("a preview of a new stack knows no keyId: its dependents are created", async () => {
  const preview = await runProgram(fixture.host, stack({ keyName: "fresh" }, {}), { preview: true });
  expect(preview.steps).toEqual({
    app: "create",
    auto: "create",
    "app-dk": "create",
    "app-ct": "create",
    "auto-dk": "create",
  });
  expect(preview.outputs).toBeUndefined(); // unknown
});
