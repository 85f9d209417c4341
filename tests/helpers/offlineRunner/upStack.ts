import type { CapturedResource } from "../captureResources";
import { deleteInOrder } from "./deleteSteps";
import { stackUrn } from "./engineUrn";
import { asError, RunFailedError } from "./errors";
import { programFunction } from "./loadProgram";
import type { OperationContext } from "./operationContext";
import { registerResource } from "./registerResource";
import { runProgram } from "./runProgram";
import { toStackOutputs } from "./stackOutputs";
import type { Registered, UpContext } from "./stepContext";
import { StepLog } from "./stepLog";
import { outputLines, resourcesLine } from "./summary";
import type { Program, UpResult } from "./types";

/**
 * `pulumi up` (or `pulumi preview`): runs the program, stepping each registration as it arrives (independent
 * resources concurrently, as the engine does), then — only if everything succeeded — deletes what the program no
 * longer declares and the old halves of replacements, dependents first. After the first failure no new step
 * starts; steps in flight finish and stay recorded.
 */
export async function upStack(op: OperationContext, program: Program, preview: boolean): Promise<UpResult> {
  const run = programFunction(program);
  const log = new StepLog(op.print);
  log.print(`${preview ? "Previewing update" : "Updating"} (${op.stack}):`);
  const ctx: UpContext = {
    host: op.host,
    store: preview ? op.store.scratchCopy() : op.store,
    preview,
    log,
    registered: new Set(),
  };
  const errors: Error[] = [];
  const { error } = await runProgram(run, {
    project: op.project,
    stack: op.stack,
    preview,
    config: op.config,
    secretKeys: op.secretKeys,
    register: (resource) => stepUnlessHalted(ctx, resource, errors),
    registerOutputs: (urn, outputs) => ctx.store.setOutputs(urn, outputs),
  });
  if (error) errors.push(error);
  if (errors.length === 0) errors.push(...(await deleteLeftovers(ctx)));
  const outputs = toStackOutputs(ctx.store.get(stackUrn(op.project, op.stack))?.outputs ?? {});
  log.printTotals([...outputLines(outputs), resourcesLine(log.steps, preview)], errors);
  if (errors.length > 0) throw new RunFailedError(errors, log.steps, log.text());
  return { steps: log.steps, outputs, summary: log.text() };
}

async function stepUnlessHalted(
  ctx: UpContext,
  resource: CapturedResource,
  errors: Error[],
): Promise<Registered> {
  if (errors.length === 0) {
    try {
      return await registerResource(ctx, resource);
    } catch (error) {
      errors.push(asError(error));
    }
  }
  // The program still gets an answer; the run fails once it is done.
  return { id: undefined, outputs: {} };
}

/** Resources the program did not register this time, and pending deletes (the old halves of replacements). */
function deleteLeftovers(ctx: UpContext): Promise<Error[]> {
  const unregistered = ctx.store.resources().filter((resource) => !ctx.registered.has(resource.urn));
  const leftovers = [...unregistered, ...ctx.store.pendingDeletes()];
  return deleteInOrder(ctx, leftovers, (resource) => ctx.store.isPendingDelete(resource));
}
