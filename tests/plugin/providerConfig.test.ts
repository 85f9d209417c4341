import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../emulator";
import { makeSecret, SECRET_SIG, SIG_KEY } from "../../offline-engine/providers/secrets";
import { engineCreate } from "./support/engineFlow";
import { startPluginProcess, PluginRpcError, type PluginProcess } from "./support/pluginProcess";
import { KEY, DATA_KEY, providerArgs } from "./support/pluginFixture";

/** The provider resource's own lifecycle: CheckConfig, DiffConfig, Configure. */
let emulator: RunningEmulator;
let plugin: PluginProcess;

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true });
  plugin = await startPluginProcess();
});

afterAll(async () => {
  await plugin.kill();
  await emulator.close();
});

describe("CheckConfig", () => {
  test("good config passes, kept as given, the secret key marked secret", async () => {
    const given = {
      region: "cn-shanghai-2",
      endpoint: emulator.url,
      accessKeyId: "AK",
      secretAccessKey: "SK",
      maxAttempts: "5",
      version: "0.1.0",
    };
    const { inputs, failures } = await plugin.client.checkConfig(given);
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ ...given, secretAccessKey: { [SIG_KEY]: SECRET_SIG, value: "SK" } });
  });

  test("one failure per bad key, each naming the key and its rule, unknown keys among them", async () => {
    const { failures } = await plugin.client.checkConfig({
      region: "Shanghai",
      endpoint: "ftp://example",
      maxAttempts: "0",
      accessKeyId: "AK",
      regoin: "cn-beijing-6",
    });
    const reasons = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      "endpoint",
      "maxAttempts",
      "region",
      "regoin",
      "secretAccessKey",
    ]);
    // The default provider is configured from stack config: each key is named as the user wrote it there.
    expect(reasons.regoin).toBe(
      "kkms:regoin is not a kkms configuration key; the keys are region, endpoint, accessKeyId, secretAccessKey, maxAttempts.",
    );
    expect(reasons.region).toBe(
      'kkms:region must be a Kingsoft Cloud region name such as "cn-beijing-6"; got "Shanghai".',
    );
    expect(reasons.endpoint).toBe('kkms:endpoint must use http or https, got "ftp://example".');
    expect(reasons.maxAttempts).toBe('kkms:maxAttempts must be an integer from 1 to 50; got "0".');
    expect(reasons.secretAccessKey).toBe(
      "kkms:secretAccessKey is required when kkms:accessKeyId is set: both halves of the credential come from " +
        "the configuration, or both from the environment (KSYUN_ACCESS_KEY, KSYUN_SECRET_KEY).",
    );
  });

  test("a wrong-typed value fails as a type, beside the rule failures of the other keys", async () => {
    const { failures } = await plugin.client.checkConfig({ regoin: "x", region: "Bad", maxAttempts: true });
    expect(failures).toEqual([
      {
        property: "regoin",
        reason:
          "kkms:regoin is not a kkms configuration key; the keys are region, endpoint, accessKeyId, secretAccessKey, maxAttempts.",
      },
      { property: "maxAttempts", reason: "kkms:maxAttempts must be a string or an integer; got boolean." },
      {
        property: "region",
        reason: 'kkms:region must be a Kingsoft Cloud region name such as "cn-beijing-6"; got "Bad".',
      },
    ]);
    // A wrong-typed credential half fails once, as a type, not again as a missing half of the pair.
    const explicit = await plugin.client.checkConfig(
      { endpoint: 8080, accessKeyId: 12, secretAccessKey: makeSecret("SK"), regoin: "x" },
      {},
      "audit",
    );
    expect(explicit.failures).toEqual([
      {
        property: "regoin",
        reason:
          "regoin is not a kkms configuration key; the keys are region, endpoint, accessKeyId, secretAccessKey, maxAttempts.",
      },
      { property: "endpoint", reason: "endpoint must be a string; got number." },
      { property: "accessKeyId", reason: "accessKeyId must be a string; got number." },
    ]);
  });

  test("an explicit provider's failures name its inputs as the program wrote them", async () => {
    const { failures } = await plugin.client.checkConfig(
      { region: "Shanghai", maxAttempts: 51, secretAccessKey: makeSecret("SK") },
      {},
      "audit",
    );
    expect(failures).toEqual([
      {
        property: "region",
        reason: 'region must be a Kingsoft Cloud region name such as "cn-beijing-6"; got "Shanghai".',
      },
      { property: "maxAttempts", reason: 'maxAttempts must be an integer from 1 to 50; got "51".' },
      {
        property: "accessKeyId",
        reason: expect.stringMatching(/^accessKeyId is required when secretAccessKey is set: /),
      },
    ]);
  });

  test("half a credential pair whose other half is not known yet (a preview) is not judged", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const { failures } = await plugin.client.checkConfig({ accessKeyId: "AK", secretAccessKey: unknown });
    expect(failures).toEqual([]);
  });

  test("an unknown value (a preview) is not judged yet", async () => {
    const { failures } = await plugin.client.checkConfig({ region: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(failures).toEqual([]);
  });
});

describe("DiffConfig", () => {
  const base = {
    region: "cn-beijing-6",
    endpoint: "http://127.0.0.1:1",
    accessKeyId: "AK",
    secretAccessKey: "SK",
  };

  test("no change: DIFF_NONE", async () => {
    expect((await plugin.client.diffConfig(base, { ...base })).changes).toBe("none");
  });

  test.each([
    ["endpoint", { endpoint: "http://127.0.0.1:2" }],
    ["accessKeyId", { accessKeyId: "AK2" }],
    ["secretAccessKey", { secretAccessKey: "SK2" }],
    ["region", { region: "cn-shanghai-2" }],
  ])("a changed %s updates the provider in place, never replacing it", async (name, change) => {
    const diff = await plugin.client.diffConfig(base, { ...base, ...change });
    expect(diff).toMatchObject({ changes: "some", replaces: [], diffs: [name], hasDetailedDiff: true });
    expect(diff.detailedDiff[name].kind).toBe("UPDATE");
  });

  test("an added maxAttempts is an ADD", async () => {
    const diff = await plugin.client.diffConfig(base, { ...base, maxAttempts: "3" });
    expect(diff.detailedDiff).toEqual({ maxAttempts: { kind: "ADD", inputDiff: true } });
  });
});

describe("Configure", () => {
  test("answers acceptSecrets, supportsPreview and acceptResources", async () => {
    const configured = await startPluginProcess();
    try {
      const response = await configured.client.configure(providerArgs(emulator.url));
      expect(response).toMatchObject({
        acceptsecrets: true,
        supportspreview: true,
        acceptresources: true,
        acceptoutputs: false,
      });
    } finally {
      await configured.kill();
    }
  });

  test("reads `args` (secrets wrapped), or only the old `variables`", async () => {
    for (const variablesOnly of [false, true]) {
      const configured = await startPluginProcess();
      try {
        await configured.client.configure(providerArgs(emulator.url, "cn-hongkong-2"), { variablesOnly });
        const key = await engineCreate(configured.client, KEY, "configured", {
          keyName: `configured-${variablesOnly}`,
        });
        expect(key.outputs.region).toBe("cn-hongkong-2");
      } finally {
        await configured.kill();
      }
    }
  });

  test("a bad maxAttempts fails Configure, naming the key as the caller knows it", async () => {
    const configured = await startPluginProcess();
    try {
      const args = { ...providerArgs(emulator.url), maxAttempts: "many" };
      const asDefault = await configured.client.configure(args).catch((e) => e);
      expect(asDefault).toBeInstanceOf(PluginRpcError);
      expect(asDefault.details).toBe('kkms:maxAttempts must be an integer from 1 to 50; got "many".');
      const asExplicit = await configured.client.configure(args, { name: "audit" }).catch((e) => e);
      expect(asExplicit.details).toBe('maxAttempts must be an integer from 1 to 50; got "many".');
    } finally {
      await configured.kill();
    }
  });

  test("an environment fallback that is used is checked too, naming the variable", async () => {
    const configured = await startPluginProcess({ KSYUN_REGION: "Beijing" });
    try {
      const error = await configured.client.configure({ endpoint: emulator.url }).catch((e) => e);
      expect(error.details).toBe(
        'KSYUN_REGION must be a Kingsoft Cloud region name such as "cn-beijing-6"; got "Beijing".',
      );
    } finally {
      await configured.kill();
    }
  });

  test("without config, the environment fallbacks the dynamic provider uses", async () => {
    const configured = await startPluginProcess({
      KKMS_ENDPOINT: emulator.url,
      KSYUN_REGION: "cn-shanghai-2",
      KSYUN_ACCESS_KEY: DEVELOPMENT_ACCOUNT.accessKeyId,
      KSYUN_SECRET_KEY: DEVELOPMENT_ACCOUNT.secretAccessKey,
    });
    try {
      await configured.client.configure({});
      const key = await engineCreate(configured.client, KEY, "from-env", { keyName: "from-env" });
      expect(key.outputs.region).toBe("cn-shanghai-2");
    } finally {
      await configured.kill();
    }
  });
});

describe("a region change replaces only the resources that follow it", () => {
  test("after the provider's update, keys without `region` replace; a key with its own region stays", async () => {
    const before = await startPluginProcess();
    await before.client.configure(providerArgs(emulator.url, "cn-beijing-6"));
    const follower = await engineCreate(before.client, KEY, "follower", { keyName: "follower" });
    const pinned = await engineCreate(before.client, KEY, "pinned", {
      keyName: "pinned",
      region: "cn-beijing-6",
    });
    const dataKey = await engineCreate(before.client, DATA_KEY, "follower-data", { keyId: follower.id });
    await before.kill();

    // The engine updates the provider in place (DiffConfig said update, not replace), then diffs each resource
    // with the provider configured anew (registry.go Update :984 reconfigures it under the same reference).
    const diffConfig = await plugin.client.diffConfig(
      providerArgs(emulator.url, "cn-beijing-6"),
      providerArgs(emulator.url, "cn-shanghai-2"),
    );
    expect(diffConfig.replaces).toEqual([]);
    const after = await startPluginProcess();
    try {
      await after.client.configure(providerArgs(emulator.url, "cn-shanghai-2"));
      const diffOf = async (r: typeof follower, news: Record<string, unknown>) => {
        const checked = await after.client.check(r.type, r.name, news, r.inputs);
        return after.client.diff(r.type, r.name, r.id, r.outputs, checked.inputs, r.inputs);
      };
      expect((await diffOf(follower, { keyName: "follower" })).replaces).toEqual(["region"]);
      expect((await diffOf(pinned, { keyName: "pinned", region: "cn-beijing-6" })).changes).toBe("none");
      expect((await diffOf(dataKey, { keyId: follower.id })).replaces).toEqual(["region"]);
      // Refresh and delete use each resource's own region from its state, not the provider's new one.
      const read = await after.client.read(KEY, "pinned", pinned.id, pinned.outputs, pinned.inputs);
      expect(read.props?.region).toBe("cn-beijing-6");
    } finally {
      await after.kill();
    }
  });
});

test("the secret key never reaches the plugin's output", async () => {
  const configured = await startPluginProcess();
  try {
    await configured.client.configure({
      ...providerArgs(emulator.url),
      secretAccessKey: makeSecret(DEVELOPMENT_ACCOUNT.secretAccessKey),
    });
    await engineCreate(configured.client, KEY, "quiet", { keyName: "quiet" });
    expect(configured.stdout() + configured.stderr()).not.toContain(DEVELOPMENT_ACCOUNT.secretAccessKey);
  } finally {
    await configured.kill();
  }
});
