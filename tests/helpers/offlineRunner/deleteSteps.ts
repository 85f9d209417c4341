import { asError, StepError } from "./errors";
import { deleteWithProvider } from "./providerCalls";
import { stepOf } from "./resourceState";
import { scheduleDeletes } from "./scheduleDeletes";
import type { ResourceState } from "./stateFile";
import type { StepContext } from "./stepContext";
import { replacedLine } from "./summary";

/**
 * Deletes one resource and drops it from the state, as the engine's DeleteStep does: a protected resource is
 * refused (unless it is the old half of a replacement, checked earlier), a `Resource.get` one or one with
 * `retainOnDelete` is only dropped. A failing delete leaves it in the state.
 */
export async function deleteResource(
  ctx: StepContext,
  resource: ResourceState,
  options: { replacing: boolean },
): Promise<void> {
  if (resource.protect && !options.replacing) throw protectedError(resource);
  if (!ctx.preview) {
    if (resource.custom && !resource.external && !resource.retainOnDelete) {
      await deleteWithProvider(ctx.host, resource, resource);
    }
    ctx.store.remove(resource);
  }
  if (options.replacing) ctx.log.print(replacedLine(resource.type, resource.name));
  else ctx.log.record(stepOf(resource, "delete"));
}

/**
 * Deletes resources in the engine's order (scheduleDeletes): each wave concurrently, and no further wave once
 * one delete failed. Returns the failures.
 */
export async function deleteInOrder(
  ctx: StepContext,
  resources: readonly ResourceState[],
  isReplaced: (resource: ResourceState) => boolean,
): Promise<Error[]> {
  for (const wave of scheduleDeletes(resources)) {
    const results = await Promise.allSettled(
      wave.map((resource) => deleteResource(ctx, resource, { replacing: isReplaced(resource) })),
    );
    const errors = results.flatMap((result) =>
      result.status === "rejected" ? [asError(result.reason)] : [],
    );
    if (errors.length > 0) return errors;
  }
  return [];
}

/** The refusal of the engine's DeleteStep.Apply (pkg/resource/deploy/step.go). */
function protectedError(resource: ResourceState): StepError {
  return new StepError(
    resource,
    `unable to delete resource "${resource.urn}"\nas it is currently marked for protection. To unprotect the ` +
      "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
  );
}
