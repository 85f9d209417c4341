import * as fs from "fs";

import { killAllProviderHosts } from "../helpers/providerHost";
import { ToyWorld } from "./support/toyStack";

let world: ToyWorld;
beforeEach(() => {
  world = new ToyWorld();
});
afterEach(() => world.dispose());
afterAll(killAllProviderHosts);

test("preview checks and diffs only: it plans every kind of step and changes nothing", async () => {
  const stack = await world.open();
  await stack.up(() => ({
    alpha: world.toy("alpha", { size: 1 }).id,
    beta: world.toy("beta").id,
    gamma: world.toy("gamma", { name: "g1" }).id,
  }));
  const stateBefore = fs.readFileSync(world.stateFile, "utf8");
  const toysBefore = fs.readFileSync(world.toyFile, "utf8");
  world.recorder.calls.length = 0;

  const result = await stack.preview(() => ({
    alpha: world.toy("alpha", { size: 3 }).id,
    gamma: world.toy("gamma", { name: "g2" }).id,
    delta: world.toy("delta").id,
  }));

  expect(result.steps.map((s) => `${s.op} ${s.name}`).sort()).toEqual([
    "create delta",
    "delete beta",
    "replace gamma",
    "same proj-dev",
    "update alpha",
  ]);
  expect(new Set(world.recorder.methods())).toEqual(new Set(["check", "diff"]));
  expect(fs.readFileSync(world.stateFile, "utf8")).toBe(stateBefore);
  expect(fs.readFileSync(world.toyFile, "utf8")).toBe(toysBefore);
  expect(result.outputs["alpha"].known).toBe(true);
  expect(result.outputs["delta"]).toEqual({ value: undefined, secret: false, known: false });
  expect(result.outputs["gamma"].known).toBe(false);
  expect(result.summary.split("\n")).toEqual(
    expect.arrayContaining([
      "Previewing update (dev):",
      "~ toy:Toy alpha update [size]",
      "+- toy:Toy gamma replace [name]",
      "+ toy:Toy delta create",
      "- toy:Toy beta delete",
      "    delta: [unknown]",
      "Resources: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 unchanged",
    ]),
  );
});

test("preview of a new stack writes no state file", async () => {
  const stack = await world.open();
  const result = await stack.up(() => ({ id: world.toy("alpha").id }), { preview: true });
  expect(result.steps.map((s) => s.op)).toEqual(["create", "create"]);
  expect(fs.existsSync(world.stateFile)).toBe(false);
  expect(fs.existsSync(world.toyFile)).toBe(false);
});
