import * as pulumi from "@pulumi/pulumi";

import { findResource } from "../../offline-engine";
import { ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * Aliases (pkg/resource/deploy/step_generator.go getOldResource, generateAliases at v3.248.0): a resource is looked
 * for under its URN, then under each alias; found under an alias, the old resource is this one — diffed, not deleted
 * and recreated — and takes the new URN. Children of a renamed parent follow it.
 */
let world: ToyWorld;
beforeEach(() => (world = new ToyWorld()));
afterEach(() => world.dispose());

class Group extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("my:demo:Group", name, {}, opts);
  }
}

test("a renamed resource with an alias keeps its id: no delete, no create", async () => {
  const first = await world.stack(() => ({ id: world.toy("old-name", { name: "thing" }).id })).up();
  const id = first.outputs["id"].value as string;

  const renamed = await world
    .stack(() => ({ id: world.toy("new-name", { name: "thing" }, { aliases: [{ name: "old-name" }] }).id }))
    .up();

  expect(renamed.steps.filter((s) => s.name.endsWith("-name")).map((s) => `${s.op} ${s.name}`)).toEqual([
    "same new-name",
  ]);
  expect(renamed.outputs["id"].value).toBe(id);
  expect(Object.keys(world.toys())).toEqual([id]);
  const state = world.state();
  expect(findResource(state, "old-name")).toBeUndefined();
  expect(findResource(state, "new-name")).toMatchObject({ id, aliases: [toyUrn("old-name")] });
});

test("without the alias the same rename deletes one and creates another", async () => {
  const first = await world.stack(() => ({ id: world.toy("old-name", { name: "thing" }).id })).up();
  const renamed = await world.stack(() => ({ id: world.toy("new-name", { name: "thing" }).id })).up();
  expect(
    renamed.steps
      .filter((s) => s.name.endsWith("-name"))
      .map((s) => `${s.op} ${s.name}`)
      .sort(),
  ).toEqual(["create new-name", "delete old-name"]);
  expect(renamed.outputs["id"].value).not.toBe(first.outputs["id"].value);
});

test("a child moved under a new parent, with an alias to its old parent, keeps its id", async () => {
  const first = await world.stack(() => ({ id: world.toy("leaf").id })).up();
  const moved = await world
    .stack(() => {
      const group = new Group("group");
      return {
        id: world.toy("leaf", {}, { parent: group, aliases: [{ parent: pulumi.rootStackResource }] }).id,
      };
    })
    .up();
  expect(moved.outputs["id"].value).toBe(first.outputs["id"].value);
  expect(moved.steps.find((s) => s.name === "leaf")?.op).toBe("same");
  expect(findResource(world.state(), "leaf")?.urn).toBe(toyUrn("leaf", "my:demo:Group"));
});

test("children of a renamed parent are found under the parent's alias", async () => {
  const first = await world
    .stack(() => ({ id: world.toy("app-leaf", { name: "leaf" }, { parent: new Group("app") }).id }))
    .up();
  const renamed = await world
    .stack(() => {
      const group = new Group("service", { aliases: [{ name: "app" }] });
      // Named after its parent: `app-leaf` under `app` is looked for as the old URN of `service-leaf`.
      return { id: world.toy("service-leaf", { name: "leaf" }, { parent: group }).id };
    })
    .up();
  expect(renamed.outputs["id"].value).toBe(first.outputs["id"].value);
  expect(renamed.steps.map((s) => `${s.op} ${s.name}`).sort()).toEqual([
    "same proj-dev",
    "same service",
    "same service-leaf",
  ]);
});
