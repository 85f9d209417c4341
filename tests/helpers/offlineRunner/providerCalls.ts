import type { DiffResult, ReadResult } from "../providerClient";
import type { ProviderHost } from "../providerHost";
import { isProviderHostError } from "../providerHostError";
import { annotateSecrets, remarkSecrets, toProviderProperties, type PropertyMap } from "../secrets";
import { CheckFailedError, StepError, toStepError, type PartialResult, type StepTarget } from "./errors";
import type { ResourceState } from "./stateFile";

/**
 * The engine's side of each provider call: the host does not accept secrets or resource references, so every
 * property goes out with secrets unwrapped and references replaced by ids; secrets are re-marked on what comes
 * back; failures become StepErrors naming the resource.
 */

/** Created or updated: the outputs as the state keeps them (secrets re-marked). */
export interface ProviderOutputs {
  readonly id: string;
  readonly outputs: PropertyMap;
}

/** check: `olds` are the old inputs (`{}` for a new resource); returns the checked inputs, secrets re-marked. */
export async function checkInputs(
  host: ProviderHost,
  target: StepTarget,
  olds: PropertyMap,
  news: PropertyMap,
): Promise<PropertyMap> {
  const result = await call(target, () =>
    host.check(target.urn, toProviderProperties(olds), toProviderProperties(news)),
  );
  if (result.failures.length > 0) throw new CheckFailedError(target, result.failures);
  return annotateSecrets(result.inputs, news);
}

/** diff: against the old outputs (the state), as the engine sends it; the old inputs travel beside. */
export function diffInputs(
  host: ProviderHost,
  target: StepTarget,
  old: ResourceState,
  news: PropertyMap,
): Promise<DiffResult> {
  return call(target, () =>
    host.diff(
      target.urn,
      old.id ?? "",
      toProviderProperties(old.outputs),
      toProviderProperties(news),
      toProviderProperties(old.inputs),
    ),
  );
}

/** create; a partial failure (ErrorResourceInitFailed) throws a StepError carrying what exists. */
export async function createWithProvider(
  host: ProviderHost,
  target: StepTarget,
  inputs: PropertyMap,
  additionalSecretOutputs: string[],
): Promise<ProviderOutputs> {
  const remark = (outs: PropertyMap) => remarkSecrets(outs, inputs, additionalSecretOutputs);
  try {
    const { id, outs } = await host.create(target.urn, toProviderProperties(inputs));
    // provider_plugin.go refuses this too ("returned empty resource.ID").
    if (!id) throw new StepError(target, "the provider's create returned an empty resource ID");
    return { id, outputs: remark(outs) };
  } catch (error) {
    throw toStepError(target, error, partialResult(error, remark));
  }
}

/** update: `olds` are the old outputs; a partial failure throws a StepError carrying the new outputs. */
export async function updateWithProvider(
  host: ProviderHost,
  target: StepTarget,
  old: ResourceState,
  inputs: PropertyMap,
  additionalSecretOutputs: string[],
): Promise<ProviderOutputs> {
  const remark = (outs: PropertyMap) => remarkSecrets(outs, inputs, additionalSecretOutputs);
  const id = old.id ?? "";
  try {
    const { outs } = await host.update(
      target.urn,
      id,
      toProviderProperties(old.outputs),
      toProviderProperties(inputs),
      toProviderProperties(old.inputs),
    );
    return { id, outputs: remark(outs) };
  } catch (error) {
    throw toStepError(target, error, partialResult(error, remark));
  }
}

/** read: `state` is what the engine knows (empty for an import); the host passes only it to the provider. */
export function readWithProvider(
  host: ProviderHost,
  target: StepTarget,
  id: string,
  state: PropertyMap,
  inputs?: PropertyMap,
): Promise<ReadResult> {
  return call(target, () =>
    host.read(
      target.urn,
      id,
      toProviderProperties(state),
      inputs === undefined ? undefined : toProviderProperties(inputs),
    ),
  );
}

/** delete: with the old outputs, whose `__provider` is the code that runs (pulumi/pulumi#16826). */
export async function deleteWithProvider(
  host: ProviderHost,
  target: StepTarget,
  resource: ResourceState,
): Promise<void> {
  await call(target, () =>
    host.delete(
      target.urn,
      resource.id ?? "",
      toProviderProperties(resource.outputs),
      toProviderProperties(resource.inputs),
    ),
  );
}

function partialResult(
  error: unknown,
  remark: (outs: PropertyMap) => PropertyMap,
): PartialResult | undefined {
  const initFailed = isProviderHostError(error) ? error.initFailed : undefined;
  if (!initFailed) return undefined;
  return { id: initFailed.id, outputs: remark(initFailed.properties), initErrors: initFailed.reasons };
}

async function call<T>(target: StepTarget, rpc: () => Promise<T>): Promise<T> {
  try {
    return await rpc();
  } catch (error) {
    throw toStepError(target, error);
  }
}
