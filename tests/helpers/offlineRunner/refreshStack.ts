import { annotateSecrets, markSecretOutputs } from "../secrets";
import { asError, RunFailedError } from "./errors";
import type { OperationContext } from "./operationContext";
import { changedKeys } from "./planChange";
import { readWithProvider } from "./providerCalls";
import { stepOf } from "./resourceState";
import type { ResourceState } from "./stateFile";
import { StepLog } from "./stepLog";
import { resourcesLine } from "./summary";
import type { Drift, RefreshResult } from "./types";

/**
 * `pulumi refresh`: reads every resource that has a provider, concurrently. One whose read answers no id is gone
 * and leaves the state; the others take the outputs (and, when the provider returns them, the inputs) read, with
 * secrets re-marked as before. The next `up` diffs against these, so it corrects the drift.
 */
export async function refreshStack(op: OperationContext): Promise<RefreshResult> {
  const log = new StepLog(op.print);
  log.print(`Refreshing (${op.stack}):`);
  const readable = op.store.resources().filter((resource) => resource.custom && resource.id);
  const results = await Promise.allSettled(readable.map((resource) => refreshResource(op, log, resource)));
  const drift = results.flatMap((result) =>
    result.status === "fulfilled" && result.value ? [result.value] : [],
  );
  const errors = results.flatMap((result) => (result.status === "rejected" ? [asError(result.reason)] : []));
  log.printTotals([resourcesLine(log.steps, false)], errors);
  if (errors.length > 0) throw new RunFailedError(errors, log.steps, log.text());
  return { drift, steps: log.steps, summary: log.text() };
}

async function refreshResource(
  op: OperationContext,
  log: StepLog,
  resource: ResourceState,
): Promise<Drift | undefined> {
  const { urn, type, name } = resource;
  const result = await readWithProvider(
    op.host,
    resource,
    resource.id ?? "",
    resource.outputs,
    resource.inputs,
  );
  if (result.id === "") {
    op.store.remove(resource);
    log.record(stepOf(resource, "delete"));
    return { urn, type, name, deleted: true, changedOutputs: [] };
  }
  const outputs = markSecretOutputs(
    annotateSecrets(result.props, resource.outputs),
    resource.additionalSecretOutputs,
  );
  const inputs = result.inputs ? annotateSecrets(result.inputs, resource.inputs) : resource.inputs;
  op.store.put({ ...resource, id: result.id, inputs, outputs });
  const changedOutputs = changedKeys(resource.outputs, outputs);
  log.record(stepOf(resource, changedOutputs.length > 0 ? "update" : "same", changedOutputs));
  return changedOutputs.length > 0 ? { urn, type, name, deleted: false, changedOutputs } : undefined;
}
