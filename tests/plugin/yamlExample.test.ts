import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import schema from "../../provider/plugin/schema.json";
import {
  FUNCTIONS,
  PROVIDER_TYPE,
  RESOURCES,
  parseYamlProgram,
  typeOf,
  yamlProgramProblems,
} from "./support/yamlProgramCheck";

/**
 * No Pulumi YAML language host runs on these machines, so examples/native-yaml is checked against the schema
 * instead (support/yamlProgramCheck.ts): every type, property and function it uses exists, with a value of the
 * right type, and every `${name.property}` it reads is an output of that resource or function.
 */
const REPO = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(REPO, "examples/native-yaml");
const program = parseYamlProgram(fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"));

test("the program names the plugin by its package name and its bin's folder", () => {
  expect(program.plugins?.providers).toEqual([{ name: "kkms", path: "./node_modules/.bin" }]);
});

describe("its setup: `npm install` in the folder brings the plugin to the path Pulumi.yaml names", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "package.json"), "utf8"));

  test("it depends on this repository's package by path, and is no workspace, so npm installs into the folder", () => {
    expect(manifest.dependencies).toEqual({ "pulumi-kkms": "file:../.." });
    expect(require(path.join(EXAMPLE, "../../package.json")).name).toBe("pulumi-kkms");
    // A workspace's dependencies are hoisted to the repository's node_modules: ./node_modules/.bin would not exist.
    expect(require(path.join(REPO, "package.json")).workspaces).not.toContain("examples/native-yaml");
    expect(execFileSync("npm", ["prefix"], { cwd: EXAMPLE, encoding: "utf8" }).trim()).toBe(EXAMPLE);
  });

  test("after the install, the plugin path holds pulumi-resource-kkms, the package's bin", () => {
    // Installed in a copy (the repository's tree stays as it is), the dependency's path made absolute for it.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "native-yaml-"));
    try {
      fs.copyFileSync(path.join(EXAMPLE, "Pulumi.yaml"), path.join(copy, "Pulumi.yaml"));
      const dependencies = { "pulumi-kkms": `file:${path.resolve(EXAMPLE, "../..")}` };
      fs.writeFileSync(path.join(copy, "package.json"), JSON.stringify({ ...manifest, dependencies }));
      execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
        cwd: copy,
        stdio: "pipe",
      });
      const [provider] = program.plugins?.providers ?? [];
      const bin = path.join(copy, provider.path, "pulumi-resource-kkms");
      expect(fs.realpathSync(bin)).toBe(path.join(REPO, "dist/provider/plugin/main.js"));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

test("every resource type, property, function and argument exists in the schema with the right type", () => {
  expect(yamlProgramProblems(program)).toEqual([]);
});

test("it uses every resource type, the provider's, and at least four functions", () => {
  const resourceTypes = new Set(Object.values(program.resources ?? {}).map((r) => r.type));
  expect([...resourceTypes].sort()).toEqual([PROVIDER_TYPE, ...Object.keys(RESOURCES)].sort());
  const functions = new Set(Object.values(program.variables ?? {}).map((v) => v["fn::invoke"].function));
  expect([...functions].every((token) => token in FUNCTIONS)).toBe(true);
  expect(functions.size).toBeGreaterThanOrEqual(4);
});

test("every output reads a property the schema declares", () => {
  for (const [name, value] of Object.entries(program.outputs ?? {})) {
    expect([name, typeOf(program, value)]).not.toEqual([name, "resource"]);
  }
  expect(typeOf(program, "${enabledKeys.ids}")).toBe("array");
  expect(() => typeOf(program, "${app.keyArn}")).toThrow("keyArn is not an output of app");
});

test("the check does refuse what breaks the schema (its negative control)", () => {
  const broken = parseYamlProgram(`
config:
  token:
    type: integer
resources:
  app:
    type: kkms:index:Key
    properties:
      keyName: app
      color: blue
    options:
      provider: \${app}
  dk:
    type: kkms:index:DataKey
    properties:
      numberOfBytes: "32"
  alias:
    type: kkms:index:Alias
variables:
  sealed:
    fn::invoke:
      function: kkms:index:encrypt
      arguments:
        keyId: \${app.keyId}
        plaintext: \${token}
outputs:
  whole: \${app}
  arn: key-\${app.keyArn}
`);
  expect(yamlProgramProblems(broken)).toEqual([
    "app: color is not in the schema",
    "app: options.provider ${app} is not a kkms provider of the program",
    "dk: keyId is required",
    "dk.numberOfBytes: got string; the schema says integer",
    "alias: the schema has no resource kkms:index:Alias",
    "sealed.plaintext: got integer; the schema says string",
    "outputs.whole: ${app} is a whole resource, not one of its outputs",
    "outputs.arn: ${app.keyArn}: keyArn is not an output of app",
  ]);
});

test("stack config keys are the provider's", () => {
  for (const key of Object.keys(program.config ?? {}).filter((k) => k.startsWith("kkms:")))
    expect(Object.keys(schema.config.variables)).toContain(key.slice("kkms:".length));
});
