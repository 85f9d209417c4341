import type { ProviderHost } from "../../offline-engine/providers/providerHost";
import {
  annotateSecrets,
  remarkSecrets,
  stripSecrets,
  toProviderProperties,
  type PropertyMap,
} from "../../offline-engine/providers/secrets";

/**
 * What a program sends the engine for one resource — its URN, its properties as they travel (the serialized
 * `__provider` included, secrets wrapped) and its additionalSecretOutputs — for the benchmarks that drive the
 * provider host's RPCs themselves.
 */
export interface Registration {
  readonly urn: string;
  readonly wireInputs: PropertyMap;
  readonly additionalSecretOutputs: string[];
}

/** What the engine keeps for a resource between runs. */
export interface ResourceState {
  urn: string;
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  additionalSecretOutputs: string[];
}

export type StepKind = "create" | "update" | "replace" | "same";

/**
 * The provider RPCs of the engine's steps for one resource, called on the provider host directly, so that a
 * benchmark counts exactly the calls one lifecycle operation makes (the offline engine runs whole programs).
 */
export async function checkInputs(
  host: ProviderHost,
  resource: Registration,
  olds: PropertyMap = {},
): Promise<PropertyMap> {
  const result = await host.check(
    resource.urn,
    toProviderProperties(olds),
    toProviderProperties(resource.wireInputs),
  );
  if (result.failures.length > 0)
    throw new Error(result.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  return annotateSecrets(result.inputs, resource.wireInputs);
}

export async function createResource(host: ProviderHost, resource: Registration): Promise<ResourceState> {
  const inputs = await checkInputs(host, resource);
  const { id, outs } = await host.create(resource.urn, stripSecrets(inputs));
  return {
    urn: resource.urn,
    id,
    inputs,
    outputs: remarkSecrets(outs, inputs, resource.additionalSecretOutputs),
    additionalSecretOutputs: resource.additionalSecretOutputs,
  };
}

/** A later `up`: check against the old inputs, diff against the old outputs, then update or replace. */
export async function upResource(
  host: ProviderHost,
  prior: ResourceState,
  resource: Registration,
): Promise<{ kind: StepKind; state: ResourceState }> {
  const inputs = await checkInputs(host, resource, prior.inputs);
  const diff = await host.diff(resource.urn, prior.id, stripSecrets(prior.outputs), stripSecrets(inputs));
  if (diff.replaces.length > 0) {
    const created = await createResource(host, resource);
    await host.delete(resource.urn, prior.id, stripSecrets(prior.outputs));
    return { kind: "replace", state: created };
  }
  if (!diff.changes) return { kind: "same", state: { ...prior, inputs } };
  const { outs } = await host.update(
    resource.urn,
    prior.id,
    stripSecrets(prior.outputs),
    stripSecrets(inputs),
  );
  return {
    kind: "update",
    state: { ...prior, inputs, outputs: remarkSecrets(outs, inputs, prior.additionalSecretOutputs) },
  };
}

/** `pulumi refresh` for one resource: undefined when the provider reports it gone. */
export async function refreshResource(
  host: ProviderHost,
  prior: ResourceState,
): Promise<ResourceState | undefined> {
  const result = await host.read(prior.urn, prior.id, stripSecrets(prior.outputs));
  if (result.id === "") return undefined;
  return {
    ...prior,
    id: result.id,
    outputs: remarkSecrets(result.props, prior.inputs, prior.additionalSecretOutputs),
  };
}

export async function deleteResource(host: ProviderHost, prior: ResourceState): Promise<void> {
  await host.delete(prior.urn, prior.id, stripSecrets(prior.outputs));
}
