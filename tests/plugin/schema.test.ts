import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import schema from "../../provider/plugin/schema.json";

/**
 * The checked-in schema against Pulumi's published metaschema (pkg/codegen/schema/pulumi.json of pulumi/pulumi
 * at v3.248.0, Apache-2.0, kept unchanged in fixtures/ — see fixtures/README.md), and the promises the issue
 * makes about it.
 */
const METASCHEMA_BYTES = fs.readFileSync(path.join(__dirname, "fixtures/pulumi-package-metaschema.json"));
const METASCHEMA = JSON.parse(METASCHEMA_BYTES.toString("utf8"));
/**
 * sha256 of pkg/codegen/schema/pulumi.json at v3.248.0, computed from the engine's own file:
 * `git --git-dir=<pulumi/pulumi> show v3.248.0:pkg/codegen/schema/pulumi.json | sha256sum`
 * (git blob 3a3c2e0f3046cda0ad5c06a5c979b813f4d099e0). The fixture is in .prettierignore so it stays byte-exact.
 */
const METASCHEMA_SHA256 = "45c9aa5144ef1c1ef1ce3515a6d379d288558d36d189435dfa32a246b9d3ad4b";

interface Property {
  type?: string;
  $ref?: string;
  description?: string;
  secret?: boolean;
  items?: Property;
}
type Properties = Record<string, Property>;

function validator() {
  // The metaschema's "regex" and "uri-reference" formats are annotations here, not checked.
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(METASCHEMA);
}

test("validates against Pulumi's package metaschema (JSON Schema draft 2020-12)", () => {
  const validate = validator();
  expect(validate.errors ?? null).toBeNull();
  expect(validate(schema)).toBe(true);
});

test("the validator does reject a schema that breaks the metaschema", () => {
  const validate = validator();
  expect(validate({ ...schema, name: "kkms provider" })).toBe(false);
  expect(
    validate({ ...schema, resources: { "kkms:index:Key": { properties: { keyId: { type: 42 } } } } }),
  ).toBe(false);
});

test("the package, its version, tokens and public names", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
  expect(schema.name).toBe("kkms");
  expect(schema.version).toBe(manifest.version);
  expect(Object.keys(schema.resources).sort()).toEqual([
    "kkms:index:Ciphertext",
    "kkms:index:DataKey",
    "kkms:index:Key",
  ]);
  expect(Object.keys(schema.functions).sort()).toEqual([
    "kkms:index:decrypt",
    "kkms:index:encrypt",
    "kkms:index:generateDataKey",
    "kkms:index:getKey",
    "kkms:index:getKeys",
  ]);
  const outputs = (token: keyof typeof schema.resources) =>
    Object.keys(schema.resources[token].properties).sort();
  expect(outputs("kkms:index:Key")).toEqual(
    [
      "keyId",
      "keyName",
      "description",
      "keyState",
      "keyUsage",
      "origin",
      "chargeType",
      "region",
      "createTime",
    ].sort(),
  );
  // The dynamic Key's inputs, adoption included (KeyArgs in provider/key.ts and provider/native/key.ts).
  expect(Object.keys(schema.resources["kkms:index:Key"].inputProperties).sort()).toEqual(
    ["keyName", "description", "keyState", "keyUsage", "origin", "chargeType", "region", "adoptKeyId"].sort(),
  );
  expect(outputs("kkms:index:DataKey")).toEqual(
    ["keyId", "keySpec", "numberOfBytes", "region", "plaintext", "ciphertextBlob"].sort(),
  );
  expect(outputs("kkms:index:Ciphertext")).toEqual(["keyId", "plaintext", "region", "ciphertextBlob"].sort());
  expect(Object.keys(schema.config.variables).sort()).toEqual(
    ["region", "endpoint", "accessKeyId", "secretAccessKey", "maxAttempts"].sort(),
  );
});

function everyProperty(): [string, Property][] {
  const found: [string, Property][] = [];
  const add = (where: string, props: Properties | undefined) =>
    Object.entries(props ?? {}).forEach(([name, p]) => found.push([`${where}.${name}`, p]));
  add("config", schema.config.variables as Properties);
  add("provider", schema.provider.inputProperties as Properties);
  for (const [token, r] of Object.entries(schema.resources)) {
    add(`${token} output`, r.properties as Properties);
    add(`${token} input`, r.inputProperties as Properties);
  }
  for (const [token, f] of Object.entries(schema.functions)) {
    add(`${token} argument`, f.inputs.properties as Properties);
    add(`${token} result`, f.outputs.properties as Properties);
  }
  for (const [token, t] of Object.entries(schema.types)) add(token, t.properties as Properties);
  return found;
}

test("every property has a description and an example", () => {
  const lacking = everyProperty()
    .filter(([, p]) => !p.description || !/\n\nExample: `[^`]+`\.$/.test(p.description))
    .map(([where]) => where);
  expect(lacking).toEqual([]);
  expect(everyProperty().length).toBeGreaterThan(60);
});

test("every resource, function and the provider has a description with a TypeScript and a YAML example", () => {
  const documented = [
    ["provider", schema.provider.description],
    ...Object.entries(schema.resources).map(([t, r]) => [t, r.description]),
    ...Object.entries(schema.functions).map(([t, f]) => [t, f.description]),
  ];
  for (const [token, description] of documented) {
    expect([
      token,
      /{{% example %}}[\s\S]*```typescript[\s\S]*```yaml[\s\S]*{{% \/example %}}/.test(description),
    ]).toEqual([token, true]);
  }
});

test("secret properties are marked secret: every plaintext and the secret key", () => {
  const secrets = everyProperty()
    .filter(([, p]) => p.secret)
    .map(([where]) => where)
    .sort();
  expect(secrets).toEqual(
    [
      "config.secretAccessKey",
      "provider.secretAccessKey",
      "kkms:index:Ciphertext input.plaintext",
      "kkms:index:Ciphertext output.plaintext",
      "kkms:index:DataKey output.plaintext",
      "kkms:index:decrypt result.plaintext",
      "kkms:index:decrypt result.plaintextBase64",
      "kkms:index:encrypt argument.plaintext",
      "kkms:index:generateDataKey result.plaintext",
    ].sort(),
  );
});

test("the metaschema fixture is Pulumi's file, unchanged, with its license note", () => {
  expect(createHash("sha256").update(METASCHEMA_BYTES).digest("hex")).toBe(METASCHEMA_SHA256);
  expect(METASCHEMA.$id).toBe("https://github.com/pulumi/pulumi/blob/master/pkg/codegen/schema/pulumi.json");
  expect(METASCHEMA.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  expect(fs.readFileSync(path.join(__dirname, "fixtures/README.md"), "utf8")).toContain("Apache License 2.0");
});
