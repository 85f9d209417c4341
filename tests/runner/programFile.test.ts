import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import type { UpResult } from "../helpers/offlineRunner";
import { ProgramLoadError } from "../helpers/offlineRunner";
import { killAllProviderHosts } from "../helpers/providerHost";
import { ToyWorld } from "./support/toyStack";

const PROGRAM = path.join(__dirname, "fixtures", "toyProgram.ts");

let world: ToyWorld;
beforeEach(() => {
  world = new ToyWorld();
});
afterEach(() => world.dispose());
afterAll(killAllProviderHosts);

function config(names: string): Record<string, string> {
  return {
    "toy:region": "cn-beijing-6",
    "toy:stateFile": world.toyFile,
    "toy:names": names,
    "toy:password": "p4ssw0rd",
  };
}

function ops(result: UpResult): string[] {
  return result.steps.map((step) => `${step.op} ${step.name}`).sort();
}

test("a program file runs anew on every up, with its local imports", async () => {
  const stack = await world.open({ config: config("a,b"), secretKeys: ["toy:password"] });
  const first = await stack.up(PROGRAM);
  expect(ops(first)).toEqual(["create a", "create b", "create proj-dev"]);
  expect(first.outputs["firstToken"]).toEqual({ value: "token-of-a", secret: true, known: true });
  expect(first.outputs["region"].value).toBe("cn-beijing-6");
  expect(Object.values(world.toys()).map((toy) => toy.secretInput)).toEqual(["p4ssw0rd", "p4ssw0rd"]);

  // Were the module not evaluated again, nothing would register and both toys would be deleted.
  const second = await stack.up(PROGRAM);
  expect(ops(second)).toEqual(["same a", "same b", "same proj-dev"]);
  expect(second.outputs).toEqual(first.outputs);
});

test("a missing program file fails before anything runs", async () => {
  const stack = await world.open();
  await expect(stack.up(path.join(world.dir, "nowhere.ts"))).rejects.toThrow(ProgramLoadError);
});

test("a program that would load another @pulumi/pulumi is refused: the mocks would not reach it", async () => {
  const project = path.join(world.dir, "elsewhere");
  fs.mkdirSync(path.join(project, "node_modules", "@pulumi", "pulumi"), { recursive: true });
  fs.writeFileSync(path.join(project, "node_modules", "@pulumi", "pulumi", "index.js"), "");
  fs.writeFileSync(path.join(project, "index.ts"), 'import "@pulumi/pulumi";\n');
  const stack = await world.open();
  await expect(stack.up(project)).rejects.toThrow(
    /resolves @pulumi\/pulumi to .*elsewhere.*mocks would not reach/,
  );
});

test("a .ts program file runs outside jest through the registerTypeScript hook", () => {
  const options = {
    stateFile: world.stateFile,
    project: "proj",
    stack: "dev",
    config: config("solo"),
    secretKeys: ["toy:password"],
    hostCwd: world.dir,
  };
  const child = spawnSync(
    process.execPath,
    [path.join(__dirname, "fixtures", "runProgramFile.js"), PROGRAM, JSON.stringify(options)],
    { encoding: "utf8", timeout: 60000 },
  );
  expect(child.stderr).toBe("");
  expect(child.status).toBe(0);
  const { first, second } = JSON.parse(child.stdout) as { first: UpResult; second: UpResult };
  expect(ops(first)).toEqual(["create proj-dev", "create solo"]);
  expect(ops(second)).toEqual(["same proj-dev", "same solo"]);
  expect(first.outputs["firstToken"]).toEqual({ value: "token-of-solo", secret: true, known: true });
  expect(world.toyNames()).toEqual(["solo"]);
  expect(world.state().resources["urn:pulumi:dev::proj::pulumi-nodejs:dynamic/toy:Toy::solo"]).toBeDefined();
});
