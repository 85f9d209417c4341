import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { findResource, openStack, OperationFailedError, type OpenStackOptions } from "../../offline-engine";
import { explained, REPO_ROOT, ToyWorld } from "./support/toyStack";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * A project directory runs as `pulumi up` runs it: the Node.js language host starts `@pulumi/pulumi/cmd/run` from the
 * project with the monitor and engine addresses, project, stack, dry-run flag, config and secret keys
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go at v3.248.0), and cmd/run loads the TypeScript with ts-node. The
 * probe program (tests/engine/fixtures/probe-project) reports what it sees through the SDK's public surface.
 */
const FIXTURE = path.resolve(__dirname, "fixtures", "probe-project");
const TOY_PROVIDER = path.resolve(__dirname, "../helpers/fixtures/toyProvider");

let dir: string;
beforeEach(() => {
  // A copy of the probe project, so a test can add files; its node_modules is the repository's.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-project-"));
  for (const file of fs.readdirSync(FIXTURE)) {
    const text = fs.readFileSync(path.join(FIXTURE, file), "utf8");
    fs.writeFileSync(
      path.join(dir, file),
      text.replace("../../../helpers/fixtures/toyProvider", TOY_PROVIDER),
    );
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function probe(options: Partial<OpenStackOptions> = {}) {
  return openStack({
    cwd: dir,
    stack: "dev",
    secretKeys: ["password"],
    ...options,
    config: { password: "s3cret-probe", "probe:toyFile": path.join(dir, "toys.json"), ...options.config },
  });
}

test("the program sees the project, stack, config and secrets the engine gives it, and runs as TypeScript from its directory", async () => {
  fs.writeFileSync(
    path.join(dir, "Pulumi.dev.yaml"),
    "config:\n  probe:fromStackFile: from Pulumi.dev.yaml\n",
  );
  const result = await explained(
    probe({ config: { "probe:toys": "one", "probe:toyFile": path.join(dir, "toys.json") } }).up(),
  );

  const values = Object.fromEntries(
    Object.entries(result.outputs).map(([name, output]) => [name, output.value]),
  );
  expect(values).toMatchObject({
    dryRun: false,
    organization: "organization",
    project: "probe",
    stack: "dev",
    greeting: "hello from Pulumi.yaml",
    fromProject: "project-default",
    fromStackFile: "from Pulumi.dev.yaml",
    password: "s3cret-probe",
    cwd: path.basename(dir),
    rootDirectory: path.basename(dir),
    typescriptModule: ".ts",
  });
  expect(result.outputs["password"].secret).toBe(true);
  expect(result.outputs["greeting"].secret).toBe(false);
  expect(result.diagnostics).toContainEqual({
    severity: "info",
    message: `probe: running in ${fs.realpathSync(dir)}`,
  });
  expect(findResource(probe().state(), "one")?.id).toMatch(/^one-/);
});

test("an inline program, run through the SDK's LanguageServer, is told the local backend's organization", async () => {
  // pkg/backend/diy/state.go:102 at v3.248.0: the diy backend always names the organization "organization".
  const world = new ToyWorld();
  try {
    const result = await explained(world.stack(() => ({ organization: pulumi.getOrganization() })).up());
    expect(result.outputs["organization"].value).toBe("organization");
  } finally {
    world.dispose();
  }
});

test("a preview runs the same program with isDryRun() true", async () => {
  const result = await probe({ env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } }).preview();
  expect(result.outputs["dryRun"].value).toBe(true);
  expect(result.summary.split("\n")[0]).toBe("Previewing update (dev):");
});

test("a program that throws fails the update, reported by the language host, and nothing is deleted", async () => {
  const env = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
  await explained(probe({ env, config: { "probe:toys": "keep" } }).up());
  const error = await probe({ env, config: { "probe:mode": "throw" } })
    .up()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OperationFailedError);
  const { diagnostics } = error as OperationFailedError;
  expect(diagnostics.find((d) => d.severity === "error")?.message).toMatch(/the program broke on purpose/);
  expect(findResource(probe().state(), "keep")).toBeDefined();
});

test("a type error fails the program, as ts-node reports it under pulumi up", async () => {
  fs.appendFileSync(path.join(dir, "index.ts"), '\nexport const wrong: number = "not a number";\n');
  const error = await probe()
    .up()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OperationFailedError);
  expect((error as OperationFailedError).diagnostics.map((d) => d.message).join("\n")).toMatch(
    /Type 'string' is not assignable to type 'number'/,
  );
});
