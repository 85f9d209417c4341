import * as fs from "fs";

import * as pulumi from "@pulumi/pulumi";

import { findResource, OperationFailedError } from "../../offline-engine";
import { isSecret, type PropertyValue } from "../../offline-engine/providers/secrets";
import { ops, ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

let world: ToyWorld;
beforeEach(() => (world = new ToyWorld()));
afterEach(() => world.dispose());

/** JSON paths at which `plaintext` occurs in a string that is not inside a secret wrapper. */
function unwrappedOccurrences(value: PropertyValue, plaintext: string, at = "$"): string[] {
  if (isSecret(value)) return [];
  if (typeof value === "string") return value.includes(plaintext) ? [at] : [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => unwrappedOccurrences(item, plaintext, `${at}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) =>
      unwrappedOccurrences(item, plaintext, `${at}.${key}`),
    );
  }
  return [];
}

async function failure(run: Promise<unknown>): Promise<OperationFailedError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationFailedError);
  return error as OperationFailedError;
}

test("secrets stay wrapped in the state file through create, update and refresh (secret config included)", async () => {
  const stack = (size: number) =>
    world.stack(
      () => {
        const toy = world.toy("vault", { size, secretInput: pulumi.secret("hunter2-plaintext") });
        return { secretInput: toy.secretInput, token: toy.token, plain: toy.name };
      },
      { config: { "toy:region": "r", "toy:token": "config-secret-value" }, secretKeys: ["toy:token"] },
    );
  const created = await stack(1).up();
  expect(created.outputs).toEqual({
    secretInput: { value: "hunter2-plaintext", secret: true, known: true },
    token: { value: "token-of-vault", secret: true, known: true },
    plain: { value: "vault", secret: false, known: true },
  });
  expect(created.summary).toContain("    secretInput: [secret]");
  expect(created.summary).not.toContain("hunter2-plaintext");

  for (const step of [() => stack(2).up(), () => stack(2).refresh()]) {
    await step();
    const text = fs.readFileSync(world.stateFile, "utf8");
    expect(text).toContain("hunter2-plaintext");
    for (const plaintext of ["hunter2-plaintext", "token-of-vault", "config-secret-value"]) {
      expect(unwrappedOccurrences(JSON.parse(text), plaintext)).toEqual([]);
    }
  }
  // The provider got the plain value (the engine strips secrets for a provider that does not accept them).
  expect(Object.values(world.toys())[0].secretInput).toBe("hunter2-plaintext");
});

test("a check failure names the resource, the property and the reason; nothing is created", async () => {
  const error = await failure(world.stack(() => ({ id: world.toy("bad", { name: "" }).id })).up());
  const message =
    "pulumi-nodejs:dynamic/toy:Toy resource 'bad': property name value {} has a problem: name must be a non-empty string";
  expect(error.message).toBe(message);
  expect(error.summary).toContain(`error: bad: ${message}`);
  expect(world.toys()).toEqual({});
});

test("a partial create is recorded with its init errors; the next up finishes it with an update", async () => {
  const error = await failure(
    world.stack(() => ({ id: world.toy("half", { failCreate: "partial" }).id })).up(),
  );
  expect(error.message).toBe("still warming up");
  const recorded = findResource(world.state(), "half");
  expect(recorded).toMatchObject({ initErrors: ["still warming up"], outputs: { name: "half" } });
  expect(Object.keys(world.toys())).toEqual([recorded?.id]);

  const finished = await world.stack(() => ({ id: world.toy("half").id })).up();
  expect(finished.steps.find((s) => s.name === "half")?.op).toBe("update");
  expect(finished.outputs["id"].value).toBe(recorded?.id);
  expect(findResource(world.state(), "half")?.initErrors).toBeUndefined();
});

test("a failure mid-run leaves a valid state holding what finished; nothing is deleted; a fixed program carries on", async () => {
  await world.stack(() => ({ keep: world.toy("keep").id })).up();
  const error = await failure(
    world
      .stack(() => {
        world.toy("ok");
        const broken = world.toy("broken", { failCreate: "error" });
        world.toy("after", { size: broken.id.apply((id) => id.length) });
        return {};
      })
      .up(),
  );

  expect(error.message).toBe("toy refused to create broken");
  // keep is no longer declared, but the failed run deletes nothing.
  expect(world.toyNames()).toEqual(["keep", "ok"]);
  expect(world.state().resources.map((r) => r.urn)).toEqual(
    expect.arrayContaining([toyUrn("ok"), toyUrn("keep")]),
  );
  expect(findResource(world.state(), "after")).toBeUndefined();
  expect(fs.readdirSync(world.dir).filter((file) => file.endsWith(".tmp"))).toEqual([]);

  const fixed = await world
    .stack(() => {
      world.toy("ok");
      const broken = world.toy("broken");
      world.toy("after", { size: broken.id.apply((id) => id.length) });
      return {};
    })
    .up();
  expect(ops(fixed.steps)).toEqual([
    "create after",
    "create broken",
    "delete keep",
    "same ok",
    "same proj-dev",
  ]);
});

test("the old half of a replacement that fails to delete waits in the state; a later up deletes it", async () => {
  const first = await world.stack(() => ({ id: world.toy("thing", { name: "one" }).id })).up();
  const oldId = first.outputs["id"].value as string;
  const oldRecord = world.toys()[oldId];
  world.editToys((toys) => delete toys[oldId]);
  const program = () => ({ id: world.toy("thing", { name: "two" }).id });

  const error = await failure(world.stack(program).up());

  expect(error.message).toBe(`toy ${oldId} cannot be deleted`);
  const things = world.state().resources.filter((r) => r.urn === toyUrn("thing"));
  expect(things.map((r) => [r.id === oldId, r.delete ?? false])).toEqual([
    [false, false],
    [true, true],
  ]);

  world.editToys((toys) => (toys[oldId] = oldRecord));
  const retried = await world.stack(program).up();
  expect(retried.steps.find((s) => s.name === "thing")?.op).toBe("same");
  expect(retried.summary).toContain("-- toy:Toy thing delete-replaced");
  expect(world.state().resources.filter((r) => r.urn === toyUrn("thing"))).toHaveLength(1);
  expect(world.toyNames()).toEqual(["two"]);
});

test("a duplicate URN is refused, as the engine refuses it", async () => {
  const error = await failure(
    world
      .stack(() => {
        world.toy("twice");
        world.toy("twice");
        return {};
      })
      .up(),
  );
  expect(error.message).toBe(`Duplicate resource URN '${toyUrn("twice")}'; try giving it a unique name`);
});
