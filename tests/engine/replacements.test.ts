import * as pulumi from "@pulumi/pulumi";

import { findResource } from "../../offline-engine";
import { ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * Delete-before-replace and its dependents (pkg/resource/deploy/step_generator.go at v3.248.0,
 * `continueStepsFromDiff` and `calculateDependentReplacements`): before deleting a resource that is replaced
 * delete-first, the engine deletes every resource that depends on it and would be replaced by the change — those
 * whose inputs come from it, when their provider's Diff (with those inputs unknown) says "replace" — dependents
 * first; they are recreated when the program registers them again. A dependent whose input change is in place, or
 * that only depends on it through `dependsOn`, is left alone.
 */
let world: ToyWorld;
beforeEach(() => (world = new ToyWorld()));
afterEach(() => world.dispose());

/** `base` replaced delete-first; `named` takes its name from base's (a replacing input of the toy's diff). */
function program(baseName: string, extra: Record<string, unknown> = {}) {
  return () => {
    const base = world.toy("base", { name: baseName }, { deleteBeforeReplace: true });
    const named = world.toy("named", { name: pulumi.interpolate`${base.name}-child` });
    const sized = world.toy("sized", { size: base.name.apply((n) => n.length) });
    const ordered = world.toy("ordered", {}, { dependsOn: [base] });
    return { ...extra, named: named.id, sized: sized.id, ordered: ordered.id };
  };
}

test("the dependents a replacement would replace are deleted before it and recreated after", async () => {
  await world.stack(program("one")).up();
  const before = world.state();
  const idOf = (name: string) => findResource(before, name)?.id;
  const events: string[] = [];
  const log = (line: string) => {
    if (/^(\+-|--|~|\+|-) /.test(line)) events.push(`${line} | toys: ${world.toyNames().join(",")}`);
  };

  const result = await world.stack(program("three"), { log }).up();

  // named's input comes from base's name, and a new name replaces a toy: it goes first, and comes back. (Each line
  // is printed once its step is done.)
  expect(events.slice(0, 3)).toEqual([
    "-- toy:Toy named delete-replaced | toys: one,ordered,sized",
    "-- toy:Toy base delete-replaced | toys: ordered,sized",
    "+- toy:Toy base replace [name] | toys: ordered,sized,three",
  ]);
  expect(
    result.steps
      .filter((s) => s.op === "replace")
      .map((s) => s.name)
      .sort(),
  ).toEqual(["base", "named"]);
  // sized's change of size is an update; ordered only depends on base through dependsOn: both are left in place.
  expect(result.steps.find((s) => s.name === "sized")?.op).toBe("update");
  expect(result.steps.find((s) => s.name === "ordered")?.op).toBe("same");
  const after = world.state();
  expect(findResource(after, "sized")?.id).toBe(idOf("sized"));
  expect(findResource(after, "ordered")?.id).toBe(idOf("ordered"));
  expect(findResource(after, "named")?.id).not.toBe(idOf("named"));
  expect(world.toyNames()).toEqual(["ordered", "sized", "three", "three-child"]);
  expect(after.resources.some((r) => r.delete || r.pendingReplacement)).toBe(false);
});

test("a preview shows the same replacements and deletes nothing", async () => {
  await world.stack(program("one")).up();
  const result = await world.stack(program("two")).preview();
  expect(
    result.steps
      .filter((s) => s.op === "replace")
      .map((s) => s.name)
      .sort(),
  ).toEqual(["base", "named"]);
  expect(result.summary).toContain("-- toy:Toy named delete-replaced");
  expect(world.toyNames()).toEqual(["one", "one-child", "ordered", "sized"]);
});

test("a protected dependent stops the replacement before anything is deleted", async () => {
  const guarded = (baseName: string) => () => {
    const base = world.toy("base", { name: baseName }, { deleteBeforeReplace: true });
    world.toy("named", { name: pulumi.interpolate`${base.name}-child` }, { protect: true });
    return {};
  };
  await world.stack(guarded("one")).up();
  const error = await world
    .stack(guarded("two"))
    .up()
    .catch((e: Error) => e);
  expect((error as Error).message).toMatch(
    new RegExp(`unable to replace resource "${toyUrn("named").replace(/[$]/g, "\\$")}" as part of replacing`),
  );
  expect(world.toyNames()).toEqual(["one", "one-child"]);
});
