import * as fs from "fs";

import * as pulumi from "@pulumi/pulumi";

import { findResource, OperationFailedError } from "../../offline-engine";
import { ops, ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

let world: ToyWorld;
beforeEach(() => (world = new ToyWorld()));
afterEach(() => world.dispose());

test("preview plans every kind of step, the program sees a dry run, and nothing is written or changed", async () => {
  await world
    .stack(() => ({
      alpha: world.toy("alpha", { size: 1 }).id,
      beta: world.toy("beta").id,
      gamma: world.toy("gamma", { name: "g1" }).id,
    }))
    .up();
  const stateBefore = fs.readFileSync(world.stateFile, "utf8");
  const toysBefore = fs.readFileSync(world.toyFile, "utf8");

  const result = await world
    .stack(() => ({
      alpha: world.toy("alpha", { size: 3 }).id,
      gamma: world.toy("gamma", { name: "g2" }).id,
      delta: world.toy("delta").id,
      dryRun: pulumi.runtime.isDryRun(),
    }))
    .preview();

  expect(ops(result.steps)).toEqual([
    "create delta",
    "delete beta",
    "replace gamma",
    "same proj-dev",
    "update alpha",
  ]);
  expect(fs.readFileSync(world.stateFile, "utf8")).toBe(stateBefore);
  expect(fs.readFileSync(world.toyFile, "utf8")).toBe(toysBefore);
  expect(result.outputs["dryRun"].value).toBe(true);
  expect(result.outputs["alpha"].known).toBe(true);
  expect(result.outputs["delta"]).toEqual({ value: undefined, secret: false, known: false });
  expect(result.outputs["gamma"].known).toBe(false);
  expect(result.summary.split("\n")).toEqual(
    expect.arrayContaining([
      "Previewing update (dev):",
      "~ toy:Toy alpha update",
      "+- toy:Toy gamma replace [name]",
      "+ toy:Toy delta create",
      "- toy:Toy beta delete",
      "    delta: [unknown]",
      "Resources: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 unchanged",
    ]),
  );
});

test("the program sees isDryRun() false in an up, and a preview of a new stack writes no state file", async () => {
  const program = () => ({ id: world.toy("alpha").id, dryRun: pulumi.runtime.isDryRun() });
  const preview = await world.stack(program).preview();
  expect(ops(preview.steps)).toEqual(["create alpha", "create proj-dev"]);
  expect(fs.existsSync(world.stateFile)).toBe(false);
  expect(fs.existsSync(world.toyFile)).toBe(false);
  expect((await world.stack(program).up()).outputs["dryRun"].value).toBe(false);
});

test("destroy deletes dependents first, the providers after their resources, the stack last", async () => {
  await world
    .stack(() => {
      const a = world.toy("a");
      const b = world.toy("b", { size: a.id.apply((id) => id.length) });
      world.toy("c", {}, { dependsOn: [b] });
      return {};
    })
    .up();
  const seen: Record<string, string[]> = {};
  const result = await world.stack(() => ({}), { log: (line) => (seen[line] = world.toyNames()) }).destroy();

  expect(result.steps.map((s) => `${s.op} ${s.name}`)).toEqual([
    "delete c",
    "delete b",
    "delete a",
    "delete proj-dev",
  ]);
  expect(seen["- toy:Toy c delete"]).toEqual(["a", "b"]);
  expect(seen["- toy:Toy b delete"]).toEqual(["a"]);
  expect(seen["- toy:Toy a delete"]).toEqual([]);
  expect(world.state().resources).toEqual([]);
  expect(result.summary).toContain("Resources: 4 deleted");
});

test("a failing delete keeps its resource in the state, stops the destroy and fails it", async () => {
  const { outputs } = await world
    .stack(() => {
      const a = world.toy("a");
      const b = world.toy("b", { size: a.id.apply((id) => id.length) });
      return { b: b.id, lone: world.toy("lone").id };
    })
    .up();
  world.editToys((toys) => delete toys[outputs["b"].value as string]);

  const error = (await world
    .stack(() => ({}))
    .destroy()
    .catch((e: unknown) => e)) as OperationFailedError;

  expect(error).toBeInstanceOf(OperationFailedError);
  expect(error.message).toMatch(/^toy b-[0-9a-f]{8} cannot be deleted$/);
  expect(error.summary).toContain("error: b: toy b-");
  // b is deleted first (nothing depends on it); its failure cancels the deployment (step_executor.go): no later
  // wave runs, so a and lone are still there too.
  expect(error.steps).toEqual([]);
  expect(world.state().resources.map((r) => r.urn)).toEqual(
    expect.arrayContaining([toyUrn("a"), toyUrn("b"), toyUrn("lone")]),
  );
  expect(world.toyNames()).toEqual(["a", "lone"]);
});

test("retainOnDelete: dropped from the state, left in the provider", async () => {
  await world.stack(() => ({ id: world.toy("kept", {}, { retainOnDelete: true }).id })).up();
  const result = await world.stack(() => ({})).up();
  expect(result.steps.find((s) => s.name === "kept")?.op).toBe("delete");
  expect(world.toyNames()).toEqual(["kept"]);
  expect(findResource(world.state(), "kept")).toBeUndefined();
});

test("deletedWith: a resource deleted with another being deleted is not deleted itself", async () => {
  await world
    .stack(() => {
      const owner = world.toy("owner");
      world.toy("part", {}, { deletedWith: owner });
      return {};
    })
    .up();
  const result = await world.stack(() => ({})).destroy();
  expect(ops(result.steps)).toEqual(["delete owner", "delete part", "delete proj-dev"]);
  // The toy provider's delete was asked only for the owner: the part is left to it.
  expect(world.toyNames()).toEqual(["part"]);
});
