import type { CapturedResource } from "../captureResources";
import type { PropertyMap } from "../secrets";
import { StepError } from "./errors";
import { updateWithProvider } from "./providerCalls";
import { resourceState, stepOf } from "./resourceState";
import type { ResourceState } from "./stateFile";
import type { Registered, UpContext } from "./stepContext";

/** Nothing to do: the state takes the new inputs and options, and keeps the old outputs (and `__provider`). */
export function keepResource(
  ctx: UpContext,
  resource: CapturedResource,
  old: ResourceState,
  inputs: PropertyMap,
): Registered {
  ctx.store.put(
    resourceState(resource, {
      id: old.id,
      inputs,
      outputs: old.outputs,
      seq: old.seq,
      initErrors: old.initErrors,
      importId: old.importId,
    }),
  );
  ctx.log.record(stepOf(resource, "same"));
  return { id: old.id, outputs: old.outputs };
}

/**
 * An in-place update. A preview's outputs are the checked inputs (the 3.248 host cannot preview an update); a
 * partial failure records the outputs it reports, with the init errors, and fails.
 */
export async function updateResource(
  ctx: UpContext,
  resource: CapturedResource,
  old: ResourceState,
  inputs: PropertyMap,
  changedProperties: string[],
): Promise<Registered> {
  const step = stepOf(resource, "update", changedProperties);
  if (ctx.preview) {
    ctx.log.record(step);
    return { id: old.id, outputs: inputs };
  }
  const kept = { id: old.id, inputs, seq: old.seq, importId: old.importId };
  try {
    const { outputs } = await updateWithProvider(
      ctx.host,
      resource,
      old,
      inputs,
      resource.options.additionalSecretOutputs,
    );
    ctx.store.put(resourceState(resource, { ...kept, outputs }));
    ctx.log.record(step);
    return { id: old.id, outputs };
  } catch (error) {
    if (error instanceof StepError && error.partial) {
      const { outputs, initErrors } = error.partial;
      ctx.store.put(resourceState(resource, { ...kept, outputs, initErrors }));
    }
    throw error;
  }
}
