import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { REPO_ROOT } from "./support/toyStack";
import type { StackState } from "../../offline-engine";

// Each operation starts a program and plugins of its own: generous, on a busy machine.
jest.setTimeout(240_000);

/** `npm run offline-pulumi -- COMMAND [options]`: the compiled CLI (npm test builds dist/ first). */
const CLI = path.join(REPO_ROOT, "dist", "offline-engine", "cli.js");

/** A JavaScript project with a dynamic provider keeping its records in `things.json`. */
const PROGRAM = `
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const provider = {
  async create(inputs) {
    if (inputs.fail) throw new Error("refusing to create " + inputs.name);
    const file = inputs.file;
    const things = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    things[inputs.name] = inputs.size;
    fs.writeFileSync(file, JSON.stringify(things));
    return { id: "thing-" + inputs.name, outs: inputs };
  },
  async update(id, olds, news) {
    const things = JSON.parse(fs.readFileSync(news.file, "utf8"));
    things[news.name] = news.size;
    fs.writeFileSync(news.file, JSON.stringify(things));
    return { outs: news };
  },
  async read(id, props) {
    const things = JSON.parse(fs.readFileSync(props.file, "utf8"));
    // Inputs too: without a diff of its own, a refresh compares the refreshed inputs with the last ones.
    const live = { ...props, size: things[props.name] };
    return { id, props: live, inputs: live };
  },
  async delete(id, props) {
    const things = JSON.parse(fs.readFileSync(props.file, "utf8"));
    delete things[props.name];
    fs.writeFileSync(props.file, JSON.stringify(things));
  },
};
class Thing extends pulumi.dynamic.Resource {
  constructor(name, args) { super(provider, name, args, {}, "cli", "Thing"); }
}
const thing = new Thing("alpha", { name: "alpha", size: Number(config.get("size") ?? 1), file: config.require("file"), fail: config.getBoolean("fail") ?? false });
exports.size = thing.size;
exports.token = config.requireSecret("token");
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-pulumi-cli-"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: clitest\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  );
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "clitest", "main": "index.js" }\n');
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env["INIT_CWD"];
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 120000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** \`npm run offline-pulumi -- ARGS\` started in \`from\`, as a user would start it there (npm sets INIT_CWD to it). */
function npmRun(from: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // As from a shell: npm sets INIT_CWD itself; its update notice would only add noise.
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false" };
  delete env["INIT_CWD"];
  const result = spawnSync(
    "npm",
    ["--prefix", REPO_ROOT, "run", "--silent", "offline-pulumi", "--", ...args],
    {
      cwd: from,
      env,
      encoding: "utf8",
      timeout: 120000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONFIG = () => ["--config", `file=${path.join(dir, "things.json")}`, "--secret", "token=t0ps3cret"];

test.each([
  [[], /a COMMAND is required/],
  [
    ["deploy"],
    /unknown command "deploy"; the commands are preview, up, refresh, destroy, stack-output, state-delete/,
  ],
  [["up", "--config", "novalue"], /--config takes KEY=VALUE, got "novalue"/],
  [["up", "--config", "bad key=1"], /"bad key" is not a config key/],
  [["up", "--stack"], /--stack needs a value/],
  [["up", "--stack", "no/slashes"], /--stack: "no\/slashes" is not a stack name/],
  [["up", "--show-secrets"], /--show-secrets applies to stack-output/],
  [["refresh", "--refresh"], /--refresh applies to up and preview/],
  [["up", "--frobnicate"], /unknown option "--frobnicate"/],
  [["state-delete"], /state-delete needs a URN/],
  [["up", "--force"], /--force applies to state-delete/],
])("a bad command line %j exits 2, naming the problem", (args, message) => {
  const result = cli(...args);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain("usage: npm run offline-pulumi -- COMMAND [options]");
});

test("preview, up, stack-output, refresh and destroy, each exiting 0 with a Pulumi-like summary", () => {
  const preview = cli("preview", ...CONFIG());
  expect(preview.status).toBe(0);
  expect(preview.stdout).toContain("Previewing update (dev):");
  expect(preview.stdout).toContain("+ cli:Thing alpha create");
  expect(fs.existsSync(path.join(dir, ".pulumi-offline", "dev.json"))).toBe(false);

  const up = cli("up", ...CONFIG(), "--config", "size=3");
  expect(up.stderr).toBe("");
  expect(up.status).toBe(0);
  expect(up.stdout).toContain("+ cli:Thing alpha create");
  expect(up.stdout).toContain("Resources: 2 created");
  expect(up.stdout).toContain("    token: [secret]");
  const stateText = fs.readFileSync(path.join(dir, ".pulumi-offline", "dev.json"), "utf8");
  expect(stateText).toContain('"value": "t0ps3cret"');
  expect(JSON.parse(fs.readFileSync(path.join(dir, "things.json"), "utf8"))).toEqual({ alpha: 3 });

  const outputs = cli("stack-output");
  expect(outputs.status).toBe(0);
  expect(JSON.parse(outputs.stdout)).toEqual({ size: 3, token: "[secret]" });
  expect(JSON.parse(cli("stack-output", "--show-secrets").stdout)).toEqual({ size: 3, token: "t0ps3cret" });
  expect(JSON.parse(cli("stack-output", "size").stdout)).toBe(3);
  const missing = cli("stack-output", "nope");
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain("current stack does not have output property 'nope'");

  const changed = cli("up", ...CONFIG(), "--config", "size=4");
  expect(changed.status).toBe(0);
  expect(changed.stdout).toContain("~ cli:Thing alpha update");

  const refresh = cli("refresh", ...CONFIG());
  expect(refresh.status).toBe(0);
  expect(refresh.stdout).toContain("Refreshing (dev):");

  const destroy = cli("destroy", ...CONFIG());
  expect(destroy.status).toBe(0);
  expect(destroy.stdout).toContain("- cli:Thing alpha delete");
  expect(JSON.parse(fs.readFileSync(path.join(dir, "things.json"), "utf8"))).toEqual({});
});

test("a failed step exits 1, with the error in the summary; --state and --stack choose the state file", () => {
  const state = path.join(dir, "elsewhere", "prod.json");
  const result = cli("up", "--stack", "prod", "--state", state, ...CONFIG(), "--config", "fail=true");
  expect(result.status).toBe(1);
  expect(result.stdout).toContain("error: alpha: refusing to create alpha");
  expect(result.stdout).toContain("error: update failed");
  expect(JSON.parse(fs.readFileSync(state, "utf8"))).toMatchObject({
    version: 2,
    project: "clitest",
    stack: "prod",
  });
});

test("state-delete URN drops a resource from the state and leaves what it manages; refuses one others depend on", () => {
  expect(cli("up", ...CONFIG(), "--config", "size=5").status).toBe(0);
  const stateFile = path.join(dir, ".pulumi-offline", "dev.json");
  const urns = () =>
    (JSON.parse(fs.readFileSync(stateFile, "utf8")) as StackState).resources.map((r) => r.urn);
  const alpha = urns().find((urn) => urn.endsWith("::alpha")) as string;
  const root = urns().find((urn) => urn.includes("::pulumi:pulumi:Stack::")) as string;

  const refused = cli("state-delete", root);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain(
    `${root} can't be safely deleted because the following resources depend on it`,
  );

  const deleted = cli("state-delete", alpha);
  expect({ status: deleted.status, stdout: deleted.stdout }).toEqual({
    status: 0,
    stdout: "Resource deleted\n",
  });
  expect(urns()).not.toContain(alpha);
  // No provider was called: the thing is still there.
  expect(JSON.parse(fs.readFileSync(path.join(dir, "things.json"), "utf8"))).toEqual({ alpha: 5 });
  const again = cli("state-delete", alpha);
  expect(again.status).toBe(1);
  expect(again.stderr).toContain(`No such resource "${alpha}" exists in the current state`);
});

test("npm run offline-pulumi from another directory takes --cwd and a relative --state from there; up --refresh corrects drift", () => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "offline-pulumi-elsewhere-"));
  try {
    const project = path.relative(elsewhere, dir);
    const up = npmRun(elsewhere, "up", "--cwd", project, "--state", "states/dev.json", ...CONFIG());
    expect(up.status).toBe(0);
    expect(up.stdout).toContain("+ cli:Thing alpha create");
    // Resolved from INIT_CWD (where npm was started), not from the repository npm runs the script in.
    const stateFile = path.join(elsewhere, "states", "dev.json");
    expect(JSON.parse(fs.readFileSync(stateFile, "utf8"))).toMatchObject({
      project: "clitest",
      stack: "dev",
    });
    expect(fs.existsSync(path.join(REPO_ROOT, "states"))).toBe(false);

    fs.writeFileSync(path.join(dir, "things.json"), JSON.stringify({ alpha: 9 }));
    const refreshed = cli("up", "--refresh", "--cwd", dir, "--state", stateFile, ...CONFIG());
    expect(refreshed.status).toBe(0);
    expect(refreshed.stdout).toContain("~ cli:Thing alpha update [size]");
    // Each resource counted once, though the refresh step of each is shown too (update.go:1105-1122).
    expect(refreshed.stdout).toContain("Resources: 1 updated, 1 unchanged");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "things.json"), "utf8"))).toEqual({ alpha: 1 });
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});
