import { Ciphertext, DataKey, Key, type KeyArgs } from "../../provider";
import type { ProgramRuns } from "../helpers/programRuns";
import {
  fixturePrograms,
  killAllProviderHosts,
  startKkmsFixture,
  type KkmsFixture,
} from "./support/kkmsFixture";

/**
 * Previews tell what `up` will do. A real program runs through the offline engine (the real language host, the
 * dynamic-provider host): for a provider without preview support the outputs of a previewed create or update are
 * its checked inputs, and every output absent from them is unknown (provider_plugin.go:1403-1404 and 1675-1676,
 * step.go:414-430 at v3.248.0). A Key
 * changed in place keeps its id, so its dependents see the same keyId; a replaced Key has no id yet, so its
 * dependents are replaced too.
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
  const run = await programs.run(stack({ keyName: "app" }, {}), { stack: name });
  return { stack: name, ...run.outputs };
}

test("an in-place change previews the Key as update and its DataKeys and Ciphertext as unchanged, as up does", async () => {
  const { stack: name, keyId, autoKeyId } = await deployed();
  const changed = stack({ keyName: "app-renamed", keyState: "Disabled" }, { description: "now described" });
  const preview = await programs.run(changed, { stack: name, preview: true });
  expect(preview.steps).toEqual({
    app: "update",
    auto: "update",
    "app-dk": "same",
    "app-ct": "same",
    "auto-dk": "same",
  });
  expect(preview.outputs).toEqual({ keyId, autoKeyId });

  fixture.emulator.resetMetrics();
  const up = await programs.run(changed, { stack: name });
  expect(up.steps).toEqual(preview.steps);
  expect(fixture.emulator.metrics().byAction).toEqual({ ModifyKey: 2, ModifyKeyState: 1 });
});

test("a replacing change (region) previews the Key and everything using its keyId as replace, as up does", async () => {
  const { stack: name } = await deployed();
  const moved = stack({ keyName: "app", region: "cn-shanghai-2" }, {});
  const preview = await programs.run(moved, { stack: name, preview: true });
  expect(preview.steps).toEqual({
    app: "replace",
    auto: "same",
    "app-dk": "replace",
    "app-ct": "replace",
    "auto-dk": "same",
  });
  expect(preview.outputs).toBeUndefined(); // unknown: the new key has no id before it exists

  const up = await programs.run(moved, { stack: name });
  expect(up.steps).toEqual(preview.steps);
});

test("a preview of a new stack knows no keyId: its dependents are created", async () => {
  const preview = await programs.run(stack({ keyName: "fresh" }, {}), { preview: true });
  expect(preview.steps).toEqual({
    app: "create",
    auto: "create",
    "app-dk": "create",
    "app-ct": "create",
    "auto-dk": "create",
  });
  expect(preview.outputs).toBeUndefined(); // unknown
});
