import * as hostSteps from "../../../bench/support/hostSteps";
import type { ProviderHost } from "../../../offline-engine/providers/providerHost";
import type { PropertyMap } from "../../../offline-engine/providers/secrets";
import type { CapturedResource } from "../../../offline-engine/capture/recordRegistrations";

export type { ResourceState, StepKind } from "../../../bench/support/hostSteps";
export { deleteResource, refreshResource } from "../../../bench/support/hostSteps";

/**
 * The engine's steps for one resource, spelled out, so each test shows exactly which RPCs a change makes: the
 * benchmarks' host steps (one home), fed with a registration recorded from a program run through the offline engine.
 */
function stepInputs(resource: CapturedResource) {
  return {
    urn: resource.urn,
    wireInputs: resource.wireInputs,
    additionalSecretOutputs: resource.options.additionalSecretOutputs,
  };
}

export function checkInputs(host: ProviderHost, resource: CapturedResource, olds?: PropertyMap) {
  return hostSteps.checkInputs(host, stepInputs(resource), olds);
}

export function createResource(host: ProviderHost, resource: CapturedResource) {
  return hostSteps.createResource(host, stepInputs(resource));
}

export function upResource(host: ProviderHost, prior: hostSteps.ResourceState, resource: CapturedResource) {
  return hostSteps.upResource(host, prior, stepInputs(resource));
}
