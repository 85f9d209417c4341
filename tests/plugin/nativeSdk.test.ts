import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "../../provider";
import * as kkms from "../../provider/native";
import { CIPHERTEXT_INPUTS, CIPHERTEXT_OUTPUTS } from "../../provider/native/ciphertext";
import { DATA_KEY_INPUTS, DATA_KEY_OUTPUTS } from "../../provider/native/dataKey";
import { KEY_INPUTS, KEY_OUTPUTS } from "../../provider/native/key";
import schema from "../../provider/plugin/schema.json";
import { blobDigestId } from "../../provider/runtime/blobDigestId";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../emulator";
import { isSecret } from "../../offline-engine/providers/secrets";
import { KkmsClient } from "../../sdk";
import { ProgramRuns } from "../helpers/programRuns";
import { recordInvokes, type CapturedInvoke } from "../../offline-engine/capture/recordRegistrations";
import { killAllProviderHosts } from "../provider/support/kkmsFixture";
import { nativeConfig, nativeStacks } from "./support/nativeStacks";

/**
 * pulumi-kkms/native, the TypeScript SDK of the plugin: what it registers and invokes, as the engine receives it
 * (programs run through the offline engine, the requests recorded on the SDK's own monitor client), and a whole
 * program on it, its resources and functions served by the plugin.
 */
const manifest = require("../../package.json") as { version: string };

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

describe("the SDK's shape, as Pulumi's codegen shapes one", () => {
  test("types, isInstance per class, get and the Provider", async () => {
    const { key } = await client.createKey({ keyName: "existing" });
    const { resources } = await programs.run(() => {
      const k = new kkms.Key("k", { keyName: "n" });
      const dataKey = new kkms.DataKey("d", { keyId: k.keyId });
      const provider = new kkms.Provider("p", {
        region: "cn-shanghai-2",
        endpoint: emulator.url,
        accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId,
        secretAccessKey: "sk",
        maxAttempts: 4,
      });
      expect(kkms.Key.isInstance(k)).toBe(true);
      expect(kkms.Key.isInstance(dataKey)).toBe(false);
      expect(kkms.DataKey.isInstance(k)).toBe(false);
      expect(kkms.Provider.isInstance(provider)).toBe(true);
      expect(kkms.Key.isInstance(new dynamic.Key("dyn", { keyName: "dyn" }))).toBe(false);
      kkms.Key.get("existing", key.keyId);
    });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
    expect(byName.k.type).toBe("kkms:index:Key");
    expect(byName.d.type).toBe("kkms:index:DataKey");
    expect(byName.d.options.additionalSecretOutputs).toEqual(["plaintext"]);
    expect(byName.p.type).toBe("pulumi:providers:kkms");
    expect(isSecret(byName.p.wireInputs.secretAccessKey)).toBe(true);
    expect(byName.p.wireInputs.maxAttempts).toBe("4");
    expect(byName.existing).toMatchObject({ kind: "read", type: "kkms:index:Key", id: key.keyId });
  });

  test("a Key's inputs are sent as given, adoptKeyId included", async () => {
    const { key } = await client.createKey({ keyName: "legacy", description: "kept" });
    const { resources } = await programs.run(
      () => new kkms.Key("adopted", { adoptKeyId: key.keyId, keyName: "legacy", description: "kept" }),
    );
    expect(resources[0].wireInputs).toEqual({
      adoptKeyId: key.keyId,
      keyName: "legacy",
      description: "kept",
    });
  });

  test("a Ciphertext's plaintext is sent as a secret even when given plain", async () => {
    const { key } = await client.createKey({ keyName: "for-ciphertext" });
    const { resources } = await programs.run(
      () => new kkms.Ciphertext("c", { keyId: key.keyId, plaintext: "plain" }),
    );
    expect(isSecret(resources[0].wireInputs.plaintext)).toBe(true);
    expect(resources[0].options.additionalSecretOutputs).toEqual(["plaintext"]);
  });

  test("functions invoke kkms:index:…; the SDK asks for the package's own plugin version", async () => {
    const { key } = await client.createKey({ keyName: "for-functions" });
    const { ciphertextBlob } = await client.encrypt({ keyId: key.keyId, plaintext: "p" });
    const calls: CapturedInvoke[] = [];
    await programs.run(async () => {
      recordInvokes((call) => calls.push(call));
      await kkms.getKey({ keyId: key.keyId });
      await kkms.getKeys({ keyState: "Enabled" });
      await kkms.generateDataKey({ keyId: key.keyId });
      await kkms.decrypt({ keyId: key.keyId, ciphertextBlob });
      await kkms.encrypt({ keyId: key.keyId, plaintext: "p" });
    });
    expect(calls.map((c) => c.token)).toEqual([
      "kkms:index:getKey",
      "kkms:index:getKeys",
      "kkms:index:generateDataKey",
      "kkms:index:decrypt",
      "kkms:index:encrypt",
    ]);
    expect(calls[0].args).toEqual({ keyId: key.keyId });
    expect(kkms.Key.__pulumiType).toBe("kkms:index:Key");
    expect(require("../../provider/native/utilities").resourceOptsDefaults()).toEqual({
      version: manifest.version,
    });
  });

  test.each([
    ["kkms:index:Key", KEY_INPUTS, KEY_OUTPUTS],
    ["kkms:index:DataKey", DATA_KEY_INPUTS, DATA_KEY_OUTPUTS],
    ["kkms:index:Ciphertext", CIPHERTEXT_INPUTS, CIPHERTEXT_OUTPUTS],
  ] as const)(
    "%s sends the schema's input names, and its outputs as get's state",
    (token, inputs, outputs) => {
      // The constructors send exactly these names: a property the schema gains or loses must change them too.
      const spec = schema.resources[token];
      const sorted = (names: readonly string[]) => [...names].sort();
      expect(sorted(inputs)).toEqual(sorted(Object.keys(spec.inputProperties)));
      expect(sorted(outputs)).toEqual(sorted(Object.keys(spec.properties)));
      expect(sorted(outputs)).toEqual(sorted(Object.keys(spec.stateInputs.properties)));
    },
  );

  test("typed config getters read the kkms: stack config, then the environment", async () => {
    const bare = new ProgramRuns({
      project: "kkms-native",
      config: { "kkms:region": "cn-hongkong-2", "kkms:maxAttempts": "7" },
    });
    try {
      const { outputs } = await bare.run(() => ({
        region: kkms.config.region,
        maxAttempts: kkms.config.maxAttempts,
        endpoint: kkms.config.endpoint ?? "none",
      }));
      expect(outputs).toEqual({ region: "cn-hongkong-2", maxAttempts: 7, endpoint: "none" });
    } finally {
      bare.dispose();
    }
  });
});

describe("a program on pulumi-kkms/native, served by the plugin", () => {
  test("keys in two regions through an explicit provider; data key, ciphertext, get, and every …Output function", async () => {
    // A data key and a blob made outside the program, for DataKey.get and Ciphertext.get to read.
    const { key: elsewhere } = await client.createKey({ keyName: "made-elsewhere" });
    const made = await client.generateDataKey({ keyId: elsewhere.keyId, numberOfBytes: 16 });
    const { ciphertextBlob: madeBlob } = await client.encrypt({
      keyId: elsewhere.keyId,
      plaintext: "from elsewhere",
    });
    const { outputs } = await programs.run(() => {
      const shanghai = new kkms.Provider("shanghai", {
        region: "cn-shanghai-2",
        endpoint: emulator.url,
        accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId,
        secretAccessKey: DEVELOPMENT_ACCOUNT.secretAccessKey,
      });
      const app = new kkms.Key("app", { keyName: "native-app" });
      const archive = new kkms.Key("archive", { keyName: "native-archive" }, { provider: shanghai });
      const dataKey = new kkms.DataKey("app-data", { keyId: app.keyId, numberOfBytes: 16 });
      const password = new kkms.Ciphertext("password", { keyId: app.keyId, plaintext: "s3cret" });
      const opened = kkms.decryptOutput({ keyId: app.keyId, ciphertextBlob: password.ciphertextBlob });
      const found = kkms.getKeyOutput({ keyId: archive.keyId }, { provider: shanghai });
      const listed = kkms.getKeysOutput({ keyIds: [app.keyId], keyState: "Enabled" });
      const fresh = kkms.generateDataKeyOutput({ keyId: app.keyId, numberOfBytes: 24 });
      const sealed = kkms.encryptOutput({ keyId: app.keyId, plaintext: "sealed text" });
      const gotDataKey = kkms.DataKey.get("dk-get", blobDigestId("dk-", made.ciphertextBlob), {
        keyId: elsewhere.keyId,
        ciphertextBlob: made.ciphertextBlob,
      });
      const gotCiphertext = kkms.Ciphertext.get("ct-get", blobDigestId("ct-", madeBlob), {
        keyId: elsewhere.keyId,
        ciphertextBlob: madeBlob,
      });
      return {
        appKeyId: app.keyId,
        appRegion: app.region,
        archiveRegion: archive.region,
        foundRegion: found.region,
        dataKeyIsSecret: pulumi.isSecret(dataKey.plaintext),
        openedIsSecret: pulumi.isSecret(opened),
        opened: pulumi.unsecret(opened.plaintext),
        listedIds: listed.ids,
        freshIsSecret: pulumi.isSecret(fresh.plaintext),
        freshBytes: pulumi.unsecret(fresh.plaintext).apply((p) => Buffer.from(p, "base64").length),
        sealedBlob: sealed.ciphertextBlob,
        gotDataKey: pulumi.unsecret(gotDataKey.plaintext),
        gotDataKeyIsSecret: pulumi.isSecret(gotDataKey.plaintext),
        gotCiphertext: pulumi.unsecret(gotCiphertext.plaintext),
        isInstance: {
          dataKey: kkms.DataKey.isInstance(dataKey),
          ciphertext: kkms.Ciphertext.isInstance(password),
          gotCiphertext: kkms.Ciphertext.isInstance(gotCiphertext),
          ciphertextAsDataKey: kkms.DataKey.isInstance(password),
          dataKeyAsCiphertext: kkms.Ciphertext.isInstance(dataKey),
        },
      };
    });
    expect(outputs).toMatchObject({
      appRegion: "cn-beijing-6",
      archiveRegion: "cn-shanghai-2",
      foundRegion: "cn-shanghai-2",
      dataKeyIsSecret: true,
      openedIsSecret: true,
      opened: "s3cret",
      listedIds: [outputs.appKeyId],
      freshIsSecret: true,
      freshBytes: 24,
      gotDataKey: made.plaintext.toString("base64"),
      gotDataKeyIsSecret: true,
      gotCiphertext: "from elsewhere",
      isInstance: {
        dataKey: true,
        ciphertext: true,
        gotCiphertext: true,
        ciphertextAsDataKey: false,
        dataKeyAsCiphertext: false,
      },
    });
    const sealed = await client.decrypt({ keyId: outputs.appKeyId, ciphertextBlob: outputs.sealedBlob });
    expect(sealed.plaintext.toString("utf8")).toBe("sealed text");
    const { keys } = await client.describeKeys();
    expect(keys.map((k) => k.keyName)).toContain("native-app");
    expect(keys.map((k) => k.keyName)).not.toContain("native-archive");
  });
});
