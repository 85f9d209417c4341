import * as pulumi from "@pulumi/pulumi";

import type { ToyArgs } from "../helpers/fixtures/toyProvider";
import { killAllProviderHosts } from "../helpers/providerHost";
import { SECRET_SIG, SIG_KEY } from "../helpers/secrets";
import { TOY_TYPE, ToyWorld, toyUrn } from "./support/toyStack";

const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";

let world: ToyWorld;
beforeEach(() => {
  world = new ToyWorld();
});
afterEach(() => world.dispose());
afterAll(killAllProviderHosts);

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

function ops(steps: { op: string; name: string }[]): string[] {
  return steps.map((step) => `${step.op} ${step.name}`).sort();
}

test("a first up creates, records the state and prints the plan", async () => {
  const stack = await world.open();
  const result = await stack.up(() => {
    const alpha = world.toy("alpha", { size: 2 });
    return { id: alpha.id, token: alpha.token };
  });

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
  expect(state.resources[toyUrn("alpha")]).toMatchObject({
    type: TOY_TYPE,
    name: "alpha",
    custom: true,
    id,
    parent: STACK_URN,
    inputs: { name: "alpha", size: 2, stateFile: world.toyFile, __provider: expect.any(String) },
    outputs: {
      name: "alpha",
      token: { [SIG_KEY]: SECRET_SIG, value: "token-of-alpha" },
      __provider: expect.stringMatching(/^exports\.handler/),
    },
    additionalSecretOutputs: ["token"],
    dependencies: [],
    protect: false,
    seq: 2,
  });
  expect(state.resources[STACK_URN]).toMatchObject({ custom: false, parent: "", seq: 1 });
  expect(state.resources[STACK_URN].outputs).toEqual({
    id,
    token: { [SIG_KEY]: SECRET_SIG, value: "token-of-alpha" },
  });
});

test("the same program again: all same, only check and diff reach the provider", async () => {
  const stack = await world.open();
  const program = toys({ alpha: {}, beta: { size: 3 } });
  const first = await stack.up(program);
  const toysBefore = world.toys();
  world.recorder.calls.length = 0;

  const second = await stack.up(program);

  expect(ops(second.steps)).toEqual(["same alpha", "same beta", "same proj-dev"]);
  expect(new Set(world.recorder.methods())).toEqual(new Set(["check", "diff"]));
  expect(world.toys()).toEqual(toysBefore);
  expect(second.outputs).toEqual(first.outputs);
  expect(second.summary).toContain("Resources: 3 unchanged");
});

test("a changed input updates in place", async () => {
  const stack = await world.open();
  const first = await stack.up(toys({ alpha: { size: 1 } }));
  const second = await stack.up(toys({ alpha: { size: 5 } }));

  expect(second.steps.find((s) => s.name === "alpha")).toMatchObject({
    op: "update",
    changedProperties: ["size"],
  });
  expect(second.outputs["alpha"]).toEqual(first.outputs["alpha"]);
  expect(world.toys()[second.outputs["alpha"].value as string].size).toBe(5);
  expect(second.summary).toContain("~ toy:Toy alpha update [size]");
  expect(second.summary).toContain("Resources: 1 updated, 1 unchanged");
});

test("a replacing input creates the new resource before deleting the old one", async () => {
  const stack = await world.open();
  const first = await stack.up(() => ({ id: world.toy("thing", { name: "old-name" }).id }));
  const oldId = first.outputs["id"].value as string;

  // The log line of a step is printed the moment the step is done: look at the toy's own state then.
  const seen: Record<string, string[]> = {};
  world.lines.length = 0;
  const watch = world.lines.push.bind(world.lines);
  world.lines.push = (line: string) => {
    seen[line] = world.toyNames();
    return watch(line);
  };
  const second = await stack.up(() => ({ id: world.toy("thing", { name: "new-name" }).id }));

  const newId = second.outputs["id"].value as string;
  expect(newId).not.toBe(oldId);
  expect(second.steps.find((s) => s.name === "thing")).toMatchObject({
    op: "replace",
    changedProperties: ["name"],
  });
  expect(seen["+- toy:Toy thing replace [name]"]).toEqual(["new-name", "old-name"]);
  expect(seen["-- toy:Toy thing delete-replaced"]).toEqual(["new-name"]);
  expect(Object.keys(world.toys())).toEqual([newId]);
  expect(world.state().pendingDeletes).toEqual([]);
  expect(world.state().resources[toyUrn("thing")].id).toBe(newId);
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
  const stack = await world.open();
  await stack.up(() => ({ id: world.toy("thing", { ...args, name: "old-name" }, opts).id }));
  const seen: string[][] = [];
  world.lines.push = (line: string) => (line.startsWith("-- ") ? seen.push(world.toyNames()) : 0);

  await stack.up(() => ({ id: world.toy("thing", { ...args, name: "new-name" }, opts).id }));

  // At the moment the old one was deleted, the new one existed only when creating came first.
  expect(seen).toEqual([deletesFirst ? [] : ["new-name"]]);
  expect(world.toyNames()).toEqual(["new-name"]);
});

test("a resource the program no longer declares is deleted; a new one is created", async () => {
  const stack = await world.open();
  await stack.up(toys({ alpha: {}, beta: {} }));
  const result = await stack.up(toys({ alpha: {}, gamma: {} }));

  expect(ops(result.steps)).toEqual(["create gamma", "delete beta", "same alpha", "same proj-dev"]);
  expect(world.toyNames()).toEqual(["alpha", "gamma"]);
  expect(Object.keys(world.state().resources)).not.toContain(toyUrn("beta"));
  expect(result.summary).toContain("- toy:Toy beta delete");
  expect(result.summary).toContain("Resources: 1 created, 1 deleted, 2 unchanged");
});

test("ignoreChanges keeps the old value of an input", async () => {
  const stack = await world.open();
  await stack.up(toys({ alpha: { size: 1 } }, { ignoreChanges: ["size"] }));
  const result = await stack.up(toys({ alpha: { size: 9 } }, { ignoreChanges: ["size"] }));

  expect(ops(result.steps)).toContain("same alpha");
  expect(world.state().resources[toyUrn("alpha")].inputs["size"]).toBe(1);
});

test("independent resources are created concurrently; dependents wait for what they use", async () => {
  const stack = await world.open({}, { hold: ["create"], holdMs: 300 });
  const result = await stack.up(() => {
    const a = world.toy("a");
    world.toy("b");
    const c = world.toy("c", { size: a.id.apply((id) => id.length) });
    return { c: c.size };
  });

  expect(world.recorder.maxInFlight("create")).toBe(2);
  const creates = world.recorder.calls.filter((call) => call.method === "create").map((call) => call.urn);
  expect(creates.indexOf(toyUrn("c"))).toBe(2);
  expect(result.outputs["c"].value).toBe(10);
  expect(world.state().resources[toyUrn("c")].dependencies).toEqual([toyUrn("a")]);
  expect(Object.keys(world.state().resources)).toHaveLength(4);
});

test("components are recorded without provider calls; URNs are the engine's", async () => {
  const stack = await world.open();
  const result = await stack.up(() => {
    const outer = new Group("my:demo:Outer", "outer");
    const inner = new Group("my:demo:Inner", "inner", { parent: outer });
    world.toy("leaf", {}, { parent: inner });
    outer.publish({ note: "hello" });
    return {};
  });

  const urns = result.steps.map((step) => step.urn).sort();
  expect(urns).toEqual([
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner$pulumi-nodejs:dynamic/toy:Toy::leaf",
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner::inner",
    "urn:pulumi:dev::proj::my:demo:Outer::outer",
    STACK_URN,
  ]);
  const outer = world.state().resources["urn:pulumi:dev::proj::my:demo:Outer::outer"];
  expect(outer).toMatchObject({ custom: false, parent: STACK_URN, outputs: { note: "hello" } });
  expect(world.recorder.calls.map((call) => call.urn)).toEqual([
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner$pulumi-nodejs:dynamic/toy:Toy::leaf",
    "urn:pulumi:dev::proj::my:demo:Outer$my:demo:Inner$pulumi-nodejs:dynamic/toy:Toy::leaf",
  ]);
});

test("the program and the provider both see the stack config, secrets included", async () => {
  const stack = await world.openPlain({
    config: { "toy:region": "cn-shanghai-2", "toy:token": "sekrit-token" },
    secretKeys: ["toy:token"],
  });
  const result = await stack.up(() => {
    const toy = world.toy("alpha");
    return {
      programRegion: new pulumi.Config("toy").require("region"),
      runtimeRegion: pulumi.runtime.getConfig("toy:region"),
      programToken: new pulumi.Config("toy").requireSecret("token"),
      providerRegion: toy.configRegion,
    };
  });
  expect(result.outputs["programRegion"].value).toBe("cn-shanghai-2");
  expect(result.outputs["runtimeRegion"].value).toBe("cn-shanghai-2");
  expect(result.outputs["programToken"]).toEqual({ value: "sekrit-token", secret: true, known: true });
  expect(result.outputs["providerRegion"].value).toBe("cn-shanghai-2");
  const toy = Object.values(world.toys())[0];
  expect(toy.configTokenLength).toBe("sekrit-token".length);
});
