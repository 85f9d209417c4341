import { echoResource, type CapturedResource, type NewResourceHandler } from "./captureResources";
import type { CheckFailure } from "./providerClient";
import type { ProviderHost } from "./providerHost";
import {
  annotateSecrets,
  remarkSecrets,
  stripSecrets,
  toProviderProperties,
  type PropertyMap,
} from "./secrets";

/** A resource as the engine records it after talking to the provider (wire form: secrets wrapped). */
export interface HostRegistration {
  /** undefined in preview, where the engine does not create anything. */
  readonly id: string | undefined;
  /** The checked inputs, secrets re-marked. */
  readonly inputs: PropertyMap;
  /** The outputs, secrets re-marked: what the engine stores and hands back to the program. */
  readonly outputs: PropertyMap;
}

export interface ForwardOptions {
  /** A preview calls check only: the 3.248 host does not support previews of create, so outputs = inputs. */
  readonly preview?: boolean;
}

/** The provider's check rejected the inputs; the engine fails the registration with these. */
export class CheckFailuresError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
  ) {
    super(`${urn}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    this.name = "CheckFailuresError";
  }
}

/** True for resources of `pulumi.dynamic.Resource` subclasses, the ones a dynamic-provider host serves. */
export function isDynamicResource(resource: CapturedResource): boolean {
  return resource.type.startsWith("pulumi-nodejs:dynamic") && "__provider" in resource.wireInputs;
}

/** A new resource, as the engine steps it: check (olds empty), then create unless previewing. */
export async function createWithHost(
  host: ProviderHost,
  resource: CapturedResource,
  options: ForwardOptions = {},
): Promise<HostRegistration> {
  const inputs = await checkWithHost(host, resource.urn, {}, resource.wireInputs);
  if (options.preview) return { id: undefined, inputs, outputs: inputs };
  const { id, outs } = await host.create(resource.urn, stripSecrets(inputs));
  return { id, inputs, outputs: remarkSecrets(outs, inputs, resource.options.additionalSecretOutputs) };
}

/** check as the engine calls it: secrets stripped on the way in, re-marked by name on the way out. */
export async function checkWithHost(
  host: ProviderHost,
  urn: string,
  oldInputs: PropertyMap,
  newInputs: PropertyMap,
): Promise<PropertyMap> {
  const result = await host.check(urn, toProviderProperties(oldInputs), toProviderProperties(newInputs));
  if (result.failures.length > 0) throw new CheckFailuresError(urn, result.failures);
  return annotateSecrets(result.inputs, newInputs);
}

/**
 * `Resource.get(name, id)` (kind "read") or the `import` option (kind "register" with an id). For an import the
 * engine sends only the id and the program's inputs, and no state; the 3.248 host then fails with
 * "code must be a string" because `__provider` is looked up in the (empty) state.
 */
export async function readWithHost(
  host: ProviderHost,
  resource: CapturedResource,
): Promise<HostRegistration> {
  const id = resource.id ?? "";
  const isImport = resource.kind === "register";
  const wireInputs = toProviderProperties(resource.wireInputs);
  const result = isImport
    ? await host.read(resource.urn, id, {}, wireInputs)
    : await host.read(resource.urn, id, wireInputs);
  if (result.id === "") throw new Error(`${resource.urn}: resource '${id}' does not exist`);
  const inputs = annotateSecrets(result.inputs ?? resource.wireInputs, resource.wireInputs);
  const outputs = remarkSecrets(result.props, resource.wireInputs, resource.options.additionalSecretOutputs);
  return { id: result.id, inputs, outputs };
}

/**
 * A `newResource` handler for captureResources that sends dynamic resources to a running host, the way the
 * engine would for a stack with no prior state; other resources go to `fallback`.
 */
export function forwardToHost(
  host: ProviderHost,
  options: ForwardOptions & { fallback?: NewResourceHandler } = {},
): NewResourceHandler {
  const fallback = options.fallback ?? echoResource;
  return async (resource) => {
    if (!isDynamicResource(resource)) return fallback(resource);
    const registration =
      resource.id !== undefined
        ? await readWithHost(host, resource)
        : await createWithHost(host, resource, options);
    return { id: registration.id, state: registration.outputs };
  };
}
