import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../../offline-engine/providers/secrets";
import { CaptureSession } from "../../offline-engine/capture/captureSession";
import { Toy } from "../helpers/fixtures/toyProvider";
import { ProgramRuns } from "../helpers/programRuns";
import type { CapturedResource } from "../../offline-engine/capture/recordRegistrations";

/**
 * recordRegistrations: what a program run by the real language host sends to the offline engine, recorded on the
 * SDK's own monitor client — the requests of every test that steps resources through the provider host itself.
 */
const TOY_TYPE = "pulumi-nodejs:dynamic/toy:Toy";
const programs = new ProgramRuns({ project: "proj", config: { "toy:region": "cn-beijing-6" } });
const toyFile = path.join(programs.dir, "toys.json");

afterAll(() => programs.dispose());

function byName(resources: CapturedResource[], name: string): CapturedResource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

test("a dynamic resource arrives with its serialized provider, wrapped secrets and its options", async () => {
  const { resources } = await programs.run(
    () =>
      void new Toy(
        "a",
        { name: "alpha", stateFile: toyFile, secretInput: pulumi.secret("shh") },
        { ignoreChanges: ["size"], replaceOnChanges: ["name"], deleteBeforeReplace: true },
      ),
    { stack: "dev", preview: true },
  );
  const [toy] = resources;
  expect(toy).toMatchObject({
    kind: "register",
    type: TOY_TYPE,
    name: "a",
    urn: `urn:pulumi:dev::proj::${TOY_TYPE}::a`,
    custom: true,
    id: undefined,
    options: {
      additionalSecretOutputs: ["token"],
      protect: false,
      ignoreChanges: ["size"],
      replaceOnChanges: ["name"],
      deleteBeforeReplace: true,
    },
  });
  expect(toy.wireInputs["secretInput"]).toEqual({ [SIG_KEY]: SECRET_SIG, value: "shh" });
  expect(toy.wireInputs["__provider"]).toEqual(expect.stringMatching(/^exports\.handler = __f0;/));
});

test("output properties declared undefined are not sent; dependencies and parents are", async () => {
  const { resources } = await programs.run(
    () => {
      const parent = new pulumi.ComponentResource("my:demo:Group", "group");
      const a = new Toy("a", { name: "alpha", stateFile: toyFile }, { parent });
      new Toy("b", { name: a.id, stateFile: toyFile }, { parent });
    },
    { stack: "parents" },
  );
  const b = byName(resources, "b");
  expect(Object.keys(b.wireInputs).sort()).toEqual(["__provider", "name", "stateFile"]);
  expect(b.urn).toBe(`urn:pulumi:parents::proj::my:demo:Group$${TOY_TYPE}::b`);
  expect(b.options.dependencies).toEqual([byName(resources, "a").urn]);
  const ids = Object.keys(JSON.parse(fs.readFileSync(toyFile, "utf8")) as object);
  expect(ids).toContain(b.wireInputs["name"]);
});

test("in preview, an unknown input is the sentinel on the wire", async () => {
  const { resources } = await programs.run(
    () => {
      const a = new Toy("a", { name: "alpha", stateFile: toyFile });
      new Toy("b", { name: a.id, stateFile: toyFile });
    },
    { preview: true },
  );
  expect(byName(resources, "b").wireInputs["name"]).toBe(UNKNOWN);
});

test("Resource.get is a read with the id; the import option is a registration with the id", async () => {
  // Neither toy exists: the preview fails once both were sent, and capture answers what was sent.
  const resources = await programs.capture(() => {
    new Toy("got", { name: "g", stateFile: toyFile }, { id: "toy-123" });
    new Toy("imported", { name: "i", stateFile: toyFile }, { import: "toy-456" });
  });
  expect(byName(resources, "got")).toMatchObject({ kind: "read", id: "toy-123" });
  expect(byName(resources, "got").wireInputs["__provider"]).toEqual(expect.any(String));
  expect(byName(resources, "imported")).toMatchObject({ kind: "register", id: "toy-456" });
});

test("a capture session: captures share a preview; one made while it ends starts a new one; a refusal ends it", async () => {
  const previews: string[] = [];
  const session = new CaptureSession((program) => {
    previews.push(`preview-${previews.length + 1}`);
    return programs.open("capture", program);
  });
  try {
    const first = await session.capture(() => void new Toy("one", { name: "one", stateFile: toyFile }));
    const second = await session.capture(() => void new Toy("two", { name: "two", stateFile: toyFile }));
    expect([first, second].map((r) => r.map((x) => x.name))).toEqual([["one"], ["two"]]);
    expect(previews).toHaveLength(1);
    // Ending, not yet ended: the next capture must not wait on it.
    const ending = session.close();
    const third = await session.capture(() => void new Toy("three", { name: "three", stateFile: toyFile }));
    await ending;
    expect(third.map((r) => r.name)).toEqual(["three"]);
    expect(previews).toHaveLength(2);
    // A URN already registered in this preview is refused by the engine: recorded still, and the preview ends.
    const again = await session.capture(() => void new Toy("three", { name: "three", stateFile: toyFile }));
    expect(again.map((r) => r.name)).toEqual(["three"]);
    await session.capture(() => void new Toy("four", { name: "four", stateFile: toyFile }));
    expect(previews).toHaveLength(3);
  } finally {
    await session.close();
  }
});
