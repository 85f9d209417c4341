import { ROOT_STACK_TYPE, urnQualifiedType } from "../deploy/urn";
import { deleteFromState } from "../state/stateDelete";
import { writeStateFile, type StackState } from "../state/stateFile";
import { readStackState, runDestroy, runRefresh, runUpdate } from "./operations";
import { toStackOutputs, type StackOutputs } from "./stackOutputs";
import { resolveStackSettings, type StackSettings } from "./stackSettings";
import type { DestroyResult, OpenStackOptions, RefreshResult, Stack, UpOptions, UpResult } from "./types";

/**
 * Opens a stack: a Pulumi project directory (or an inline program), a state file and a config. Nothing runs until an
 * operation does; each operation starts its own engine server, program and plugins, and ends them, as one `pulumi`
 * command does. A bad project, option or state file is reported here, before anything runs.
 */
export function openStack(options: OpenStackOptions): Stack {
  const settings = resolveStackSettings(options);
  readStackState(settings);
  return new OfflineStack(settings);
}

/** Operations on one stack run one at a time, as the engine locks a stack for an update. */
class OfflineStack implements Stack {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: StackSettings) {}

  get stateFile(): string {
    return this.settings.stateFile;
  }

  preview(options: UpOptions = {}): Promise<UpResult> {
    return this.exclusive(() =>
      runUpdate(this.settings, {
        preview: true,
        refresh: options.refresh ?? false,
        program: options.program,
      }),
    );
  }

  up(options: UpOptions = {}): Promise<UpResult> {
    return this.exclusive(() =>
      runUpdate(this.settings, {
        preview: false,
        refresh: options.refresh ?? false,
        program: options.program,
      }),
    );
  }

  refresh(): Promise<RefreshResult> {
    return this.exclusive(() => runRefresh(this.settings));
  }

  destroy(): Promise<DestroyResult> {
    return this.exclusive(() => runDestroy(this.settings));
  }

  stateDelete(urn: string, options: { force?: boolean } = {}): Promise<void> {
    return this.exclusive(async () => {
      writeStateFile(this.settings.stateFile, deleteFromState(readStackState(this.settings), urn, options));
    });
  }

  outputs(): StackOutputs {
    const stack = this.state().resources.find(
      (resource) => urnQualifiedType(resource.urn) === ROOT_STACK_TYPE && !resource.delete,
    );
    return toStackOutputs(stack?.outputs ?? {});
  }

  state(): StackState {
    return readStackState(this.settings);
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
