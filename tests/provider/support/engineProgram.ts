import type * as pulumi from "@pulumi/pulumi";
import { captureResources, echoResource, type CapturedResource } from "../../helpers/captureResources";
import { isDynamicResource } from "../../helpers/forwardToHost";
import type { ProviderHost } from "../../helpers/providerHost";
import {
  annotateSecrets,
  markSecretOutputs,
  stripSecrets,
  toProviderProperties,
  type PropertyMap,
} from "../../helpers/secrets";
import { checkInputs, createResource, upResource, type ResourceState, type StepKind } from "./engineSteps";
import { PROJECT, SECRET_CONFIG_KEYS } from "./kkmsFixture";

/**
 * A whole program run against the real provider host the way the engine steps each resource, from the prior
 * states of an earlier run (by URN). Every rule below is the engine's (pulumi/pulumi v3.248.0):
 *
 * - preview of a new resource or a replacement: check, then Create with `preview: true`, which a provider
 *   without preview support (the dynamic host never sets supportsPreview) answers with the checked inputs as
 *   the outputs and no id (sdk/go/common/resource/plugin/provider_plugin.go:1403-1404; step.go:423-427);
 * - preview of an update: the checked inputs as the outputs (provider_plugin.go:1675-1676), the old id kept
 *   (step.go:926-931);
 * - no change: the old id and outputs (step.go SameStep.Apply, 154-156);
 * - the SDK resolves every output absent from the answer as unknown in a preview (sdk/nodejs/runtime/rpc.ts:
 *   315-324) and an empty id as unknown (runtime/resource.ts:785-786);
 * - `Resource.get` is a ReadStep: Read with the program's properties as both inputs and state, no check
 *   (step.go:1297-1309); additionalSecretOutputs are marked on its outputs too (step_executor.go:513-526).
 */
export interface ProgramRun<T> {
  /** What the engine would do to each resource, by resource name. */
  steps: Record<string, StepKind | "read">;
  /** The new states by URN (in a preview: the prior ones, unchanged). */
  states: Map<string, ResourceState>;
  outputs: pulumi.Unwrap<T>;
}

export async function runProgram<T>(
  host: ProviderHost,
  program: () => T,
  options: {
    prior?: Map<string, ResourceState>;
    preview?: boolean;
    stack?: string;
    /** Stack config the program (and so the functions) reads, e.g. the fixture's; secret keys as the fixture's. */
    config?: Record<string, string>;
  } = {},
): Promise<ProgramRun<T>> {
  const prior = options.prior ?? new Map<string, ResourceState>();
  const states = new Map(prior);
  const steps: Record<string, StepKind | "read"> = {};
  const { outputs } = await captureResources(program, {
    project: PROJECT,
    stack: options.stack ?? "test",
    preview: options.preview,
    config: options.config,
    secretKeys: SECRET_CONFIG_KEYS,
    newResource: async (resource) => {
      // Components and provider resources have no dynamic provider: the engine records them as they are.
      if (!isDynamicResource(resource)) return echoResource(resource);
      if (resource.kind === "read") {
        const state = await readStep(host, resource);
        steps[resource.name] = "read";
        return { id: state.id, state: state.outputs };
      }
      const step = options.preview
        ? await previewStep(host, prior.get(resource.urn), resource)
        : await upStep(host, prior.get(resource.urn), resource);
      steps[resource.name] = step.kind;
      if (!options.preview) states.set(resource.urn, step.state);
      return { id: step.state.id || undefined, state: step.state.outputs };
    },
  });
  return { steps, states, outputs };
}

async function upStep(
  host: ProviderHost,
  prior: ResourceState | undefined,
  resource: CapturedResource,
): Promise<{ kind: StepKind; state: ResourceState }> {
  if (!prior) return { kind: "create", state: await createResource(host, resource) };
  return upResource(host, prior, resource);
}

/** check and diff only; the answer is what the engine hands back to the program in a preview. */
export async function previewStep(
  host: ProviderHost,
  prior: ResourceState | undefined,
  resource: CapturedResource,
): Promise<{ kind: StepKind; state: ResourceState }> {
  const inputs = await checkInputs(host, resource, prior?.inputs ?? {});
  const previewed = (id: string, outputs: PropertyMap) => ({
    urn: resource.urn,
    id,
    inputs,
    outputs,
    additionalSecretOutputs: resource.options.additionalSecretOutputs,
  });
  if (!prior) return { kind: "create", state: previewed("", inputs) };
  const diff = await host.diff(resource.urn, prior.id, stripSecrets(prior.outputs), stripSecrets(inputs));
  if (diff.replaces.length > 0) return { kind: "replace", state: previewed("", inputs) };
  if (diff.changes) return { kind: "update", state: previewed(prior.id, inputs) };
  return { kind: "same", state: { ...prior, inputs } };
}

/** `Resource.get`: the engine's ReadStep. A failed read fails the program's registration. */
export async function readStep(host: ProviderHost, resource: CapturedResource): Promise<ResourceState> {
  const props = toProviderProperties(resource.wireInputs);
  const id = resource.id ?? "";
  const result = await host.read(resource.urn, id, props, props);
  const additionalSecretOutputs = resource.options.additionalSecretOutputs;
  return {
    urn: resource.urn,
    id: result.id || id,
    inputs: resource.wireInputs,
    outputs: markSecretOutputs(annotateSecrets(result.props, resource.wireInputs), additionalSecretOutputs),
    additionalSecretOutputs,
  };
}
