import { startProviderHost, type ProviderHost } from "../providerHost";
import { destroyStack } from "./destroyStack";
import type { OperationContext } from "./operationContext";
import { refreshStack } from "./refreshStack";
import { readStateFile, type StackState } from "./stateFile";
import { StateStore } from "./stateStore";
import type {
  DestroyResult,
  OpenStackOptions,
  Program,
  RefreshResult,
  Stack,
  UpOptions,
  UpResult,
} from "./types";
import { upStack } from "./upStack";

/**
 * Opens a stack: reads its state file (none yet: an empty stack), starts its provider host in `hostCwd` and
 * configures it with the stack config, as the engine configures a provider before its first resource call.
 */
export async function openStack(options: OpenStackOptions): Promise<Stack> {
  // Read first: a bad state file fails before a host is started.
  readStateFile(options.stateFile, options.project, options.stack);
  const host = await startProviderHost({
    cwd: options.hostCwd,
    project: options.project,
    pulumiDir: options.pulumiDir,
    env: options.env,
  });
  try {
    await host.configure({ ...options.config }, { secretKeys: options.secretKeys });
  } catch (error) {
    await host.kill();
    throw error;
  }
  return stackOnHost(host, options);
}

/**
 * A stack served by a host that is already started and configured (`hostCwd`, `pulumiDir` and `env` are then
 * unused): for tests that wrap the host to watch the engine's calls. `close()` kills that host.
 */
export function stackOnHost(host: ProviderHost, options: OpenStackOptions): Stack {
  const state = readStateFile(options.stateFile, options.project, options.stack);
  return new OfflineStack({
    host,
    store: new StateStore(state, options.stateFile),
    project: options.project,
    stack: options.stack,
    config: { ...options.config },
    secretKeys: [...(options.secretKeys ?? [])],
    print: options.log ?? (() => undefined),
  });
}

/** Operations on one stack run one at a time, as the engine locks a stack for an update. */
class OfflineStack implements Stack {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly op: OperationContext & { readonly host: ProviderHost }) {}

  up(program: Program, options: UpOptions = {}): Promise<UpResult> {
    return this.exclusive(() => upStack(this.op, program, options.preview ?? false));
  }

  preview(program: Program): Promise<UpResult> {
    return this.up(program, { preview: true });
  }

  refresh(): Promise<RefreshResult> {
    return this.exclusive(() => refreshStack(this.op));
  }

  destroy(): Promise<DestroyResult> {
    return this.exclusive(() => destroyStack(this.op));
  }

  state(): StackState {
    return this.op.store.snapshot();
  }

  close(): Promise<void> {
    return this.op.host.kill();
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
