import type { CapturedResource } from "../captureResources";
import type { PropertyMap } from "../secrets";
import { deleteResource } from "./deleteSteps";
import { StepError } from "./errors";
import type { ChangePlan } from "./planChange";
import { checkInputs, createWithProvider } from "./providerCalls";
import { resourceState, stepOf } from "./resourceState";
import type { ResourceState } from "./stateFile";
import type { Registered, UpContext } from "./stepContext";

/** A resource the state does not hold: check (no old inputs), then create. A preview stops after check. */
export async function createResource(ctx: UpContext, resource: CapturedResource): Promise<Registered> {
  const inputs = await checkInputs(ctx.host, resource, {}, resource.wireInputs);
  if (ctx.preview) {
    ctx.log.record(stepOf(resource, "create"));
    return { id: undefined, outputs: inputs };
  }
  const created = await createRecorded(ctx, resource, inputs, (state) => ctx.store.put(state));
  ctx.log.record(stepOf(resource, "create"));
  return created;
}

/**
 * A replacement. Create-before-delete by default: the new resource takes the URN at once and the old one waits
 * in the state's pending deletes until the program is done; delete-before-replace deletes the old one first.
 */
export async function replaceResource(
  ctx: UpContext,
  resource: CapturedResource,
  old: ResourceState,
  plan: ChangePlan,
): Promise<Registered> {
  assertReplaceable(resource, old);
  // As the engine does before a replacement: check again without the old inputs, so defaults (auto-names) are
  // computed afresh for the new resource.
  const inputs = await checkInputs(ctx.host, resource, {}, resource.wireInputs);
  const step = stepOf(resource, "replace", plan.changedProperties);
  if (ctx.preview) {
    ctx.log.record(step);
    return { id: undefined, outputs: inputs };
  }
  let created: Registered;
  if (plan.deleteBeforeReplace) {
    await deleteResource(ctx, old, { replacing: true });
    created = await createRecorded(ctx, resource, inputs, (state) => ctx.store.put(state));
  } else {
    created = await createRecorded(ctx, resource, inputs, (state) => ctx.store.putReplacement(old, state));
  }
  ctx.log.record(step);
  return created;
}

/** create, recording the resource, even when it exists only partially (the run then fails). */
async function createRecorded(
  ctx: UpContext,
  resource: CapturedResource,
  inputs: PropertyMap,
  record: (state: ResourceState) => void,
): Promise<Registered> {
  const seq = ctx.store.takeSeq();
  const aso = resource.options.additionalSecretOutputs;
  try {
    const { id, outputs } = await createWithProvider(ctx.host, resource, inputs, aso);
    record(resourceState(resource, { id, inputs, outputs, seq }));
    return { id, outputs };
  } catch (error) {
    if (error instanceof StepError && error.partial) {
      record(resourceState(resource, { ...error.partial, inputs, seq }));
    }
    throw error;
  }
}

/** step_generator.go refuses these replacements before creating anything. */
function assertReplaceable(resource: CapturedResource, old: ResourceState): void {
  if (resource.options.protect && old.protect) {
    throw new StepError(
      resource,
      `unable to replace resource "${resource.urn}"\nas it is currently marked for protection. To unprotect the ` +
        "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
    );
  }
  if (resource.id !== undefined) {
    throw new StepError(
      resource,
      "previously-imported resources that still specify an ID may not be replaced; please remove the `import` " +
        "declaration from your program",
    );
  }
}
