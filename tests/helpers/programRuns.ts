import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { openStack, type Stack, type StepOp, type UpResult } from "../../offline-engine";
import { recordRegistrations, type CapturedResource } from "../../offline-engine/capture/recordRegistrations";

/** The repository root: its node_modules holds @pulumi/pulumi (the dynamic-provider host) and pulumi-kkms. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

export interface ProgramsOptions {
  readonly project: string;
  /** Stack config of every run, keys namespaced (`kkms:endpoint`). */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** Added to the environment of the program's plugins. */
  readonly env?: NodeJS.ProcessEnv;
  /** Resource plugins by package, e.g. `{ kkms: NATIVE_PLUGIN }`. */
  readonly plugins?: Readonly<Record<string, string>>;
  /** Resource operations at once (`--parallel`). @default the engine's */
  readonly parallel?: number;
  /** Where the stacks' state files are kept. @default a new temporary directory */
  readonly dir?: string;
  /** Receives every line the engine prints (its plan, the program's and the plugins' output). */
  readonly log?: (line: string) => void;
}

export interface RunOptions {
  /** The stack to run on: its state is kept between runs. @default a new stack for this run alone */
  readonly stack?: string;
  readonly preview?: boolean;
  /** More stack config for this run. */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
}

export interface ProgramRun<T> {
  /** What the engine did (in a preview: would do) to each resource the program declared, by name. */
  readonly steps: Record<string, StepOp>;
  /** What the program returned, every Output resolved (a preview's unknowns are undefined). */
  readonly outputs: pulumi.Unwrap<T>;
  /** What the program returned, as it returned it (Outputs still Outputs). */
  readonly returned: T;
  /** Every RegisterResource and ReadResource request the program sent, in order. */
  readonly resources: CapturedResource[];
  /** The engine's result; what the program returned is its one stack output, `returned`. */
  readonly result: UpResult;
  readonly stack: Stack;
}

/**
 * Programs run as `pulumi up` (or `pulumi preview`) runs them, through the offline engine: the SDK's real language
 * host (an inline program, as the Automation API runs one), the engine's steps, the providers' real plugins. Each
 * stack's state file lives in a temporary directory of its own.
 */
export class ProgramRuns {
  readonly dir: string;
  private runs = 0;

  constructor(private readonly options: ProgramsOptions) {
    this.dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "program-runs-"));
    fs.mkdirSync(this.dir, { recursive: true });
  }

  stateFile(stack: string): string {
    return path.join(this.dir, `${stack}.json`);
  }

  /** The stack `name`, to drive directly (refresh, destroy, its state). */
  open(name: string, program: () => unknown = () => undefined, options: RunOptions = {}): Stack {
    return openStack({
      program,
      project: this.options.project,
      stack: name,
      cwd: REPO_ROOT,
      stateFile: this.stateFile(name),
      config: { ...this.options.config, ...options.config },
      secretKeys: [...(this.options.secretKeys ?? []), ...(options.secretKeys ?? [])],
      env: this.options.env,
      plugins: this.options.plugins,
      parallel: this.options.parallel,
      log: this.options.log,
    });
  }

  /**
   * Runs the program. A program that throws rejects with its own error; a failed operation rejects with the
   * engine's OperationFailedError; an Output the program returned that rejects, with its error.
   */
  async run<T>(program: () => T, options: RunOptions = {}): Promise<ProgramRun<Awaited<T>>> {
    const run = await this.execute(program, options);
    if (run.thrown) throw run.thrown.error;
    if (run.failure) throw run.failure;
    const outputs = (await run.resolved) as pulumi.Unwrap<Awaited<T>>;
    const { resources, returned, stack } = run;
    return {
      steps: stepsByName(run.result),
      outputs,
      returned: returned as Awaited<T>,
      resources,
      result: run.result,
      stack,
    };
  }

  /**
   * The requests a program sends, recorded on a preview through the engine (nothing is created). A program that
   * throws rejects with its error; a preview that fails once the program registered (the provider's Check refused
   * the inputs) still answers what was sent: the tests using this drive the provider with it themselves.
   */
  async capture(program: () => unknown): Promise<CapturedResource[]> {
    const run = await this.execute(program, { preview: true });
    if (run.thrown) throw run.thrown.error;
    if (run.failure && run.resources.length === 0) throw run.failure;
    return run.resources;
  }

  private async execute<T>(program: () => T, options: RunOptions) {
    const resources: CapturedResource[] = [];
    let returned: Awaited<T> | undefined;
    let thrown: { error: unknown } | undefined;
    let resolved: Promise<unknown> = Promise.resolve(undefined);
    const inline = async () => {
      recordRegistrations((resource) => resources.push(resource));
      try {
        returned = await program();
      } catch (error) {
        // The run must fail, as the program's failure fails it; but an error thrown out of the program would also
        // surface as an unhandled rejection of the SDK's stack resource in this process (the test's own). An error
        // logged fails the run just as well (automation/server.js: `log.hasErrors()`).
        thrown = { error };
        pulumi.log.error(`the program failed: ${error instanceof Error ? error.message : String(error)}`);
        return {};
      }
      resolved = settled(returned);
      resolved.catch(() => undefined);
      return { returned };
    };
    const stack = this.open(options.stack ?? `run-${++this.runs}`, inline, options);
    try {
      const result = await (options.preview ? stack.preview() : stack.up());
      return { resources, returned, thrown, resolved, stack, result, failure: undefined };
    } catch (failure) {
      return { resources, returned, thrown, resolved, stack, result: undefined as never, failure };
    }
  }

  /** Removes the state files' directory (unless it was given). */
  dispose(): void {
    if (!this.options.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The Output's value once everything in it resolved, as the program would see it. */
function settled<T>(value: T): Promise<pulumi.Unwrap<T>> {
  // Output#promise is internal to @pulumi/pulumi but present in every 3.x release.
  return (pulumi.output(value) as unknown as { promise(): Promise<pulumi.Unwrap<T>> }).promise();
}

/** Steps of the program's resources: not the stack itself, not provider resources. */
function stepsByName(result: UpResult): Record<string, StepOp> {
  const steps: Record<string, StepOp> = {};
  for (const step of result.steps) {
    if (step.type === "pulumi:pulumi:Stack" || step.type.startsWith("pulumi:providers:")) continue;
    steps[step.name] = step.op;
  }
  return steps;
}
