import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { findResource, OperationFailedError } from "../../offline-engine";
import { UNKNOWN } from "../../offline-engine/providers/secrets";
import { echo, PluginWorld, TOYPLUG_DIR, ToyplugProvider, Widget } from "./support/widget";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * Resource plugins other than the dynamic-provider host, as the engine drives them (sdk/go/common/resource/plugin
 * provider_plugin.go, plugin.go, pkg/resource/deploy/providers/registry.go at v3.248.0), exercised with a plugin of
 * the tests' own (tests/engine/fixtures/toyplug), which logs every call it gets.
 */
let world: PluginWorld;
beforeEach(() => (world = new PluginWorld()));
afterEach(() => world.dispose());

test("a plugin is started in the program's directory with the engine's address, handshaken, checked, configured", async () => {
  const result = await world.stack(() => ({ id: new Widget("w", { label: "a" }).id })).up();
  const methods = world.calls().map((call) => call.method);
  expect(methods.slice(0, 4)).toEqual(["start", "handshake", "checkConfig", "configure"]);
  const [start] = world.calls("start");
  expect(start).toMatchObject({
    cwd: world.dir,
    project: "proj",
    engineAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
  });
  // Views and refresh-before-update are not emulated, so the handshake does not offer them.
  expect(world.calls("handshake")).toEqual([
    expect.objectContaining({
      engineAddress: start["engineAddress"],
      configureWithUrn: true,
      supportsViews: false,
      supportsRefreshBeforeUpdate: false,
    }),
  ]);
  // The plugin logged through the Engine service at that address: the engine shows it.
  expect(result.diagnostics).toContainEqual({ severity: "info", message: "toyplug configured for north" });
});

test("a plugin is found on PATH as pulumi-resource-<package>; a missing one is a clear error", async () => {
  const onPath = world.stack(() => ({ id: new Widget("w", { label: "a" }).id }), {
    plugins: {},
    env: { PATH: `${TOYPLUG_DIR}${path.delimiter}${process.env.PATH}` },
  });
  expect((await onPath.up()).steps.find((s) => s.name === "w")?.op).toBe("create");

  const missing = world.stack(() => ({ id: new Widget("w2", { label: "a" }).id }), {
    plugins: {},
    env: { PATH: "/nonexistent" },
  });
  const error = await missing.up().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OperationFailedError);
  expect((error as Error).message).toMatch(
    /^no resource plugin 'pulumi-resource-toyplug' found in the workspace or on your \$PATH/,
  );
});

test("the provider's detailed diff decides: an UPDATE_REPLACE property replaces, an UPDATE one updates", async () => {
  const program = (label: string, size: number) => () => ({ id: new Widget("w", { label, size }).id });
  const created = await world.stack(program("a", 1)).up();
  const updated = await world.stack(program("a", 2)).up();
  expect(updated.steps.find((s) => s.name === "w")).toEqual(
    expect.objectContaining({ op: "update", changedProperties: ["size"] }),
  );
  expect(updated.outputs["id"].value).toBe(created.outputs["id"].value);
  // toyplug sends no `replaces`: only its detailed diff says the label replaces.
  const replaced = await world.stack(program("b", 2)).up();
  expect(replaced.steps.find((s) => s.name === "w")).toEqual(
    expect.objectContaining({ op: "replace", changedProperties: ["label"] }),
  );
  expect(replaced.outputs["id"].value).not.toBe(created.outputs["id"].value);
});

test("a preview asks a plugin that supports previews to preview the create; its outputs reach the program", async () => {
  world.clearCalls();
  const result = await world
    .stack(() => {
      const widget = new Widget("w", { label: "a" });
      return { region: widget.region, serial: widget.serial, dryRun: pulumi.runtime.isDryRun() };
    })
    .preview();
  expect(world.calls("create")).toEqual([expect.objectContaining({ preview: true })]);
  expect(result.outputs["region"]).toEqual({ value: "north", secret: false, known: true });
  expect(result.outputs["serial"].known).toBe(false);
  expect(result.outputs["dryRun"].value).toBe(true);
  expect(world.widgets()).toEqual({});
});

test("a preview does not call create on a plugin without preview support: the inputs are the state", async () => {
  const result = await world
    .stack(
      () => {
        const widget = new Widget("w", { label: "a" });
        return { label: widget.label, region: widget.region };
      },
      { env: { TOYPLUG_HANDSHAKE: "0", TOYPLUG_PREVIEW: "0" } },
    )
    .preview();
  expect(world.calls("create")).toEqual([]);
  expect(result.outputs["label"]).toEqual({ value: "a", secret: false, known: true });
  expect(result.outputs["region"].known).toBe(false);
});

test("an explicit provider resource serves the resources that name it; invokes go to the provider they name", async () => {
  const result = await world
    .stack(async () => {
      const west = new ToyplugProvider("west", { region: "west", stateFile: world.widgetFile });
      const w = new Widget("w", { label: "a" }, { provider: west });
      const d = new Widget("d", { label: "b" });
      const fromWest = await echo({ n: 1 }, { provider: west });
      const fromDefault = await echo({ n: 2 });
      return { west: w.region, default: d.region, fromWest, fromDefault };
    })
    .up();
  expect(result.outputs["west"].value).toBe("west");
  expect(result.outputs["default"].value).toBe("north");
  expect(result.outputs["fromWest"].value).toEqual({ echoed: { n: 1 }, region: "west" });
  expect(result.outputs["fromDefault"].value).toEqual({ echoed: { n: 2 }, region: "north" });
  const state = world.state();
  const west = findResource(state, "urn:pulumi:dev::proj::pulumi:providers:toyplug::west");
  expect(west).toMatchObject({
    custom: true,
    inputs: { region: "west" },
    parent: expect.stringContaining("pulumi:pulumi:Stack"),
  });
  expect(findResource(state, "w")?.provider).toBe(`${west?.urn}::${west?.id}`);
  expect(result.steps.map((s) => s.name)).toContain("west");
  expect(world.calls("invoke").map((call) => call["token"])).toEqual([
    "toyplug:index:echo",
    "toyplug:index:echo",
  ]);
});

test("a provider whose config is not known in a preview is not configured; its resources' state is unknown", async () => {
  // provider_plugin.go Configure: an unknown input leaves the configuration unknown; Check then returns the news,
  // Create returns an empty state, Diff is unavailable.
  const result = await world
    .stack(() => {
      const source = new Widget("source", { label: "s" });
      const derived = new ToyplugProvider("derived", { region: source.serial, stateFile: world.widgetFile });
      const w = new Widget("w", { label: "a" }, { provider: derived });
      return { label: w.label, serial: w.serial };
    })
    .preview();
  const configured = world.calls("configure").map((call) => call["urn"]);
  expect(configured).toEqual(["urn:pulumi:dev::proj::pulumi:providers:toyplug::default"]);
  expect(world.calls("check").map((call) => call["urn"])).toEqual([
    "urn:pulumi:dev::proj::toyplug:index:Widget::source",
  ]);
  expect(result.outputs["label"].known).toBe(false);
  expect(result.steps.map((s) => `${s.op} ${s.name}`)).toEqual(
    expect.arrayContaining(["create derived", "create w"]),
  );
});

test("CheckConfig failures fail the provider, naming the property", async () => {
  const error = await world
    .stack(() => ({ id: new Widget("w", { label: "a" }).id }), {
      config: { "toyplug:region": "nowhere", "toyplug:stateFile": world.widgetFile },
    })
    .up()
    .catch((e: unknown) => e);
  expect((error as Error).message).toBe(
    "pulumi:providers:toyplug resource 'default': property region value {nowhere} has a problem: nowhere is not a region",
  );
  expect(world.widgets()).toEqual({});
});

test("independent resources are created concurrently", async () => {
  await world
    .stack(() => ({ a: new Widget("a", { label: "a" }).id, b: new Widget("b", { label: "b" }).id }), {
      // Long enough that the second create starts before the first ends however busy the machine is.
      env: { TOYPLUG_CREATE_MS: "3000" },
    })
    .up();
  const creates = world.calls().filter((call) => call.method === "create" || call.method === "create-end");
  expect(creates.map((call) => call.method)).toEqual(["create", "create", "create-end", "create-end"]);
});

test("secrets reach a plugin that accepts them wrapped, and one that does not as plain values", async () => {
  const program = () => ({ id: new Widget("w", { label: pulumi.secret("hidden") }).id });
  await world.stack(program, { env: { TOYPLUG_SECRETS: "1" } }).up();
  expect(world.calls("check")[0]["news"]).toMatchObject({ label: { value: "hidden" } });
  world.dispose();
  world = new PluginWorld();
  await world.stack(program).up();
  expect(world.calls("check")[0]["news"]).toMatchObject({ label: "hidden" });
  // Either way the state keeps it a secret.
  expect(findResource(world.state(), "w")?.outputs["label"]).toEqual(
    expect.objectContaining({ value: "hidden" }),
  );
  expect(UNKNOWN).toHaveLength(36);
});
