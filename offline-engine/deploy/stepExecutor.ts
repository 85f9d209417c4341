import type { OperationLog } from "./operationLog";
import { DeleteProtectedError, type Step, type StepContext } from "./steps";

/** The deployment stopped after a failure; no further step starts. */
export class DeploymentCanceledError extends Error {
  constructor() {
    super("the deployment was canceled after a failure");
    this.name = "DeploymentCanceledError";
  }
}

/**
 * Runs chains of steps (pkg/resource/deploy/step_executor.go at v3.248.0): the steps of one chain one after the
 * other, chains concurrently. The first failure cancels the deployment: no new step starts, the ones running
 * finish. A refused delete of a protected resource is the exception: it is reported and everything else carries
 * on, so that one run reports them all (step_executor.go:432 `cancelDueToError`).
 */
export class StepExecutor {
  readonly errors: Error[] = [];
  /** The steps that failed, for the delete scheduling to spare what they depend on. */
  readonly erroredSteps: Step[] = [];
  private canceled = false;
  private readonly running = new Set<Promise<unknown>>();
  private onCanceled!: () => void;
  /** Resolves when the deployment is canceled. */
  readonly whenCanceled = new Promise<void>((resolve) => (this.onCanceled = resolve));

  constructor(
    private readonly ctx: StepContext,
    private readonly log: OperationLog,
  ) {}

  get isCanceled(): boolean {
    return this.canceled;
  }

  /** Resolves with the step that answered the registration (if one did); rejects with the first failure. */
  runChain(steps: readonly Step[]): Promise<Step | undefined> {
    const run = this.execute(steps);
    this.running.add(run);
    run.then(
      () => this.running.delete(run),
      () => this.running.delete(run),
    );
    return run;
  }

  /** Cancels the deployment for an error outside any step (a registration the engine refuses). */
  fail(error: Error, urn?: string, options: { reported?: boolean } = {}): void {
    if (!options.reported) this.log.error(error.message, urn);
    this.errors.push(error);
    this.cancel();
  }

  /** Waits for every chain started so far (and those they start). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private cancel(): void {
    this.canceled = true;
    this.onCanceled();
  }

  private async execute(steps: readonly Step[]): Promise<Step | undefined> {
    let answered: Step | undefined;
    for (const step of steps) {
      if (this.canceled) throw new DeploymentCanceledError();
      try {
        await step.apply(this.ctx);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.log.error(failure.message, step.urn);
        this.errors.push(failure);
        this.erroredSteps.push(step);
        if (!(failure instanceof DeleteProtectedError)) this.cancel();
        throw failure;
      }
      if (step.completesRegistration) answered = step;
    }
    return answered;
  }
}
