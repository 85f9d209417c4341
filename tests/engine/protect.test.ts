import { OperationFailedError } from "../../offline-engine";
import { ops, ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * Protected resources (pkg/resource/deploy/step.go DeleteStep.Apply, step_executor.go cancelDueToError,
 * step_generator.go continueStepsFromDiff at v3.248.0). A protected resource is never deleted: its delete step is
 * refused — in a preview too, the check comes before the preview's early return — and reported as an error, but
 * the engine carries on past it (deleteProtectedError is the one failure that does not cancel the deployment), so
 * the rest of the plan runs and every protected delete is reported; the operation then fails. A protected replace
 * is an error too; a preview reports it and carries on with the plan, an update stops before creating anything.
 */
let world: ToyWorld;
beforeEach(() => (world = new ToyWorld()));
afterEach(() => world.dispose());

async function failure(run: Promise<unknown>): Promise<OperationFailedError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationFailedError);
  return error as OperationFailedError;
}

const DELETE_REFUSED = (name: string) =>
  `resource "${toyUrn(name)}" cannot be deleted\nbecause it is protected. To unprotect the resource`;

test("a preview reports every protected delete, plans the rest, and fails; nothing changes", async () => {
  await world
    .stack(() => {
      world.toy("keep-a", {}, { protect: true });
      world.toy("keep-b", {}, { protect: true });
      world.toy("gone");
      return {};
    })
    .up();
  const stateBefore = world.state();

  const error = await failure(world.stack(() => ({ id: world.toy("fresh").id })).preview());

  const messages = error.errors.map((e) => e.message);
  expect(
    messages
      .filter((m) => m.startsWith('resource "'))
      .map((m) => m.split("\n")[0])
      .sort(),
  ).toEqual([DELETE_REFUSED("keep-a"), DELETE_REFUSED("keep-b")].map((m) => m.split("\n")[0]).sort());
  // The rest of the plan is there: the new toy and the unprotected delete.
  expect(ops(error.steps)).toEqual(expect.arrayContaining(["create fresh", "delete gone"]));
  expect(error.summary).toContain("error: preview failed");
  expect(world.state()).toEqual(stateBefore);
  expect(world.toyNames()).toEqual(["gone", "keep-a", "keep-b"]);
});

test("an up deletes what is not protected, refuses what is, and fails", async () => {
  await world
    .stack(() => {
      world.toy("keep", {}, { protect: true });
      world.toy("gone");
      return {};
    })
    .up();
  const error = await failure(world.stack(() => ({})).up());
  expect(error.message).toContain(DELETE_REFUSED("keep"));
  expect(world.toyNames()).toEqual(["keep"]);
  expect(world.state().resources.map((r) => r.urn)).toContain(toyUrn("keep"));
  await expect(world.stack(() => ({})).destroy()).rejects.toThrow(
    /cannot be deleted\nbecause it is protected/,
  );
  expect(world.toyNames()).toEqual(["keep"]);
});

test("a protected replace fails an up before anything is created; a preview plans it and fails", async () => {
  await world.stack(() => ({ id: world.toy("keep", { name: "one" }, { protect: true }).id })).up();
  const change = world.stack(() => ({ id: world.toy("keep", { name: "two" }, { protect: true }).id }));

  const previewed = await failure(change.preview());
  expect(previewed.steps.find((s) => s.name === "keep")?.op).toBe("replace");
  expect(previewed.message).toMatch(
    /unable to replace resource ".*::keep"\nas it is currently marked for protection/,
  );

  const updated = await failure(change.up());
  expect(updated.message).toMatch(
    /unable to replace resource ".*::keep"\nas it is currently marked for protection/,
  );
  expect(world.toyNames()).toEqual(["one"]);
});
