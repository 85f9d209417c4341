import * as pulumi from "@pulumi/pulumi";

import { captureResources, RegistrationError, type CapturedResource } from "../helpers/captureResources";
import { Toy } from "../helpers/fixtures/toyProvider";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../helpers/secrets";

const TOY_TYPE = "pulumi-nodejs:dynamic/toy:Toy";

function byName(resources: CapturedResource[], name: string): CapturedResource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

test("a dynamic resource arrives with its serialized provider, wrapped secrets and its options", async () => {
  const { resources } = await captureResources(
    () => {
      new Toy(
        "a",
        { name: "alpha", stateFile: "/nowhere", secretInput: pulumi.secret("shh") },
        { protect: true, ignoreChanges: ["size"], replaceOnChanges: ["name"], deleteBeforeReplace: true },
      );
    },
    { project: "proj", stack: "dev" },
  );
  const [toy] = resources;
  expect(toy).toMatchObject({
    kind: "register",
    type: TOY_TYPE,
    name: "a",
    urn: `urn:pulumi:dev::proj::${TOY_TYPE}::a`,
    custom: true,
    provider: "",
    id: undefined,
    options: {
      additionalSecretOutputs: ["token"],
      protect: true,
      ignoreChanges: ["size"],
      replaceOnChanges: ["name"],
      deleteBeforeReplace: true,
    },
  });
  expect(toy.inputs["secretInput"]).toEqual({ [SIG_KEY]: SECRET_SIG, value: "shh" });
  expect(toy.wireInputs["secretInput"]).toEqual({ [SIG_KEY]: SECRET_SIG, value: "shh" });
  expect(toy.inputs["__provider"]).toEqual(expect.stringMatching(/^exports\.handler = __f0;/));
  expect(toy.wireInputs["__provider"]).toBe(toy.inputs["__provider"]);
});

test("output properties declared undefined are not sent; dependencies and parents are", async () => {
  const { resources } = await captureResources(() => {
    const parent = new pulumi.ComponentResource("my:demo:Group", "group");
    const a = new Toy("a", { name: "alpha", stateFile: "/nowhere" }, { parent });
    new Toy("b", { name: a.id, stateFile: "/nowhere" }, { parent });
  });
  const b = byName(resources, "b");
  expect(Object.keys(b.wireInputs).sort()).toEqual(["__provider", "name", "stateFile"]);
  expect(b.urn).toBe(`urn:pulumi:stack::project::my:demo:Group$${TOY_TYPE}::b`);
  expect(b.options.dependencies).toEqual([byName(resources, "a").urn]);
  expect(b.wireInputs["name"]).toBe("a_id");
});

test("in preview, an unknown input is the sentinel on the wire and pulumi's unknown for newResource", async () => {
  const { resources } = await captureResources(
    () => {
      const a = new Toy("a", { name: "alpha", stateFile: "/nowhere" });
      new Toy("b", { name: a.id, stateFile: "/nowhere" });
    },
    { preview: true },
  );
  const b = byName(resources, "b");
  expect(b.wireInputs["name"]).toBe(UNKNOWN);
  expect(pulumi.isUnknown(b.inputs["name"])).toBe(true);
});

test("the program reads the given stack config", async () => {
  const { outputs } = await captureResources(() => ({ region: new pulumi.Config("toy").require("region") }), {
    config: { "toy:region": "cn-beijing-6" },
  });
  expect(outputs).toEqual({ region: "cn-beijing-6" });
});

test("a newResource handler answers with the id and state the program then sees", async () => {
  const { outputs } = await captureResources(
    () => {
      const toy = new Toy("a", { name: "alpha", stateFile: "/nowhere" });
      return { id: toy.id, token: toy.token };
    },
    { newResource: (r) => ({ id: "fixed-id", state: { ...r.inputs, token: "T" } }) },
  );
  expect(outputs).toEqual({ id: "fixed-id", token: "T" });
});

test("Resource.get is a read with the id; the import option is a registration with the id", async () => {
  const { resources } = await captureResources(() => {
    new Toy("got", { name: "g", stateFile: "/nowhere" }, { id: "toy-123" });
    new Toy("imported", { name: "i", stateFile: "/nowhere" }, { import: "toy-456" });
  });
  expect(byName(resources, "got")).toMatchObject({ kind: "read", id: "toy-123" });
  expect(byName(resources, "got").wireInputs["__provider"]).toEqual(expect.any(String));
  expect(byName(resources, "imported")).toMatchObject({ kind: "register", id: "toy-456" });
});

test("a handler that throws fails the capture with the resource's urn", async () => {
  const capture = captureResources(
    () => {
      new Toy("a", { name: "alpha", stateFile: "/nowhere" });
    },
    {
      newResource: () => {
        throw new Error("no such luck");
      },
    },
  );
  await expect(capture).rejects.toThrow(RegistrationError);
  await expect(capture).rejects.toThrow(`urn:pulumi:stack::project::${TOY_TYPE}::a: no such luck`);
});
