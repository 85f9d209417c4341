import type { RunFailedError } from "../helpers/offlineRunner";
import { killAllProviderHosts } from "../helpers/providerHost";
import { ToyWorld, toyUrn } from "./support/toyStack";

let world: ToyWorld;
beforeEach(() => {
  world = new ToyWorld();
});
afterEach(() => world.dispose());
afterAll(killAllProviderHosts);

const program = (size: number) => () => ({ id: world.toy("alpha", { size }).id });

test("refresh reports an out-of-band change as drift; the next up corrects it", async () => {
  const stack = await world.open();
  const { outputs } = await stack.up(program(2));
  const id = outputs["id"].value as string;
  world.editToys((toys) => (toys[id].size = 7));

  const refreshed = await stack.refresh();

  expect(refreshed.drift).toEqual([
    {
      urn: toyUrn("alpha"),
      type: "pulumi-nodejs:dynamic/toy:Toy",
      name: "alpha",
      deleted: false,
      changedOutputs: ["size"],
    },
  ]);
  expect(world.state().resources[toyUrn("alpha")].outputs["size"]).toBe(7);
  expect(refreshed.summary.split("\n")).toEqual([
    "Refreshing (dev):",
    "~ toy:Toy alpha update [size]",
    "",
    "Resources: 1 updated",
  ]);

  const corrected = await stack.up(program(2));
  expect(corrected.steps.find((s) => s.name === "alpha")).toMatchObject({
    op: "update",
    changedProperties: ["size"],
  });
  expect(world.toys()[id].size).toBe(2);
});

test("refresh without drift changes nothing", async () => {
  const stack = await world.open();
  await stack.up(program(2));
  const before = world.state();
  const refreshed = await stack.refresh();
  expect(refreshed.drift).toEqual([]);
  expect(refreshed.steps.map((s) => s.op)).toEqual(["same"]);
  expect(world.state()).toEqual(before);
});

test("refresh drops a resource deleted out of band; the next up creates it again", async () => {
  const stack = await world.open();
  const { outputs } = await stack.up(program(2));
  world.editToys((toys) => delete toys[outputs["id"].value as string]);

  const refreshed = await stack.refresh();

  expect(refreshed.drift).toEqual([
    {
      urn: toyUrn("alpha"),
      type: "pulumi-nodejs:dynamic/toy:Toy",
      name: "alpha",
      deleted: true,
      changedOutputs: [],
    },
  ]);
  expect(Object.keys(world.state().resources)).not.toContain(toyUrn("alpha"));
  expect(refreshed.summary).toContain("- toy:Toy alpha delete");

  const again = await stack.up(program(2));
  expect(again.steps.find((s) => s.name === "alpha")?.op).toBe("create");
  expect(world.toyNames()).toEqual(["alpha"]);
});

test("destroy deletes dependents first, the stack last, and leaves an empty state", async () => {
  const stack = await world.open();
  await stack.up(() => {
    const a = world.toy("a");
    const b = world.toy("b", { size: a.id.apply((id) => id.length) });
    world.toy("c", {}, { dependsOn: [b] });
    return {};
  });
  const seen: Record<string, string[]> = {};
  world.lines.push = (line: string) => {
    seen[line] = world.toyNames();
    return 0;
  };

  const result = await stack.destroy();

  expect(result.steps.map((s) => `${s.op} ${s.name}`)).toEqual([
    "delete c",
    "delete b",
    "delete a",
    "delete proj-dev",
  ]);
  expect(seen["- toy:Toy c delete"]).toEqual(["a", "b"]);
  expect(seen["- toy:Toy b delete"]).toEqual(["a"]);
  expect(seen["- toy:Toy a delete"]).toEqual([]);
  expect(world.state().resources).toEqual({});
  expect(world.state().pendingDeletes).toEqual([]);
  expect(result.summary).toContain("Resources: 4 deleted");
});

test("a failing delete keeps its resource in the state and fails the destroy", async () => {
  const stack = await world.open();
  const { outputs } = await stack.up(() => ({ a: world.toy("a").id, b: world.toy("b").id }));
  world.editToys((toys) => delete toys[outputs["b"].value as string]);

  const error = (await stack.destroy().catch((e: RunFailedError) => e)) as RunFailedError;

  expect(error.name).toBe("RunFailedError");
  expect(error.message).toMatch(/^toy:Toy b: delete failed: toy b-[0-9a-f]{8} cannot be deleted$/);
  expect(error.steps.map((s) => `${s.op} ${s.name}`)).toEqual(["delete a"]);
  expect(error.summary).toContain("error: toy:Toy b: delete failed");
  expect(Object.keys(world.state().resources).sort()).toEqual([
    toyUrn("b"),
    "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
  ]);
});

test("protect: a protected resource is neither deleted nor replaced", async () => {
  const stack = await world.open();
  await stack.up(() => ({ id: world.toy("keep", { name: "one" }, { protect: true }).id }));

  const replace = stack.up(() => ({ id: world.toy("keep", { name: "two" }, { protect: true }).id }));
  await expect(replace).rejects.toThrow(
    /^toy:Toy keep: unable to replace resource "urn:pulumi:.*::keep"\nas it is currently marked for protection/,
  );

  const remove = stack.up(() => ({}));
  await expect(remove).rejects.toThrow(
    /unable to delete resource .*\nas it is currently marked for protection/,
  );
  expect(world.toyNames()).toEqual(["one"]);
  expect(world.state().resources[toyUrn("keep")]).toMatchObject({ protect: true });

  await expect(stack.destroy()).rejects.toThrow(/marked for protection/);
  expect(world.toyNames()).toEqual(["one"]);
});

test("retainOnDelete: dropped from the state, left in the provider", async () => {
  const stack = await world.open();
  await stack.up(() => ({ id: world.toy("kept", {}, { retainOnDelete: true }).id }));
  world.recorder.calls.length = 0;

  const result = await stack.up(() => ({}));

  expect(result.steps.find((s) => s.name === "kept")?.op).toBe("delete");
  expect(world.recorder.methods()).not.toContain("delete");
  expect(world.toyNames()).toEqual(["kept"]);
  expect(Object.keys(world.state().resources)).not.toContain(toyUrn("kept"));
});
