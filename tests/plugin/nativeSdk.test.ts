import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "../../provider";
import * as kkms from "../../provider/native";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { captureResources } from "../helpers/captureResources";
import { isSecret } from "../helpers/secrets";
import { PluginDispatcher } from "./support/forwardToPlugin";
import { startPluginFixture, type PluginFixture } from "./support/pluginFixture";

/**
 * pulumi-kkms/native, the TypeScript SDK of the plugin: what it registers and invokes, and a whole program on it
 * dispatched to the plugin over gRPC (see forwardToPlugin.ts for what stands in for the engine).
 */
const manifest = require("../../package.json") as { version: string };

describe("the SDK's shape, as Pulumi's codegen shapes one", () => {
  test("types, isInstance per class, get and the Provider", async () => {
    const { resources } = await captureResources(() => {
      const key = new kkms.Key("k", { keyName: "n" });
      const dataKey = new kkms.DataKey("d", { keyId: key.keyId });
      const provider = new kkms.Provider("p", {
        region: "cn-shanghai-2",
        secretAccessKey: "sk",
        maxAttempts: 4,
      });
      expect(kkms.Key.isInstance(key)).toBe(true);
      expect(kkms.Key.isInstance(dataKey)).toBe(false);
      expect(kkms.DataKey.isInstance(key)).toBe(false);
      expect(kkms.Provider.isInstance(provider)).toBe(true);
      expect(kkms.Key.isInstance(new dynamic.Key("dyn", { keyName: "dyn" }))).toBe(false);
      kkms.Key.get("existing", "some-key-id");
    });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
    expect(byName.k.type).toBe("kkms:index:Key");
    expect(byName.d.type).toBe("kkms:index:DataKey");
    expect(byName.d.options.additionalSecretOutputs).toEqual(["plaintext"]);
    expect(byName.p.type).toBe("pulumi:providers:kkms");
    expect(isSecret(byName.p.wireInputs.secretAccessKey)).toBe(true);
    expect(byName.p.wireInputs.maxAttempts).toBe("4");
    expect(byName.existing).toMatchObject({ kind: "read", type: "kkms:index:Key", id: "some-key-id" });
  });

  test("a Key's inputs are sent as given, adoptKeyId included", async () => {
    const { resources } = await captureResources(
      () => new kkms.Key("adopted", { adoptKeyId: "b1b5f1a4", keyName: "legacy", description: "kept" }),
    );
    expect(resources[0].wireInputs).toEqual({
      adoptKeyId: "b1b5f1a4",
      keyName: "legacy",
      description: "kept",
    });
  });

  test("a Ciphertext's plaintext is sent as a secret even when given plain", async () => {
    const { resources } = await captureResources(
      () => new kkms.Ciphertext("c", { keyId: "k", plaintext: "plain" }),
    );
    expect(isSecret(resources[0].wireInputs.plaintext)).toBe(true);
    expect(resources[0].options.additionalSecretOutputs).toEqual(["plaintext"]);
  });

  test("functions invoke kkms:index:…; the SDK asks for the package's own plugin version", async () => {
    const calls: pulumi.runtime.MockCallArgs[] = [];
    await captureResources(
      async () => {
        await kkms.getKey({ keyId: "a" });
        await kkms.getKeys({ keyState: "Enabled" });
        await kkms.generateDataKey({ keyId: "a" });
        await kkms.decrypt({ keyId: "a", ciphertextBlob: "b" });
        await kkms.encrypt({ keyId: "a", plaintext: "p" });
      },
      { call: (args) => (calls.push(args), {}) },
    );
    expect(calls.map((c) => c.token)).toEqual([
      "kkms:index:getKey",
      "kkms:index:getKeys",
      "kkms:index:generateDataKey",
      "kkms:index:decrypt",
      "kkms:index:encrypt",
    ]);
    expect(calls[0].inputs).toEqual({ keyId: "a" });
    expect(kkms.Key.__pulumiType).toBe("kkms:index:Key");
    expect(require("../../provider/native/utilities").resourceOptsDefaults()).toEqual({
      version: manifest.version,
    });
  });

  test("typed config getters read the kkms: stack config, then the environment", async () => {
    await captureResources(
      () => {
        expect(kkms.config.region).toBe("cn-hongkong-2");
        expect(kkms.config.maxAttempts).toBe(7);
        expect(kkms.config.endpoint).toBeUndefined();
      },
      { config: { "kkms:region": "cn-hongkong-2", "kkms:maxAttempts": "7" } },
    );
  });
});

describe("a program on pulumi-kkms/native, dispatched to the plugin", () => {
  let fixture: PluginFixture;
  let dispatcher: PluginDispatcher;

  beforeAll(async () => {
    fixture = await startPluginFixture();
    dispatcher = new PluginDispatcher(fixture.rpc);
  });

  afterAll(async () => {
    await dispatcher.close();
    await fixture.close();
  });

  test("keys in two regions through an explicit provider; data key, ciphertext and functions", async () => {
    const { outputs } = await captureResources(
      () => {
        const shanghai = new kkms.Provider("shanghai", {
          region: "cn-shanghai-2",
          endpoint: fixture.emulator.url,
          accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId,
          secretAccessKey: DEVELOPMENT_ACCOUNT.secretAccessKey,
        });
        const app = new kkms.Key("app", { keyName: "native-app" });
        const archive = new kkms.Key("archive", { keyName: "native-archive" }, { provider: shanghai });
        const dataKey = new kkms.DataKey("app-data", { keyId: app.keyId, numberOfBytes: 16 });
        const password = new kkms.Ciphertext("password", { keyId: app.keyId, plaintext: "s3cret" });
        const opened = kkms.decryptOutput({ keyId: app.keyId, ciphertextBlob: password.ciphertextBlob });
        const found = kkms.getKeyOutput({ keyId: archive.keyId }, { provider: shanghai });
        return {
          appRegion: app.region,
          archiveRegion: archive.region,
          foundRegion: found.region,
          dataKeyIsSecret: pulumi.isSecret(dataKey.plaintext),
          openedIsSecret: pulumi.isSecret(opened),
          opened: pulumi.unsecret(opened.plaintext),
        };
      },
      { newResource: dispatcher.newResource, call: dispatcher.call },
    );
    expect(outputs).toMatchObject({
      appRegion: "cn-beijing-6",
      archiveRegion: "cn-shanghai-2",
      foundRegion: "cn-shanghai-2",
      dataKeyIsSecret: true,
      openedIsSecret: true,
      opened: "s3cret",
    });
    const { keys } = await fixture.client.describeKeys();
    expect(keys.map((k) => k.keyName)).toContain("native-app");
    expect(keys.map((k) => k.keyName)).not.toContain("native-archive");
  });
});
