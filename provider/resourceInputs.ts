import type * as pulumi from "@pulumi/pulumi";

/**
 * Outputs must be registered as properties (undefined) for the engine to fill them; spread them first so the
 * inputs a program gives keep their values.
 */
export function outputPlaceholders(names: readonly string[]): Record<string, undefined> {
  return Object.fromEntries(names.map((name) => [name, undefined]));
}

/**
 * The properties a `.get` sends with its ReadResource: a placeholder for every output, filled from the given
 * state where it has the field (as codegen'd SDKs copy `state.x` field by field: nothing else is sent).
 */
export function lookupProperties(
  outputs: readonly string[],
  stateFields: readonly string[],
  state: object | undefined,
): Record<string, unknown> {
  const given = (state ?? {}) as Record<string, unknown>;
  const fromState = Object.fromEntries(stateFields.map((name) => [name, given[name]]));
  return { ...outputPlaceholders(outputs), ...fromState };
}

/**
 * Outputs returned by the provider are plain on the wire (returning pulumi.secret() from create fails,
 * pulumi/pulumi#3012): the engine marks them secret when they are declared here.
 */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  names: string[],
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...names])],
  };
}

/**
 * `isInstance` as codegen'd SDKs write it: by the registered type token, which `pulumi.dynamic.Resource` builds
 * as `pulumi-nodejs:dynamic/<module>:<type>` (sdk/nodejs/dynamic/index.ts:309-311 at v3.248.0). The inherited
 * CustomResource check would accept any custom resource.
 */
export function hasPulumiType(obj: unknown, type: string): boolean {
  return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}

export function dynamicType(type: string): string {
  return `pulumi-nodejs:dynamic/kkms:${type}`;
}

/**
 * `{ import }` cannot work on a dynamic resource, on any @pulumi/pulumi version: the engine's import step reads
 * with the import id alone (pkg/resource/deploy/step.go:1863-1871 at v3.248.0), and the dynamic-provider host
 * finds the provider's code only in the state it is sent. Refused here, naming what works instead, rather than
 * failing later with the host's "code must be a string, not undefined".
 */
export function refuseImport(
  type: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
  instead: string,
): void {
  if (opts?.import === undefined) return;
  throw new Error(
    `kkms.${type} "${name}": the import option cannot work on a dynamic resource (the engine's import step ` +
      `reads without the state that holds the provider's code). ${instead}`,
  );
}
