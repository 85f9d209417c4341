import * as pulumi from "@pulumi/pulumi";

import { findResource } from "../../offline-engine";
import { SECRET_SIG, SIG_KEY } from "../../offline-engine/providers/secrets";
import type { ToyArgs } from "../helpers/fixtures/toyProvider";
import { DEFAULT_PROVIDER_URN, ops, STACK_URN, TOY_TYPE, ToyWorld, toyUrn } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

let world: ToyWorld;
beforeEach(() => (world = new ToyWorld()));
afterEach(() => world.dispose());

/** A program of toys named by `args`' keys. */
function toys(args: Record<string, Partial<ToyArgs>>, opts: pulumi.CustomResourceOptions = {}) {
  return () => {
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const [name, toyArgs] of Object.entries(args)) ids[name] = world.toy(name, toyArgs, opts).id;
    return ids;
  };
}

class Group extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
  }

  publish(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

test("a first up creates, records the state in the engine's shape and prints the plan", async () => {
  const stack = world.stack(() => {
    const alpha = world.toy("alpha", { size: 2 });
    return { id: alpha.id, token: alpha.token };
  });
  const result = await stack.up();

  expect(ops(result.steps)).toEqual(["create alpha", "create proj-dev"]);
  const id = result.outputs["id"].value as string;
  expect(world.toys()[id]).toMatchObject({ name: "alpha", size: 2, configRegion: "cn-beijing-6" });
  expect(result.outputs).toEqual({
    id: { value: id, secret: false, known: true },
    token: { value: "token-of-alpha", secret: true, known: true },
  });
  expect(result.summary.split("\n")).toEqual([
    "Updating (dev):",
    "+ pulumi:pulumi:Stack proj-dev create",
    "+ toy:Toy alpha create",
    "",
    "Outputs:",
    `    id: "${id}"`,
    "    token: [secret]",
    "Resources: 2 created",
  ]);

  const state = world.state();
  expect(state).toEqual(stack.state());
  // The engine's order: the stack, then the default provider it made, then the toy that uses it.
  expect(state.resources.map((r) => r.urn)).toEqual([STACK_URN, DEFAULT_PROVIDER_URN, toyUrn("alpha")]);
  const provider = findResource(state, DEFAULT_PROVIDER_URN);
  expect(findResource(state, "alpha")).toEqual({
    urn: toyUrn("alpha"),
    type: TOY_TYPE,
    custom: true,
    id,
    parent: STACK_URN,
    provider: `${DEFAULT_PROVIDER_URN}::${provider?.id}`,
    inputs: { name: "alpha", size: 2, stateFile: world.toyFile, __provider: expect.any(String) },
    outputs: expect.objectContaining({
      name: "alpha",
      token: { [SIG_KEY]: SECRET_SIG, value: "token-of-alpha" },
      __provider: expect.stringMatching(/^exports\.handler/),
    }),
    dependencies: [],
    propertyDependencies: expect.any(Object),
    protect: false,
    retainOnDelete: false,
    external: false,
    additionalSecretOutputs: ["token"],
  });
  expect(findResource(state, STACK_URN)).toMatchObject({
    custom: false,
    outputs: { id, token: expect.anything() },
  });
  expect(findResource(state, STACK_URN)?.parent).toBeUndefined();
});

test("the same program again: all same, and the state is unchanged", async () => {
  const program = toys({ alpha: {}, beta: { size: 3 } });
  const stack = world.stack(program);
  const first = await stack.up();
  const toysBefore = world.toys();
  const stateBefore = world.state();

  const second = await stack.up();

  expect(ops(second.steps)).toEqual(["same alpha", "same beta", "same proj-dev"]);
  expect(world.toys()).toEqual(toysBefore);
  expect(second.outputs).toEqual(first.outputs);
  expect(second.summary).toContain("Resources: 3 unchanged");
  expect(world.state().resources.map((r) => [r.urn, r.id, r.outputs])).toEqual(
    stateBefore.resources.map((r) => [r.urn, r.id, r.outputs]),
  );
});

test("a changed input updates in place", async () => {
  const first = await world.stack(toys({ alpha: { size: 1 } })).up();
  const second = await world.stack(toys({ alpha: { size: 5 } })).up();

  expect(second.steps.find((s) => s.name === "alpha")).toMatchObject({ op: "update" });
  expect(second.outputs["alpha"]).toEqual(first.outputs["alpha"]);
  expect(world.toys()[second.outputs["alpha"].value as string].size).toBe(5);
  expect(second.summary).toContain("~ toy:Toy alpha update");
  expect(second.summary).toContain("Resources: 1 updated, 1 unchanged");
});

test("a replacing input creates the new resource before deleting the old one", async () => {
  const first = await world.stack(() => ({ id: world.toy("thing", { name: "old-name" }).id })).up();
  const oldId = first.outputs["id"].value as string;

  // The line of a step is printed the moment the step is done: look at the toy's own state then.
  const seen: Record<string, string[]> = {};
  const log = (line: string) => (seen[line] = world.toyNames());
  const second = await world.stack(() => ({ id: world.toy("thing", { name: "new-name" }).id }), { log }).up();

  const newId = second.outputs["id"].value as string;
  expect(newId).not.toBe(oldId);
  expect(second.steps.find((s) => s.name === "thing")).toMatchObject({
    op: "replace",
    changedProperties: ["name"],
  });
  expect(seen["+- toy:Toy thing replace [name]"]).toEqual(["new-name", "old-name"]);
  expect(seen["-- toy:Toy thing delete-replaced"]).toEqual(["new-name"]);
  expect(Object.keys(world.toys())).toEqual([newId]);
  expect(
    world
      .state()
      .resources.filter((r) => r.urn === toyUrn("thing"))
      .map((r) => r.id),
  ).toEqual([newId]);
  expect(second.summary).toContain("Resources: 1 replaced, 1 unchanged");
});

test.each<[string, Partial<ToyArgs>, pulumi.CustomResourceOptions, boolean]>([
  ["the provider's diff asks for delete-before-replace", { deleteBeforeReplace: true }, {}, true],
  ["the deleteBeforeReplace option asks for it", {}, { deleteBeforeReplace: true }, true],
  [
    "deleteBeforeReplace: false overrides the provider",
    { deleteBeforeReplace: true },
    { deleteBeforeReplace: false },
    false,
  ],
])("delete-before-replace: %s", async (_label, args, opts, deletesFirst) => {
  await world.stack(() => ({ id: world.toy("thing", { ...args, name: "old-name" }, opts).id })).up();
  const seen: string[][] = [];
  const log = (line: string) => (line.startsWith("-- ") ? seen.push(world.toyNames()) : 0);

  await world.stack(() => ({ id: world.toy("thing", { ...args, name: "new-name" }, opts).id }), { log }).up();

  // At the moment the old one was deleted, the new one existed only when creating came first.
  expect(seen).toEqual([deletesFirst ? [] : ["new-name"]]);
  expect(world.toyNames()).toEqual(["new-name"]);
});

test("a resource the program no longer declares is deleted; a new one is created", async () => {
  await world.stack(toys({ alpha: {}, beta: {} })).up();
  const result = await world.stack(toys({ alpha: {}, gamma: {} })).up();

  expect(ops(result.steps)).toEqual(["create gamma", "delete beta", "same alpha", "same proj-dev"]);
  expect(world.toyNames()).toEqual(["alpha", "gamma"]);
  expect(findResource(world.state(), "beta")).toBeUndefined();
  expect(result.summary).toContain("- toy:Toy beta delete");
  expect(result.summary).toContain("Resources: 1 created, 1 deleted, 2 unchanged");
});

test("ignoreChanges keeps the old value of an input", async () => {
  await world.stack(toys({ alpha: { size: 1 } }, { ignoreChanges: ["size"] })).up();
  const result = await world.stack(toys({ alpha: { size: 9 } }, { ignoreChanges: ["size"] })).up();

  expect(ops(result.steps)).toContain("same alpha");
  expect(findResource(world.state(), "alpha")?.inputs["size"]).toBe(1);
});

test("a dependent is created only after what it uses, and records that dependency", async () => {
  const order: string[] = [];
  const log = (line: string) => (line.startsWith("+ toy:Toy") ? order.push(line.split(" ")[2]) : 0);
  const result = await world
    .stack(
      () => {
        const a = world.toy("a");
        world.toy("b");
        const c = world.toy("c", { size: a.id.apply((id) => id.length) });
        return { c: c.size };
      },
      { log },
    )
    .up();

  expect(order[2]).toBe("c");
  expect(result.outputs["c"].value).toBe(10);
  const c = findResource(world.state(), "c");
  expect(c?.dependencies).toEqual([toyUrn("a")]);
  expect(c?.propertyDependencies["size"]).toEqual([toyUrn("a")]);
});

test("components are recorded without provider calls; URNs and parents are the engine's", async () => {
  const result = await world
    .stack(() => {
      const outer = new Group("my:demo:Outer", "outer");
      const inner = new Group("my:demo:Inner", "inner", { parent: outer });
      world.toy("leaf", {}, { parent: inner });
      outer.publish({ note: "hello" });
      return {};
    })
    .up();

  expect(result.steps.map((step) => step.urn).sort()).toEqual([
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner$pulumi-nodejs:dynamic/toy:Toy::leaf",
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner::inner",
    "urn:pulumi:dev::proj::my:demo:Outer::outer",
    STACK_URN,
  ]);
  const state = world.state();
  expect(findResource(state, "outer")).toMatchObject({
    custom: false,
    parent: STACK_URN,
    outputs: { note: "hello" },
  });
  expect(findResource(state, "leaf")?.parent).toBe(
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner::inner",
  );
});

test("the program and the provider both see the stack config, secrets included", async () => {
  const result = await world
    .stack(
      () => {
        const toy = world.toy("alpha");
        return {
          programRegion: new pulumi.Config("toy").require("region"),
          runtimeRegion: pulumi.runtime.getConfig("toy:region"),
          programToken: new pulumi.Config("toy").requireSecret("token"),
          providerRegion: toy.configRegion,
        };
      },
      { config: { "toy:region": "cn-shanghai-2", "toy:token": "sekrit-token" }, secretKeys: ["toy:token"] },
    )
    .up();

  expect(result.outputs["programRegion"].value).toBe("cn-shanghai-2");
  expect(result.outputs["runtimeRegion"].value).toBe("cn-shanghai-2");
  expect(result.outputs["programToken"]).toEqual({ value: "sekrit-token", secret: true, known: true });
  expect(result.outputs["providerRegion"].value).toBe("cn-shanghai-2");
  expect(Object.values(world.toys())[0].configTokenLength).toBe("sekrit-token".length);
});
