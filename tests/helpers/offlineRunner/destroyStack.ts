import { deleteInOrder } from "./deleteSteps";
import { RunFailedError } from "./errors";
import type { OperationContext } from "./operationContext";
import { StepLog } from "./stepLog";
import { resourcesLine } from "./summary";
import type { DestroyResult } from "./types";

/**
 * `pulumi destroy`: deletes every resource, pending deletes included, dependents first (each wave
 * concurrently). A failing delete keeps its resource in the state, starts no further wave, and fails the run.
 */
export async function destroyStack(op: OperationContext): Promise<DestroyResult> {
  const log = new StepLog(op.print);
  log.print(`Destroying (${op.stack}):`);
  const ctx = { host: op.host, store: op.store, preview: false, log };
  const everything = [...op.store.resources(), ...op.store.pendingDeletes()];
  const errors = await deleteInOrder(ctx, everything, (resource) => op.store.isPendingDelete(resource));
  log.printTotals([resourcesLine(log.steps, false)], errors);
  if (errors.length > 0) throw new RunFailedError(errors, log.steps, log.text());
  return { steps: log.steps, summary: log.text() };
}
