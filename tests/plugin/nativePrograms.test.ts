import * as fs from "fs";

import * as pulumi from "@pulumi/pulumi";

import * as kkms from "../../provider/native";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../emulator";
import { findResource, type ResourceState, type Stack } from "../../offline-engine";
import { isSecret, stripSecrets, type PropertyValue } from "../../offline-engine/providers/secrets";
import { KkmsClient } from "../../sdk";
import type { ProgramRuns } from "../helpers/programRuns";
import { killAllProviderHosts } from "../provider/support/kkmsFixture";
import { maskSecrets } from "../reliability/support/secretScan";
import { nativeConfig, nativeStacks } from "./support/nativeStacks";

/**
 * Whole TypeScript programs on pulumi-kkms/native through the offline engine: the SDK's real language host, the
 * engine's steps, and the built plugin `pulumi-resource-kkms` serving every `kkms` provider (the default one from
 * the `kkms:` stack config, explicit ones from their inputs), against kkms-local with two accounts.
 */
const OTHER_ACCOUNT = {
  accountId: "200000000002",
  accessKeyId: "AKLTNATIVEOTHER",
  secretAccessKey: "native-other-secret",
};
const SHANGHAI = "cn-shanghai-2";

let emulator: RunningEmulator;
let programs: ProgramRuns;
const clients: KkmsClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true, accounts: [DEVELOPMENT_ACCOUNT, OTHER_ACCOUNT] });
  programs = nativeStacks(nativeConfig(emulator));
});

afterAll(async () => {
  programs.dispose();
  for (const client of clients) client.destroy();
  await emulator.close();
  await killAllProviderHosts();
});

beforeEach(() => emulator.resetMetrics());

function clientFor(credentials = DEVELOPMENT_ACCOUNT, region = "cn-beijing-6"): KkmsClient {
  const client = new KkmsClient({ endpoint: emulator.url, region, credentials });
  clients.push(client);
  return client;
}

async function keyState(keyId: string, client = clientFor()): Promise<string | undefined> {
  return (await client.describeKeys({ keyIds: [keyId] })).keys[0]?.keyState;
}

const calls = () => ({ ...emulator.metrics().byAction });

function resource(stack: Stack, name: string): ResourceState {
  const found = findResource(stack.state(), name);
  if (!found) throw new Error(`no ${name} in the state`);
  return found;
}

/** The default `kkms` provider's state: the engine names it `default` or `default_<version>`. */
function defaultProvider(stack: Stack): ResourceState {
  const found = stack
    .state()
    .resources.find((r) => r.type === "pulumi:providers:kkms" && /::default(_[\w-]+)?$/.test(r.urn));
  if (!found) throw new Error("no default kkms provider in the state");
  return found;
}

describe("a Key, its DataKey and a Ciphertext", () => {
  const program = (keyName: string) => () => {
    const key = new kkms.Key("app", { keyName, description: "native" });
    const dataKey = new kkms.DataKey("app-dk", { keyId: key.keyId, numberOfBytes: 16 });
    const ciphertext = new kkms.Ciphertext("app-ct", { keyId: key.keyId, plaintext: "s3cret text" });
    return { keyId: key.keyId, dataKeyPlaintext: dataKey.plaintext, blob: ciphertext.ciphertextBlob };
  };
  let stack: Stack;
  let keyId: string;

  test("up creates them; every plaintext is a secret in the state and in the outputs", async () => {
    const run = await programs.run(program("app-v1"), { stack: "lifecycle" });
    stack = run.stack;
    keyId = run.outputs.keyId;
    expect(run.steps).toEqual({ app: "create", "app-dk": "create", "app-ct": "create" });
    expect(await keyState(keyId)).toBe("Enabled");
    expect(await pulumi.isSecret(run.returned.dataKeyPlaintext)).toBe(true);
    const dataKey = resource(stack, "app-dk");
    const ciphertext = resource(stack, "app-ct");
    expect(isSecret(dataKey.outputs.plaintext)).toBe(true);
    expect(isSecret(ciphertext.outputs.plaintext)).toBe(true);
    expect(isSecret(ciphertext.inputs.plaintext)).toBe(true);
    const decrypted = await clientFor().decrypt({ keyId, ciphertextBlob: run.outputs.blob });
    expect(decrypted.plaintext.toString()).toBe("s3cret text");
    // Outside the secret wrappers the state file holds neither plaintext.
    const masked = JSON.stringify(maskSecrets(JSON.parse(fs.readFileSync(stack.stateFile, "utf8"))));
    expect(masked).not.toContain("s3cret text");
    expect(masked).not.toContain(String(stripSecrets(dataKey.outputs.plaintext as PropertyValue)));
  });

  test("a rename previews the DataKey and the Ciphertext as unchanged; up updates only the Key", async () => {
    const preview = await programs.run(program("app-v2"), { stack: "lifecycle", preview: true });
    expect(preview.steps).toEqual({ app: "update", "app-dk": "same", "app-ct": "same" });
    // supportsPreview and keyId among the stables: the preview knows the keyId the dependents use.
    expect(preview.outputs.keyId).toBe(keyId);
    expect(calls()).toEqual({});

    const up = await programs.run(program("app-v2"), { stack: "lifecycle" });
    expect(up.steps).toEqual(preview.steps);
    expect(calls()).toEqual({ ModifyKey: 1 });
    expect((await clientFor().describeKeys({ keyIds: [keyId] })).keys[0].keyName).toBe("app-v2");
  });

  test("destroy schedules the key's deletion and empties the state", async () => {
    await stack.destroy();
    expect(await keyState(keyId)).toBe("PendingDeletion");
    expect(stack.state().resources).toEqual([]);
  });
});

describe("the default provider, from the kkms: stack config", () => {
  test("its inputs in the state are the stack config: the secret key a secret, never in plain text", async () => {
    const { stack } = await programs.run(() => void new kkms.Key("configured", { keyName: "configured" }), {
      stack: "default-provider",
    });
    const provider = defaultProvider(stack);
    expect(provider.inputs.accessKeyId).toBe(DEVELOPMENT_ACCOUNT.accessKeyId);
    expect(provider.inputs.endpoint).toBe(emulator.url);
    expect(provider.inputs.region).toBe("cn-beijing-6");
    expect(provider.inputs.secretAccessKey).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: DEVELOPMENT_ACCOUNT.secretAccessKey,
    });
    const raw = fs.readFileSync(stack.stateFile, "utf8");
    expect(JSON.stringify(maskSecrets(JSON.parse(raw)))).not.toContain(DEVELOPMENT_ACCOUNT.secretAccessKey);
    await stack.destroy();
  });

  test("a region change (DiffConfig) replaces the keys that follow it", async () => {
    const program = () => {
      const key = new kkms.Key("follows", { keyName: "follows-the-provider" });
      return { keyId: key.keyId, region: key.region };
    };
    const first = await programs.run(program, { stack: "region-change" });
    expect(first.outputs.region).toBe("cn-beijing-6");
    const moved = await programs.run(program, {
      stack: "region-change",
      config: { "kkms:region": SHANGHAI },
    });
    expect(moved.steps).toEqual({ follows: "replace" });
    expect(moved.outputs.region).toBe(SHANGHAI);
    expect(await keyState(moved.outputs.keyId, clientFor(DEVELOPMENT_ACCOUNT, SHANGHAI))).toBe("Enabled");
    expect(await keyState(first.outputs.keyId)).toBe("PendingDeletion");
    expect(defaultProvider(moved.stack).inputs.region).toBe(SHANGHAI);
    await moved.stack.destroy();
  });
});

test("two explicit providers, another account and another region, each see and change only their own keys", async () => {
  const program = (description: string) => () => {
    const other = new kkms.Provider("other-account", {
      endpoint: emulator.url,
      region: "cn-beijing-6",
      accessKeyId: OTHER_ACCOUNT.accessKeyId,
      secretAccessKey: OTHER_ACCOUNT.secretAccessKey,
    });
    const shanghai = new kkms.Provider("shanghai", {
      endpoint: emulator.url,
      region: SHANGHAI,
      accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId,
      secretAccessKey: DEVELOPMENT_ACCOUNT.secretAccessKey,
    });
    const args = { keyName: "same-name", description };
    return {
      mine: new kkms.Key("mine", args).keyId,
      theirs: new kkms.Key("theirs", args, { provider: other }).keyId,
      far: new kkms.Key("far", args, { provider: shanghai }).keyId,
    };
  };
  const views = {
    mine: clientFor(),
    theirs: clientFor(OTHER_ACCOUNT),
    far: clientFor(DEVELOPMENT_ACCOUNT, SHANGHAI),
  };
  const seen = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(views).map(async ([name, client]) => {
          const { keys } = await client.describeKeys();
          const live = keys.filter((k) => k.keyState !== "PendingDeletion" && k.keyName === "same-name");
          return [name, live.map((k) => [k.keyId, k.description])];
        }),
      ),
    );

  const first = await programs.run(program("v1"), { stack: "providers" });
  const ids = first.outputs;
  expect(new Set(Object.values(ids)).size).toBe(3);
  expect(await seen()).toEqual({
    mine: [[ids.mine, "v1"]],
    theirs: [[ids.theirs, "v1"]],
    far: [[ids.far, "v1"]],
  });

  const second = await programs.run(program("v2"), { stack: "providers" });
  expect(second.steps).toMatchObject({ mine: "update", theirs: "update", far: "update" });
  expect(await seen()).toEqual({
    mine: [[ids.mine, "v2"]],
    theirs: [[ids.theirs, "v2"]],
    far: [[ids.far, "v2"]],
  });
  // Each explicit provider keeps its own credentials in the state, the secret key a secret.
  expect(isSecret(resource(second.stack, "other-account").inputs.secretAccessKey)).toBe(true);

  await second.stack.destroy();
  expect(await seen()).toEqual({ mine: [], theirs: [], far: [] });
  expect(second.stack.state().resources).toEqual([]);
});

test("the import option adopts an existing key: read with its id alone, then managed", async () => {
  const client = clientFor();
  const { key } = await client.createKey({ keyName: "made-by-hand", description: "before Pulumi" });
  emulator.resetMetrics();
  const program = (description: string) => () =>
    void new kkms.Key("adopted", { keyName: "made-by-hand", description }, { import: key.keyId });
  const imported = await programs.run(program("before Pulumi"), { stack: "import" });
  expect(imported.steps).toEqual({ adopted: "import" });
  expect(calls()).toEqual({ DescribeKeys: 1 });
  const state = resource(imported.stack, "adopted");
  expect(state.id).toBe(key.keyId);
  expect(state.importId).toBe(key.keyId);
  expect(stripSecrets(state.outputs)).toMatchObject({ keyId: key.keyId, keyName: "made-by-hand" });

  const changed = await programs.run(program("managed now"), { stack: "import" });
  expect(changed.steps).toEqual({ adopted: "update" });
  expect((await client.describeKeys({ keyIds: [key.keyId] })).keys[0].description).toBe("managed now");
  await changed.stack.destroy();
  expect(await keyState(key.keyId)).toBe("PendingDeletion");
});
