import { Key } from "../../provider";
import { ProviderConfigError } from "../../provider/runtime/providerConfigError";
import { ProviderContext } from "../../provider/runtime/providerContext";
import {
  configFailures,
  resolveProviderSettings,
  type ConfigSource,
  type ConfigValues,
} from "../../provider/runtime/stackConfig";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createResource } from "./support/engineSteps";
import { captureOne, killAllProviderHosts, startConfiguredHost } from "./support/kkmsFixture";

/**
 * The provider configuration's rules, in one home for both front ends (provider/runtime/stackConfig.ts): each
 * bad key is a failure naming it as the caller knows it — `kkms:maxAttempts` in stack config, `maxAttempts` on an
 * explicit native provider.
 */
const BAD: ConfigValues = { region: "Beijing", endpoint: "kkms.local", maxAttempts: "0", accessKeyId: "AK" };

describe("configFailures: one per bad key, named as the caller knows it", () => {
  test.each([
    ["stackConfig", "kkms:"],
    ["providerInputs", ""],
  ] as [ConfigSource, string][])("%s", (source, prefix) => {
    expect(configFailures(BAD, source)).toEqual([
      {
        property: "region",
        reason: `${prefix}region must be a Kingsoft Cloud region name such as "cn-beijing-6"; got "Beijing".`,
      },
      {
        property: "endpoint",
        reason: `${prefix}endpoint must be an absolute http(s) URL, got "kkms.local".`,
      },
      { property: "maxAttempts", reason: `${prefix}maxAttempts must be an integer from 1 to 50; got "0".` },
      {
        property: "secretAccessKey",
        reason:
          `${prefix}secretAccessKey is required when ${prefix}accessKeyId is set: both halves of the credential ` +
          `come from the configuration, or both from the environment (KSYUN_ACCESS_KEY, KSYUN_SECRET_KEY).`,
      },
    ]);
  });

  test.each([
    ["nothing configured", {}],
    ["both credential halves", { accessKeyId: "AK", secretAccessKey: "SK" }],
    ["blank values are absent", { region: " ", accessKeyId: "", maxAttempts: "" }],
    ["a good configuration", { region: "cn-shanghai-2", endpoint: "http://127.0.0.1:1", maxAttempts: "50" }],
  ] as [string, ConfigValues][])("%s: no failure", (_case, values) => {
    expect(configFailures(values, "stackConfig")).toEqual([]);
  });

  test("a value not known yet (a preview) is judged later, and so is the pair it belongs to", () => {
    expect(configFailures({ accessKeyId: "AK" }, "stackConfig", new Set(["secretAccessKey"]))).toEqual([]);
    expect(configFailures({ region: "Beijing" }, "stackConfig", new Set(["region"]))).toEqual([]);
  });
});

describe("resolveProviderSettings", () => {
  test("configuration first, then the environment, then defaults; both credential halves from one place", () => {
    const env = {
      KSYUN_REGION: "cn-hongkong-2",
      KKMS_ENDPOINT: "http://127.0.0.1:9",
      KSYUN_ACCESS_KEY: "ENV-AK",
      KSYUN_SECRET_KEY: "ENV-SK",
    };
    expect(resolveProviderSettings({}, "stackConfig", env)).toEqual({
      region: "cn-hongkong-2",
      endpoint: "http://127.0.0.1:9",
      credentials: { accessKeyId: "ENV-AK", secretAccessKey: "ENV-SK" },
      maxAttempts: 10,
    });
    const given = { region: "cn-shanghai-2", accessKeyId: "AK", secretAccessKey: "SK", maxAttempts: "3" };
    expect(resolveProviderSettings(given, "stackConfig", env)).toEqual({
      region: "cn-shanghai-2",
      endpoint: "http://127.0.0.1:9",
      credentials: { accessKeyId: "AK", secretAccessKey: "SK" },
      maxAttempts: 3,
    });
    expect(resolveProviderSettings({}, "stackConfig", {})).toMatchObject({
      region: "cn-beijing-6",
      endpoint: undefined,
      credentials: undefined,
    });
  });

  test("bad values throw one error carrying every failure; a bad fallback that is used names its variable", () => {
    const error = (() => {
      try {
        resolveProviderSettings(BAD, "providerInputs", {});
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as ProviderConfigError).failures.map((f) => f.property)).toEqual([
      "region",
      "endpoint",
      "maxAttempts",
      "secretAccessKey",
    ]);
    expect(() => resolveProviderSettings({}, "stackConfig", { KKMS_ENDPOINT: "ftp://x" })).toThrow(
      'KKMS_ENDPOINT must use http or https, got "ftp://x".',
    );
    // A configured value wins, so its fallback is never used, nor judged.
    const region = resolveProviderSettings({ region: "cn-beijing-6" }, "stackConfig", { KSYUN_REGION: "?" });
    expect(region.region).toBe("cn-beijing-6");
  });
});

describe("ProviderContext: one per configured provider", () => {
  test("two contexts in one process keep their own settings and clients", () => {
    const beijing = new ProviderContext({ region: "cn-beijing-6", accessKeyId: "A", secretAccessKey: "1" });
    const shanghai = new ProviderContext(
      { region: "cn-shanghai-2", accessKeyId: "B", secretAccessKey: "2" },
      "providerInputs",
    );
    try {
      expect(beijing.settings().credentials?.accessKeyId).toBe("A");
      expect(shanghai.settings().credentials?.accessKeyId).toBe("B");
      expect(beijing.clientFor(undefined).region).toBe("cn-beijing-6");
      expect(shanghai.clientFor(undefined).region).toBe("cn-shanghai-2");
      // A resource's own region gets its own client; the same region, the same client.
      expect(beijing.clientFor("cn-hongkong-2").region).toBe("cn-hongkong-2");
      expect(beijing.clientFor(undefined).client).toBe(beijing.clientFor("cn-beijing-6").client);
      expect(beijing.clientFor(undefined).client).not.toBe(shanghai.clientFor("cn-beijing-6").client);
    } finally {
      beijing.close();
      shanghai.close();
    }
  });

  test("a bad configuration fails every use, naming the key, and never falls back to defaults", () => {
    const context = new ProviderContext({ maxAttempts: "many" }, "providerInputs", {});
    for (let i = 0; i < 2; i++)
      expect(() => context.clientFor(undefined)).toThrow(
        'maxAttempts must be an integer from 1 to 50; got "many".',
      );
  });
});

describe("through the dynamic provider host", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ inMemory: true });
  });
  afterAll(async () => {
    await killAllProviderHosts();
    await emulator.close();
  });

  test("half a credential pair in stack config is an error naming both keys, and nothing is sent", async () => {
    const host = await startConfiguredHost({
      endpoint: emulator.url,
      config: { "kkms:secretAccessKey": "" },
    });
    const error = await createResource(
      host,
      await captureOne(() => new Key("half", { keyName: "half" })),
    ).catch((e: Error) => e);
    expect(String(error)).toContain(
      "kkms:secretAccessKey is required when kkms:accessKeyId is set: both halves of the credential come from the configuration",
    );
    expect(emulator.metrics().total).toBe(0);
  });
});
