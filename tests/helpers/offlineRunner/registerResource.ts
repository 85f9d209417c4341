import type { CapturedResource } from "../captureResources";
import { isDynamicResource } from "../forwardToHost";
import { createResource, replaceResource } from "./createSteps";
import { StepError } from "./errors";
import { applyIgnoreChanges, changedKeys, planChange } from "./planChange";
import { checkInputs, diffInputs } from "./providerCalls";
import { importResource, readExternal } from "./readSteps";
import { resourceState, stepOf } from "./resourceState";
import type { ResourceState } from "./stateFile";
import type { Registered, UpContext } from "./stepContext";
import { keepResource, updateResource } from "./updateSteps";

/**
 * One registration from the program, stepped as the engine's step generator does (step_generator.go
 * `GenerateSteps`, `GenerateReadSteps`): components are only recorded; `Resource.get` reads; the `import` option
 * imports; a resource new to the state is created; one the state holds is checked and diffed, then kept, updated
 * or replaced. Throws a StepError; what finished before it is already in the state.
 */
export async function registerResource(ctx: UpContext, resource: CapturedResource): Promise<Registered> {
  claimUrn(ctx, resource);
  if (!resource.custom) return registerComponent(ctx, resource);
  if (!isDynamicResource(resource)) {
    throw new StepError(
      resource,
      `no provider for ${resource.type}: the offline runner runs dynamic resources only`,
    );
  }
  if (resource.kind === "read") return readExternal(ctx, resource);
  const old = ctx.store.get(resource.urn);
  if (resource.id !== undefined && isImport(old, resource.id)) return importResource(ctx, resource);
  if (!old || old.external) return createResource(ctx, resource);
  return changeResource(ctx, resource, old);
}

function claimUrn(ctx: UpContext, resource: CapturedResource): void {
  if (ctx.registered.has(resource.urn)) {
    throw new StepError(resource, `Duplicate resource URN '${resource.urn}'; try giving it a unique name`);
  }
  ctx.registered.add(resource.urn);
}

/** An import unless the state already holds the resource imported with this very id (then: a normal diff). */
function isImport(old: ResourceState | undefined, id: string): boolean {
  return !old || old.external || (old.importId ?? old.id) !== id;
}

/** A component resource or the stack: no provider; inputs compared as the engine does for these. */
function registerComponent(ctx: UpContext, resource: CapturedResource): Registered {
  const old = ctx.store.get(resource.urn);
  const changed = old ? changedKeys(old.inputs, resource.wireInputs) : [];
  const op = !old ? "create" : changed.length > 0 ? "update" : "same";
  const seq = old?.seq ?? ctx.store.takeSeq();
  // Outputs arrive later, with registerOutputs; until then the old ones stay.
  ctx.store.put(resourceState(resource, { inputs: resource.wireInputs, outputs: old?.outputs ?? {}, seq }));
  ctx.log.record(stepOf(resource, op, changed));
  return { id: undefined, outputs: {} };
}

/** check with the old inputs (ignoreChanges applied), diff against the old outputs, then act on the plan. */
async function changeResource(
  ctx: UpContext,
  resource: CapturedResource,
  old: ResourceState,
): Promise<Registered> {
  const news = applyIgnoreChanges(resource.wireInputs, old.inputs, resource.options.ignoreChanges);
  const inputs = await checkInputs(ctx.host, resource, old.inputs, news);
  const diff = await diffInputs(ctx.host, resource, old, inputs);
  const plan = planChange({
    diff,
    oldInputs: old.inputs,
    oldOutputs: old.outputs,
    newInputs: inputs,
    replaceOnChanges: resource.options.replaceOnChanges,
    deleteBeforeReplace: resource.options.deleteBeforeReplace,
    hasInitErrors: (old.initErrors?.length ?? 0) > 0,
  });
  if (plan.op === "same") return keepResource(ctx, resource, old, inputs);
  if (plan.op === "update") return updateResource(ctx, resource, old, inputs, plan.changedProperties);
  return replaceResource(ctx, resource, old, plan);
}
