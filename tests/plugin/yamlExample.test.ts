import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import schema from "../../provider/plugin/schema.json";

/**
 * No Pulumi YAML language host runs on these machines, so examples/native-yaml is checked against the schema
 * instead: every type, property and function it uses exists, with a value of the right type, and every
 * `${name.property}` it reads is an output of that resource or function.
 */
interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
}
type Properties = Record<string, Property>;
interface Program {
  plugins: { providers: { name: string; path: string }[] };
  config: Record<string, { type?: string; secret?: boolean; value?: unknown }>;
  resources: Record<
    string,
    { type: string; properties?: Record<string, unknown>; options?: Record<string, unknown> }
  >;
  variables: Record<string, { "fn::invoke": { function: string; arguments: Record<string, unknown> } }>;
  outputs: Record<string, string>;
}

const program = yaml.load(
  fs.readFileSync(path.resolve(__dirname, "../../examples/native-yaml/Pulumi.yaml"), "utf8"),
) as Program;
const resources = schema.resources as Record<
  string,
  { inputProperties: Properties; properties: Properties; requiredInputs?: string[] }
>;
const functions = schema.functions as Record<
  string,
  { inputs: { properties: Properties; required?: string[] }; outputs: { properties: Properties } }
>;
const PROVIDER_TYPE = "pulumi:providers:kkms";

/** What a name in `${name.property}` refers to: a resource, an invoke, or a config value. */
function outputsOf(name: string): Properties | "config" {
  const resource = program.resources[name];
  if (resource)
    return resource.type === PROVIDER_TYPE
      ? (schema.provider.properties as Properties)
      : resources[resource.type].properties;
  const variable = program.variables[name];
  if (variable) return functions[variable["fn::invoke"].function].outputs.properties;
  if (program.config[name]) return "config";
  throw new Error(`\${${name}} names nothing in the program`);
}

/** The schema type a value has: a literal's own, or the type of the output an interpolation reads. */
function typeOf(value: unknown): string {
  if (typeof value === "string") {
    const reference = /^\$\{([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?\}$/.exec(value);
    if (!reference) return "string";
    const [, name, property] = reference;
    const outputs = outputsOf(name);
    if (outputs === "config") return program.config[name].type ?? "string";
    if (!property) return "resource";
    const spec = outputs[property];
    if (!spec) throw new Error(`${value}: ${property} is not an output of ${name}`);
    return spec.type ?? "object";
  }
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function checkArguments(
  where: string,
  given: Record<string, unknown>,
  declared: Properties,
  required: string[] = [],
) {
  for (const name of required) expect([where, name, name in given]).toEqual([where, name, true]);
  for (const [name, value] of Object.entries(given)) {
    expect([where, name, name in declared]).toEqual([where, name, true]);
    const expected = declared[name].type;
    const actual = typeOf(value);
    // An integer literal is a number too; a string argument takes any interpolated string.
    const fits = actual === expected || (expected === "number" && actual === "integer");
    expect([where, name, actual]).toEqual([where, name, fits ? actual : expected]);
  }
}

test("the program names the plugin by its package name and its bin's folder", () => {
  expect(program.plugins.providers).toEqual([{ name: "kkms", path: "./node_modules/.bin" }]);
});

test("every resource type and property exists in the schema with the right type", () => {
  const used = new Set<string>();
  for (const [name, resource] of Object.entries(program.resources)) {
    used.add(resource.type);
    if (resource.type === PROVIDER_TYPE) {
      checkArguments(name, resource.properties ?? {}, schema.provider.inputProperties as Properties);
      continue;
    }
    expect([name, resource.type in resources]).toEqual([name, true]);
    const spec = resources[resource.type];
    checkArguments(name, resource.properties ?? {}, spec.inputProperties, spec.requiredInputs);
    const provider = resource.options?.provider;
    if (provider !== undefined)
      expect(program.resources[String(provider).slice(2, -1)].type).toBe(PROVIDER_TYPE);
  }
  expect([...used].sort()).toEqual([PROVIDER_TYPE, ...Object.keys(resources)].sort());
});

test("every function and argument exists in the schema with the right type", () => {
  const used = new Set<string>();
  for (const [name, variable] of Object.entries(program.variables)) {
    const { function: token, arguments: args } = variable["fn::invoke"];
    used.add(token);
    expect([name, token in functions]).toEqual([name, true]);
    checkArguments(name, args, functions[token].inputs.properties, functions[token].inputs.required);
  }
  expect(used.size).toBeGreaterThanOrEqual(4);
});

test("every output reads a property the schema declares", () => {
  for (const [name, value] of Object.entries(program.outputs)) {
    expect([name, typeOf(value)]).not.toEqual([name, "resource"]);
  }
  expect(typeOf("${enabledKeys.ids}")).toBe("array");
  expect(() => typeOf("${app.keyArn}")).toThrow("keyArn is not an output of app");
});

test("stack config keys are the provider's", () => {
  for (const key of Object.keys(program.config).filter((k) => k.startsWith("kkms:")))
    expect(Object.keys(schema.config.variables)).toContain(key.slice("kkms:".length));
});
