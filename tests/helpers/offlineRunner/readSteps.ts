import type { CapturedResource } from "../captureResources";
import { annotateSecrets, remarkSecrets } from "../secrets";
import { StepError } from "./errors";
import { readWithProvider } from "./providerCalls";
import { resourceState, stepOf } from "./resourceState";
import type { Registered, UpContext } from "./stepContext";

/**
 * `Resource.get(name, id)`: a read with the id and the program's properties (its `__provider` included). The
 * resource is recorded as external: the stack does not own it, so it is never deleted, only dropped.
 */
export async function readExternal(ctx: UpContext, resource: CapturedResource): Promise<Registered> {
  const id = resource.id ?? "";
  const result = await readWithProvider(ctx.host, resource, id, resource.wireInputs);
  if (result.id === "") throw new StepError(resource, `resource '${id}' does not exist`);
  const outputs = remarkSecrets(result.props, resource.wireInputs, resource.options.additionalSecretOutputs);
  const seq = ctx.store.get(resource.urn)?.seq ?? ctx.store.takeSeq();
  const inputs = resource.wireInputs;
  ctx.store.put(resourceState(resource, { id: result.id, inputs, outputs, seq, external: true }));
  ctx.log.record(stepOf(resource, "read"));
  return { id: result.id, outputs };
}

/**
 * The `import` option: the engine reads with the id, the program's inputs and an empty state. The 3.248 host
 * looks for `__provider` in that empty state and fails ("code must be a string"); that failure is reported as
 * it comes. (Newer hosts fall back to the inputs; the engine's later check of the inputs against what was
 * imported is not repeated here.)
 */
export async function importResource(ctx: UpContext, resource: CapturedResource): Promise<Registered> {
  const id = resource.id ?? "";
  const result = await readWithProvider(ctx.host, resource, id, {}, resource.wireInputs);
  if (result.id === "") throw new StepError(resource, `resource '${id}' does not exist`);
  const inputs = annotateSecrets(result.inputs ?? resource.wireInputs, resource.wireInputs);
  const outputs = remarkSecrets(result.props, resource.wireInputs, resource.options.additionalSecretOutputs);
  const seq = ctx.store.takeSeq();
  ctx.store.put(resourceState(resource, { id: result.id, inputs, outputs, seq, importId: id }));
  ctx.log.record(stepOf(resource, "import"));
  return { id: result.id, outputs };
}
