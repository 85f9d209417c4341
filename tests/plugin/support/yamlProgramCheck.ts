import * as yaml from "js-yaml";
import schema from "../../../provider/plugin/schema.json";

/**
 * A Pulumi YAML program on the kkms package, checked against the schema instead of run (no Pulumi YAML language
 * host runs on these machines): every type, property and function it uses exists, with a value of the right type,
 * and every `${name.property}` it reads is an output of that resource or function, or a config value it declares.
 */
interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
}
type Properties = Record<string, Property>;

export interface YamlProgram {
  plugins?: { providers: { name: string; path: string }[] };
  config?: Record<string, { type?: string; secret?: boolean; value?: unknown }>;
  resources?: Record<
    string,
    { type: string; properties?: Record<string, unknown>; options?: Record<string, unknown> }
  >;
  variables?: Record<string, { "fn::invoke": { function: string; arguments?: Record<string, unknown> } }>;
  outputs?: Record<string, string>;
}

export const PROVIDER_TYPE = "pulumi:providers:kkms";
export const RESOURCES = schema.resources as Record<
  string,
  { inputProperties: Properties; properties: Properties; requiredInputs?: string[] }
>;
export const FUNCTIONS = schema.functions as Record<
  string,
  { inputs: { properties: Properties; required?: string[] }; outputs: { properties: Properties } }
>;

export function parseYamlProgram(text: string): YamlProgram {
  return (yaml.load(text) ?? {}) as YamlProgram;
}

/** What a name in `${name.property}` refers to: a resource, an invoke, or a config value. */
function outputsOf(program: YamlProgram, name: string): Properties | "config" {
  const resource = program.resources?.[name];
  if (resource) {
    if (resource.type === PROVIDER_TYPE) return schema.provider.properties as Properties;
    const spec = RESOURCES[resource.type];
    if (!spec) throw new Error(`\${${name}} is a ${resource.type}, which the schema does not have`);
    return spec.properties;
  }
  const variable = program.variables?.[name];
  if (variable) {
    const spec = FUNCTIONS[variable["fn::invoke"].function];
    if (!spec)
      throw new Error(
        `\${${name}} invokes ${variable["fn::invoke"].function}, which the schema does not have`,
      );
    return spec.outputs.properties;
  }
  if (program.config?.[name]) return "config";
  throw new Error(`\${${name}} names nothing in the program`);
}

/**
 * The schema type a value has: a literal's own, or the type of the output an interpolation reads (`resource`
 * for a whole resource). Throws when an interpolation reads something that does not exist.
 */
export function typeOf(program: YamlProgram, value: unknown): string {
  if (typeof value === "string") {
    const reference = /^\$\{([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?\}$/.exec(value);
    if (!reference) {
      // Text with interpolations inside (`key-${app.keyId}`) is a string; each one must still read something.
      for (const [inner] of value.matchAll(/\$\{[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?\}/g))
        typeOf(program, inner);
      return "string";
    }
    const [, name, property] = reference;
    const outputs = outputsOf(program, name);
    if (outputs === "config") return program.config?.[name].type ?? "string";
    if (!property) return "resource";
    const spec = outputs[property];
    if (!spec) throw new Error(`${value}: ${property} is not an output of ${name}`);
    return spec.type ?? "object";
  }
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Every way the program does not fit the schema, one line each; none for a program that fits. */
export function yamlProgramProblems(program: YamlProgram): string[] {
  const problems: string[] = [];
  const typeIn = (where: string, value: unknown): string | undefined => {
    try {
      return typeOf(program, value);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const checkArguments = (
    where: string,
    given: Record<string, unknown>,
    declared: Properties,
    required: string[] = [],
  ) => {
    for (const name of required) if (!(name in given)) problems.push(`${where}: ${name} is required`);
    for (const [name, value] of Object.entries(given)) {
      if (!(name in declared)) {
        problems.push(`${where}: ${name} is not in the schema`);
        continue;
      }
      const expected = declared[name].type;
      const actual = typeIn(`${where}.${name}`, value);
      // An integer literal is a number too.
      if (actual !== undefined && actual !== expected && !(expected === "number" && actual === "integer"))
        problems.push(`${where}.${name}: got ${actual}; the schema says ${expected}`);
    }
  };

  for (const [name, resource] of Object.entries(program.resources ?? {})) {
    if (resource.type === PROVIDER_TYPE) {
      checkArguments(name, resource.properties ?? {}, schema.provider.inputProperties as Properties);
      continue;
    }
    const spec = RESOURCES[resource.type];
    if (!spec) {
      problems.push(`${name}: the schema has no resource ${resource.type}`);
      continue;
    }
    checkArguments(name, resource.properties ?? {}, spec.inputProperties, spec.requiredInputs);
    const provider = resource.options?.provider;
    if (provider !== undefined) {
      const providerName = /^\$\{([A-Za-z0-9_]+)\}$/.exec(String(provider))?.[1] ?? "";
      if (program.resources?.[providerName]?.type !== PROVIDER_TYPE)
        problems.push(`${name}: options.provider ${String(provider)} is not a kkms provider of the program`);
    }
  }
  for (const [name, variable] of Object.entries(program.variables ?? {})) {
    const { function: token, arguments: args = {} } = variable["fn::invoke"];
    const spec = FUNCTIONS[token];
    if (!spec) {
      problems.push(`${name}: the schema has no function ${token}`);
      continue;
    }
    checkArguments(name, args, spec.inputs.properties, spec.inputs.required);
  }
  for (const [name, value] of Object.entries(program.outputs ?? {})) {
    if (typeIn(`outputs.${name}`, value) === "resource")
      problems.push(`outputs.${name}: ${value} is a whole resource, not one of its outputs`);
  }
  for (const key of Object.keys(program.config ?? {}).filter((k) => k.startsWith("kkms:")))
    if (!(key.slice("kkms:".length) in schema.config.variables))
      problems.push(`config: ${key} is not a kkms configuration key`);
  return problems;
}
