import schemaDocument from "./schema.json";

/**
 * The package schema (schema.json beside this file, checked in): what GetSchema answers, and the one place the
 * plugin reads its tokens, property names and secret properties from.
 */
export const PACKAGE_NAME = "kkms";
export const PACKAGE_SCHEMA_TEXT = JSON.stringify(schemaDocument);

interface PropertySpec {
  secret?: boolean;
}
interface ObjectSpec {
  properties?: Record<string, PropertySpec>;
  inputProperties?: Record<string, PropertySpec>;
}

const resources = schemaDocument.resources as Record<string, ObjectSpec>;
const functions = schemaDocument.functions as Record<string, { inputs?: ObjectSpec; outputs?: ObjectSpec }>;

export const RESOURCE_TOKENS = Object.keys(resources);
export const FUNCTION_TOKENS = Object.keys(functions);

function secretNames(properties: Record<string, PropertySpec> | undefined): string[] {
  return Object.entries(properties ?? {})
    .filter(([, spec]) => spec.secret === true)
    .map(([name]) => name);
}

export function outputNames(token: string): string[] {
  return Object.keys(resources[token]?.properties ?? {});
}

/** Outputs that are always secret, whatever the inputs were (e.g. a data key's plaintext). */
export function secretOutputs(token: string): string[] {
  return secretNames(resources[token]?.properties);
}

/** Inputs that are always stored as secrets, even when the program gave them plain. */
export function secretInputs(token: string): string[] {
  return secretNames(resources[token]?.inputProperties);
}

export function secretResults(token: string): string[] {
  return secretNames(functions[token]?.outputs?.properties);
}

export const PROVIDER_SECRET_INPUTS = secretNames((schemaDocument.provider as ObjectSpec).inputProperties);
