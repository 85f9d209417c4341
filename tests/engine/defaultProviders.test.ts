import { findResource } from "../../offline-engine";
import { SECRET_SIG, SIG_KEY } from "../../offline-engine/providers/secrets";
import { DEFAULT_PROVIDER_URN, ToyWorld } from "./support/toyStack";
import { PluginWorld, Widget } from "./support/widget";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * Default providers (pkg/resource/deploy/default_providers.go, target.go GetPackageConfig at v3.248.0): a resource
 * that names no provider gets its package's default provider, itself a resource of the stack —
 * `pulumi:providers:<pkg>::default` — whose inputs are the stack config of that package: the whole config, keys
 * namespaced, for dynamic providers (`pulumi-nodejs`); otherwise that namespace's keys without it. Secrets stay
 * secrets. The resources reference it as `<urn>::<id>`.
 */
describe("the dynamic provider's", () => {
  let world: ToyWorld;
  beforeEach(() => (world = new ToyWorld()));
  afterEach(() => world.dispose());

  test("holds the whole stack config, namespaced, secrets wrapped; a config change updates it in place", async () => {
    const open = (region: string) =>
      world.stack(() => ({ id: world.toy("alpha").id }), {
        config: { "toy:region": region, "toy:token": "tok-1", "proj:note": "n" },
        secretKeys: ["toy:token"],
      });
    await open("cn-beijing-6").up();
    const provider = findResource(world.state(), DEFAULT_PROVIDER_URN);
    expect(provider).toMatchObject({
      type: "pulumi:providers:pulumi-nodejs",
      custom: true,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      inputs: {
        "toy:region": "cn-beijing-6",
        "toy:token": { [SIG_KEY]: SECRET_SIG, value: "tok-1" },
        "proj:note": "n",
      },
    });
    expect(provider?.outputs).toEqual(provider?.inputs);
    expect(findResource(world.state(), "alpha")?.provider).toBe(`${DEFAULT_PROVIDER_URN}::${provider?.id}`);

    // The dynamic host has no DiffConfig: the engine compares the old outputs with the new inputs, and updates.
    const result = await open("cn-shanghai-2").up();
    expect(result.steps.some((s) => s.urn === DEFAULT_PROVIDER_URN)).toBe(false);
    const updated = findResource(world.state(), DEFAULT_PROVIDER_URN);
    expect(updated?.id).toBe(provider?.id);
    expect(updated?.inputs["toy:region"]).toBe("cn-shanghai-2");
  });
});

describe("a plugin's", () => {
  let world: PluginWorld;
  beforeEach(() => (world = new PluginWorld()));
  afterEach(() => world.dispose());

  test("holds its namespace's config without the namespace; Configure gets it as args and as variables", async () => {
    await world
      .stack(() => ({ id: new Widget("w", { label: "a" }).id }), {
        config: {
          "toyplug:region": "north",
          "toyplug:stateFile": world.widgetFile,
          "toyplug:apiKey": "k-123",
          "other:setting": "ignored",
        },
        secretKeys: ["toyplug:apiKey"],
      })
      .up();
    const provider = findResource(world.state(), "urn:pulumi:dev::proj::pulumi:providers:toyplug::default");
    expect(provider?.inputs).toEqual({
      region: "north",
      stateFile: world.widgetFile,
      apiKey: { [SIG_KEY]: SECRET_SIG, value: "k-123" },
    });
    const [configure] = world.calls("configure");
    expect(configure).toMatchObject({
      urn: "urn:pulumi:dev::proj::pulumi:providers:toyplug::default",
      id: provider?.id,
      args: { region: "north", apiKey: { [SIG_KEY]: SECRET_SIG, value: "k-123" } },
      variables: { "toyplug:config:region": "north", "toyplug:config:apiKey": "k-123" },
    });
    // The plugin's environment has its own config as JSON (pkg/host/host.go Provider).
    const [start] = world.calls("start");
    expect(JSON.parse(start["config"] as string)).toMatchObject({ region: "north", apiKey: "k-123" });
    expect(JSON.parse(start["config"] as string)).not.toHaveProperty("setting");
  });
});
