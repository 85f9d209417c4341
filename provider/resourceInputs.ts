import type * as pulumi from "@pulumi/pulumi";

/**
 * Outputs must be registered as properties (undefined) for the engine to fill them; spread them first so the
 * inputs a program gives keep their values.
 */
export function outputPlaceholders(names: readonly string[]): Record<string, undefined> {
  return Object.fromEntries(names.map((name) => [name, undefined]));
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
