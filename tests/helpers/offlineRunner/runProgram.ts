import * as pulumi from "@pulumi/pulumi";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";

import {
  interceptRequests,
  pendingKey,
  takePending,
  type CapturedResource,
  type InterceptableMonitor,
} from "../captureResources";
import type { PropertyMap } from "../secrets";
import { engineUrn } from "./engineUrn";
import { asError } from "./errors";
import type { Registered } from "./stepContext";

export interface ProgramHooks {
  readonly project: string;
  readonly stack: string;
  readonly preview: boolean;
  readonly config: Record<string, string>;
  readonly secretKeys: readonly string[];
  /** Answers one registration. Must not reject: a rejection would be unhandled inside @pulumi/pulumi. */
  register(resource: CapturedResource): Promise<Registered>;
  /** A component or the stack registered its outputs (wire form, secrets wrapped). */
  registerOutputs(urn: string, outputs: PropertyMap): void;
}

type Callback = (error: unknown, response?: unknown) => void;

interface RunnerMonitor extends InterceptableMonitor {
  registerResourceOutputs(request: resourcePb.RegisterResourceOutputsRequest, callback: Callback): unknown;
}

/** Mocks are global to the @pulumi/pulumi instance: one program at a time per process. */
let programQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs a program the way the Node.js language host does — inside `runInPulumiStack`, so the stack resource is
 * registered first, the program's resources are its children and its result becomes the stack outputs — with
 * the engine replaced by mocks that hand every registration to `hooks`. Resolves once every registration has
 * been answered, with the program's own error if it threw.
 */
export function runProgram(program: () => unknown, hooks: ProgramHooks): Promise<{ error?: Error }> {
  const run = programQueue.then(() => runUnderMocks(program, hooks));
  programQueue = run.catch(() => undefined);
  return run;
}

async function runUnderMocks(program: () => unknown, hooks: ProgramHooks): Promise<{ error?: Error }> {
  await installMocks(hooks);
  const error = await runInStack(program);
  // Registrations still in flight (a failed program leaves some) finish before the run is over.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return { error };
}

/**
 * setMocks resets the runtime's per-run state (monitor, stack resource, feature support) and config is set anew,
 * so runs in one process do not see one another. The mock monitor is then adjusted to the engine's URNs, and
 * watched for what its `newResource` does not pass on (options, dependencies, registered outputs).
 */
async function installMocks(hooks: ProgramHooks): Promise<void> {
  const pending = new Map<string, CapturedResource[]>();
  pulumi.runtime.setAllConfig({ ...hooks.config }, [...hooks.secretKeys]);
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const { id, outputs } = await hooks.register(takePending(pending, args));
        return { id, state: outputs };
      },
      call: async (args) => {
        throw new Error(`the offline runner answers no invokes (${args.token})`);
      },
    },
    hooks.project,
    hooks.stack,
    hooks.preview,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as RunnerMonitor;
  monitor.newUrn = (parent, type, name) => engineUrn(hooks.stack, hooks.project, parent, type, name);
  interceptRequests(monitor, (resource) => {
    const key = pendingKey(resource.type, resource.name);
    pending.set(key, [...(pending.get(key) ?? []), resource]);
  });
  interceptOutputs(monitor, hooks.registerOutputs);
}

/** The program's error, if it threw. */
async function runInStack(program: () => unknown): Promise<Error | undefined> {
  let error: Error | undefined;
  const init = async () => {
    try {
      return await program();
    } catch (thrown) {
      // Caught here, not around runInPulumiStack: rejecting the stack's init leaves promises inside
      // @pulumi/pulumi rejected with no handler (the language host's unhandledRejection hook reports those; under
      // jest they fail the test). The stack still registers its (empty) outputs, as after a failure in the CLI.
      error = asError(thrown);
      return undefined;
    }
  };
  try {
    await pulumi.runtime.runInPulumiStack(init);
  } catch (thrown) {
    error ??= asError(thrown);
  }
  return error;
}

function interceptOutputs(monitor: RunnerMonitor, record: ProgramHooks["registerOutputs"]): void {
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (request, callback) => {
    record(request.getUrn(), (request.getOutputs()?.toJavaScript() ?? {}) as PropertyMap);
    return registerOutputs(request, callback);
  };
}
