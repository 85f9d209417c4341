import { findResource, type Stack } from "../../offline-engine";
import { PluginWorld, Widget } from "./support/widget";
import { ops, ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * `pulumi refresh` and `pulumi up --refresh`, as the engine runs them at v3.248.0:
 * - pkg/resource/deploy/step.go RefreshStep.Apply: Read with the old inputs and state; the refreshed state keeps
 *   only the init errors of this read; then Diff of the refreshed state against the program's last inputs decides
 *   whether anything changed;
 * - pkg/resource/deploy/deployment.go EnsureProvider, providers/registry.go Same: each resource's provider is
 *   configured from the inputs stored with that provider in the state, not from the config given now;
 * - pkg/resource/deploy/deployment_executor.go Execute: with `--refresh`, every resource is refreshed before the
 *   program runs, and the update then diffs against what was read.
 */

describe("with the dynamic-provider host", () => {
  let world: ToyWorld;
  beforeEach(() => (world = new ToyWorld()));
  afterEach(() => world.dispose());

  const sized = (size: number) => world.stack(() => ({ id: world.toy("alpha", { size }).id }));

  test("an out-of-band change is drift; the next up corrects it", async () => {
    const { outputs } = await sized(2).up();
    const id = outputs["id"].value as string;
    world.editToys((toys) => (toys[id].size = 7));

    const refreshed = await sized(2).refresh();

    expect(refreshed.drift).toEqual([
      {
        urn: toyUrn("alpha"),
        type: "pulumi-nodejs:dynamic/toy:Toy",
        name: "alpha",
        deleted: false,
        changedOutputs: ["size"],
      },
    ]);
    expect(findResource(world.state(), "alpha")?.outputs["size"]).toBe(7);
    expect(refreshed.summary.split("\n")).toEqual([
      "Refreshing (dev):",
      "~ toy:Toy alpha update [size]",
      "",
      "Resources: 1 updated, 1 unchanged",
    ]);
    const corrected = await sized(2).up();
    expect(corrected.steps.find((s) => s.name === "alpha")?.op).toBe("update");
    expect(world.toys()[id].size).toBe(2);
  });

  test("without drift nothing changes", async () => {
    await sized(2).up();
    const before = world.state();
    const refreshed = await sized(2).refresh();
    expect(refreshed.drift).toEqual([]);
    expect(ops(refreshed.steps)).toEqual(["same alpha", "same proj-dev"]);
    const essentials = (state: typeof before) =>
      state.resources.map((r) => [r.urn, r.id, r.inputs, r.outputs]);
    expect(essentials(world.state())).toEqual(essentials(before));
  });

  test("a resource deleted out of band leaves the state; the next up creates it again", async () => {
    const { outputs } = await sized(2).up();
    world.editToys((toys) => delete toys[outputs["id"].value as string]);

    const refreshed = await sized(2).refresh();

    expect(refreshed.drift).toMatchObject([{ name: "alpha", deleted: true, changedOutputs: [] }]);
    expect(findResource(world.state(), "alpha")).toBeUndefined();
    expect(refreshed.summary).toContain("- toy:Toy alpha delete");
    const again = await sized(2).up();
    expect(again.steps.find((s) => s.name === "alpha")?.op).toBe("create");
    expect(world.toyNames()).toEqual(["alpha"]);
  });

  test("refresh clears the init errors a partial create left (step.go RefreshStep)", async () => {
    await world
      .stack(() => ({ id: world.toy("half", { failCreate: "partial" }).id }))
      .up()
      .catch(() => undefined);
    expect(findResource(world.state(), "half")?.initErrors).toEqual(["still warming up"]);

    await world.stack(() => ({})).refresh();

    const half = findResource(world.state(), "half");
    expect(half?.id).toMatch(/^half-/);
    expect(half?.initErrors).toBeUndefined();
  });

  test("up --refresh reads every resource before the program runs, then corrects the drift", async () => {
    const { outputs } = await sized(2).up();
    const id = outputs["id"].value as string;
    world.editToys((toys) => (toys[id].size = 7));

    // Without --refresh the engine diffs against the state, which still says 2: nothing to do.
    expect((await sized(2).up()).steps.find((s) => s.name === "alpha")?.op).toBe("same");
    const result = await sized(2).up({ refresh: true });

    expect(result.summary.split("\n").slice(0, 2)).toEqual([
      "Updating (dev):",
      "~ toy:Toy alpha update [size]",
    ]);
    expect(result.steps.filter((s) => s.name === "alpha").map((s) => s.op)).toEqual(["update", "update"]);
    // The refresh's steps are shown but not counted: each resource once (update.go:1105-1122).
    expect(result.summary.split("\n")).toContain("Resources: 1 updated, 1 unchanged");
    expect(world.toys()[id].size).toBe(2);
  });
});

describe("with a resource plugin", () => {
  let world: PluginWorld;
  beforeEach(() => (world = new PluginWorld()));
  afterEach(() => world.dispose());

  const widget = (region = "north", options: { label?: string } = {}): Stack =>
    world.stack(() => ({ id: new Widget("w", { label: options.label ?? "a", size: 2 }).id }), {
      config: { "toyplug:region": region, "toyplug:stateFile": world.widgetFile },
    });

  test("refresh reads with the old inputs and state, then diffs the refreshed state against the program's inputs", async () => {
    const { outputs } = await widget().up();
    const id = outputs["id"].value as string;
    world.clearCalls();

    const quiet = await widget().refresh();

    const [read] = world.calls("read");
    expect(read).toMatchObject({
      id,
      inputs: { label: "a", size: 2 },
      properties: { label: "a", serial: `serial-${id}` },
    });
    // Diff: the refreshed outputs as the old state, the program's last inputs as the new ones.
    expect(world.calls("diff")).toMatchObject([
      { id, olds: { label: "a", size: 2, serial: `serial-${id}` }, news: { label: "a", size: 2 } },
    ]);
    expect(quiet.drift).toEqual([]);

    // An output the provider's Diff does not look at changes: refreshed into the state, but no drift.
    const edit = (change: Record<string, unknown>) => {
      const widgets = world.widgets();
      Object.assign(widgets[id], change);
      require("fs").writeFileSync(world.widgetFile, JSON.stringify(widgets));
    };
    edit({ serial: "renumbered" });
    const unnoticed = await widget().refresh();
    expect(unnoticed.steps.find((s) => s.name === "w")?.op).toBe("same");
    expect(findResource(world.state(), "w")?.outputs["serial"]).toBe("renumbered");

    // One it does: drift, with the property its detailed diff names.
    edit({ label: "b" });
    const noticed = await widget().refresh();
    expect(noticed.steps.find((s) => s.name === "w")).toMatchObject({
      op: "update",
      changedProperties: ["label"],
    });
    expect(noticed.drift).toMatchObject([{ name: "w", changedOutputs: ["label"] }]);
  });

  test("refresh and destroy configure the provider from the config stored with it in the state, not from the config now", async () => {
    await widget("north").up();
    world.clearCalls();

    // The stack's config now says south; the provider in the state was made with north.
    await widget("south").refresh();
    expect(
      world.calls("configure").map((call) => (call["args"] as Record<string, unknown>)["region"]),
    ).toEqual(["north"]);
    expect(world.calls("read")).toHaveLength(1);

    world.clearCalls();
    await widget("south").destroy();
    expect(
      world.calls("configure").map((call) => (call["args"] as Record<string, unknown>)["region"]),
    ).toEqual(["north"]);
    expect(world.calls("delete")).toHaveLength(1);
    expect(world.widgets()).toEqual({});
  });

  test("an up, unlike them, configures the default provider with the config given now (an update of the provider)", async () => {
    await widget("north").up();
    world.clearCalls();
    const result = await widget("west").up();
    // toyplug's DiffConfig asks to replace a provider whose region changes: its widget is replaced with it.
    expect(result.steps.find((s) => s.name === "w")).toMatchObject({
      op: "replace",
      changedProperties: ["provider"],
    });
    expect(
      world.calls("configure").map((call) => (call["args"] as Record<string, unknown>)["region"]),
    ).toContain("west");
    expect(Object.values(world.widgets()).map((w) => w["region"])).toEqual(["west"]);
  });
});
