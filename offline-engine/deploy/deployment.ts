import type { PluginLoader } from "../providers/providerRegistry";
import { ProviderRegistry } from "../providers/providerRegistry";
import { makeSecret, type PropertyMap } from "../providers/secrets";
import { providerReference, type ResourceState } from "../state/resourceState";
import { Snapshot } from "../state/snapshot";
import { DependencyGraph, scheduleDeletes } from "./dependencyGraph";
import type { Goal, ReadGoal } from "./goal";
import type { OperationLog } from "./operationLog";
import { rebuildBaseState, refreshResource, type RefreshOutcome } from "./refresh";
import { DeploymentCanceledError, StepExecutor } from "./stepExecutor";
import { StepGenerationError, StepGenerator } from "./stepGenerator";
import type { Step, StepContext } from "./steps";
import { providerType, ROOT_STACK_TYPE, urnQualifiedType } from "./urn";

/** The package names of dynamic providers, which get the whole stack config (target.go:41 `isDynamicProvider`). */
const DYNAMIC_PACKAGES = new Set(["pulumi-nodejs", "pulumi-python"]);

export interface DeploymentOptions {
  readonly project: string;
  readonly stack: string;
  /** A preview: every step is planned, providers are asked only what a preview asks, nothing is written. */
  readonly preview: boolean;
  /** The stack config, keys namespaced (`kkms:region`), values as `pulumi config` holds them (strings). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** The state the operation starts from. */
  readonly base: readonly ResourceState[];
  /** Where every change is written; none for a preview. */
  readonly stateFile: string | undefined;
  readonly loadPlugin: PluginLoader;
  readonly log: OperationLog;
}

/** One operation on a stack (pkg/resource/deploy/deployment.go, deployment_executor.go at v3.248.0). */
export class Deployment {
  readonly snapshot: Snapshot;
  readonly registry: ProviderRegistry;
  readonly executor: StepExecutor;
  private generator: StepGenerator;
  private graph: DependencyGraph;
  private olds = new Map<string, ResourceState>();
  /** Registrations are turned into steps one at a time, as the engine's main loop does. */
  private generation: Promise<unknown> = Promise.resolve();
  private readonly defaultProviders = new Map<string, Promise<string>>();
  /** New states registered in this operation, for their outputs to come (step_executor.go:100 `pendingNews`, stored at :509). */
  private readonly pendingNews = new Map<string, ResourceState>();
  private stackOutputs: { urn: string; outputs: PropertyMap } | undefined;
  private readonly stepContext: StepContext;
  /** What each refresh found, in the order it was found. */
  readonly refreshOutcomes: RefreshOutcome[] = [];

  constructor(private readonly options: DeploymentOptions) {
    this.snapshot = new Snapshot(options, options.base, options.stateFile);
    this.registry = new ProviderRegistry(options.loadPlugin);
    this.graph = new DependencyGraph(options.base);
    this.rebuildOlds();
    const deletions = new Set<string>();
    this.stepContext = {
      preview: options.preview,
      snapshot: this.snapshot,
      registry: this.registry,
      log: options.log,
      deletions,
      ensureProvider: (reference) => this.ensureProvider(reference),
    };
    this.executor = new StepExecutor(this.stepContext, options.log);
    this.generator = this.newGenerator(deletions);
  }

  get log(): OperationLog {
    return this.options.log;
  }

  /** Everything that went wrong, in order; empty for a successful operation. */
  errors(): Error[] {
    return [...this.generator.reportedErrors, ...this.executor.errors];
  }

  failed(): boolean {
    return this.errors().length > 0;
  }

  /** No further registration is taken (a step failed). */
  get isCanceled(): boolean {
    return this.executor.isCanceled;
  }

  /** RegisterResource: the steps for one goal, run; resolves with the state to answer the program with. */
  async registerResource(goal: Goal): Promise<ResourceState> {
    const generated = await this.generate(() => this.generator.generate(goal));
    if (generated.answer) return this.answered(generated.answer);
    const answering = await this.executor.runChain(generated.steps);
    if (!answering) throw new DeploymentCanceledError();
    return this.answered(answering.resource);
  }

  /** ReadResource (`Resource.get`). */
  async readResource(goal: ReadGoal): Promise<ResourceState> {
    const steps = await this.generate(async () => this.generator.generateRead(goal));
    const answering = await this.executor.runChain(steps);
    if (!answering) throw new DeploymentCanceledError();
    return this.answered(answering.resource);
  }

  /**
   * RegisterResourceOutputs: a component's (or the stack's) outputs. The stack's are kept until the end
   * (step_executor.go:218; deployment_executor.go:352 finalizes them once every step is done).
   */
  async registerResourceOutputs(urn: string, outputs: PropertyMap): Promise<void> {
    if (urnQualifiedType(urn) === ROOT_STACK_TYPE) {
      this.stackOutputs = { urn, outputs };
      return;
    }
    const state = this.pendingNews.get(urn);
    if (!state) throw new Error(`cannot complete a resource '${urn}' whose registration isn't pending`);
    this.pendingNews.delete(urn);
    state.outputs = outputs;
    await this.snapshot.changed();
  }

  /**
   * The default provider of a package (default_providers.go:137, :202): registered once, like any provider resource, named
   * `default` (or `default_<version>`), its inputs the stack config of that package — the whole config for
   * dynamic providers, keys namespaced; otherwise that namespace's keys without it (target.go:46 GetPackageConfig).
   */
  defaultProviderReference(pkg: string, version: string): Promise<string> {
    const key = `${pkg}@${version}`;
    let reference = this.defaultProviders.get(key);
    if (!reference) {
      reference = this.registerResource(this.defaultProviderGoal(pkg, version)).then((state) =>
        providerReference(state.urn, state.id ?? ""),
      );
      this.defaultProviders.set(key, reference);
    }
    return reference;
  }

  /**
   * deployment_executor.go:680 refresh: every resource of the state read through its provider — configured from the
   * provider's own state — concurrently; then the base is rebuilt from what was read.
   */
  async refreshAll(): Promise<void> {
    const base = this.snapshot.baseResources();
    const outcomes = new Map<ResourceState, RefreshOutcome>();
    try {
      for (const resource of base) await this.ensureProvider(resource.provider);
    } catch (error) {
      this.executor.fail(error as Error);
      return;
    }
    await Promise.all(
      base.map(async (resource) => {
        try {
          const plugin = resource.provider ? this.registry.get(resource.provider) : undefined;
          const outcome = await refreshResource(resource, plugin);
          outcomes.set(resource, outcome);
          this.reportRefresh(outcome);
        } catch (error) {
          this.executor.fail(error as Error, resource.urn);
        }
      }),
    );
    if (this.failed()) return;
    await this.snapshot.rebase(rebuildBaseState(base, outcomes));
    this.graph = new DependencyGraph(this.snapshot.baseResources());
    this.rebuildOlds();
    this.generator = this.newGenerator(this.stepContext.deletions as Set<string>);
  }

  /**
   * deployment_executor.go:444 performPostSteps: the deletes, in the engine's order — waves that run concurrently, each
   * after the one before; nothing that a failed delete still depends on is deleted.
   */
  async performDeletes(): Promise<void> {
    if (this.executor.isCanceled) return;
    let steps: Step[];
    try {
      steps = await this.generator.generateDeletes(this.snapshot.baseResources());
    } catch (error) {
      this.executor.fail(error as Error);
      return;
    }
    for (const step of steps) (this.stepContext.deletions as Set<string>).add(step.urn);
    const byResource = new Map(steps.map((step) => [step.resource, step]));
    const spared = new Set<ResourceState>();
    for (const wave of scheduleDeletes(this.graph, [...byResource.keys()])) {
      for (const errored of this.executor.erroredSteps) {
        if (this.graph.contains(errored.resource)) {
          for (const dependency of this.graph.transitiveDependenciesOf(errored.resource))
            spared.add(dependency);
        }
      }
      if (this.executor.isCanceled) return;
      const runnable = wave.filter((resource) => !spared.has(resource));
      await Promise.allSettled(
        runnable.map((resource) => this.executor.runChain([byResource.get(resource) as Step])),
      );
    }
  }

  /** step_executor.go:256: the stack's outputs are written last; after a failure the old ones fill the gaps. */
  async finalizeStackOutputs(): Promise<void> {
    const registered = this.stackOutputs;
    if (!registered) return;
    const state = this.pendingNews.get(registered.urn);
    if (!state) return;
    const old = this.olds.get(registered.urn);
    state.outputs = this.failed() ? { ...(old?.outputs ?? {}), ...registered.outputs } : registered.outputs;
    await this.snapshot.changed();
  }

  /** The stack outputs registered in this operation (wire form), or undefined when none were. */
  registeredStackOutputs(): PropertyMap | undefined {
    return this.stackOutputs?.outputs;
  }

  async close(): Promise<void> {
    await this.executor.drain();
    await this.registry.closeAll();
  }

  /** Runs a generation after the ones before it; a refused registration cancels the deployment. */
  private generate<T>(work: () => Promise<T>): Promise<T> {
    const run = this.generation.then(async () => {
      if (this.executor.isCanceled) throw new DeploymentCanceledError();
      try {
        return await work();
      } catch (error) {
        // Errors of steps run during generation (an import's read) were recorded by the executor already.
        if (!(error instanceof DeploymentCanceledError) && !this.executor.errors.includes(error as Error)) {
          const reported = error instanceof StepGenerationError && error.name === "CheckFailedError";
          this.executor.fail(error as Error, (error as StepGenerationError).urn, { reported });
        }
        throw error;
      }
    });
    this.generation = run.catch(() => undefined);
    return run;
  }

  private answered(state: ResourceState): ResourceState {
    this.pendingNews.set(state.urn, state);
    return state;
  }

  /** deployment.go:659 EnsureProvider: a provider named by a resource of the state, configured from its own state. */
  private async ensureProvider(reference: string | undefined): Promise<void> {
    await this.registry.ensure(reference, this.snapshot.baseResources());
  }

  private reportRefresh(outcome: RefreshOutcome): void {
    this.refreshOutcomes.push(outcome);
    if (outcome.initErrors) {
      this.log.warning(
        `Refreshed resource is in an unhealthy state:\n* ${outcome.initErrors.join("\n* ")}`,
        outcome.old.urn,
      );
    }
    this.log.refreshStep(outcome.op, outcome.old.urn, outcome.changedProperties);
  }

  private defaultProviderGoal(pkg: string, version: string): Goal {
    const properties = this.packageConfig(pkg);
    if (version) properties["version"] = version;
    return {
      type: providerType(pkg),
      name: defaultProviderName(version),
      custom: true,
      properties,
      parent: "",
      protect: undefined,
      dependencies: [],
      provider: "",
      propertyDependencies: {},
      deleteBeforeReplace: undefined,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      aliases: [],
      importId: "",
      replaceOnChanges: [],
      retainOnDelete: undefined,
      deletedWith: "",
    };
  }

  /** target.go:46 GetPackageConfig: secret config values stay secrets. */
  private packageConfig(pkg: string): PropertyMap {
    const secretKeys = new Set(this.options.secretKeys);
    const result: PropertyMap = {};
    for (const [key, value] of Object.entries(this.options.config)) {
      const separator = key.indexOf(":");
      const namespace = key.slice(0, separator);
      if (!DYNAMIC_PACKAGES.has(pkg) && namespace !== pkg) continue;
      const name = DYNAMIC_PACKAGES.has(pkg) ? key : key.slice(separator + 1);
      result[name] = secretKeys.has(key) ? makeSecret(value) : value;
    }
    return result;
  }

  private rebuildOlds(): void {
    this.olds = new Map(
      this.snapshot
        .baseResources()
        .filter((resource) => !resource.delete)
        .map((resource) => [resource.urn, resource]),
    );
  }

  private newGenerator(deletions: Set<string>): StepGenerator {
    const generator = new StepGenerator({
      preview: this.options.preview,
      stack: this.options.stack,
      project: this.options.project,
      olds: this.olds,
      graph: this.graph,
      registry: this.registry,
      log: this.options.log,
      ensureProvider: (reference) => this.ensureProvider(reference),
      runNow: async (steps) => {
        await this.executor.runChain(steps);
      },
    });
    deletions.clear();
    return generator;
  }
}

/** providers.ProviderRequest DefaultName: `default`, or `default_1_2_3` (and prerelease parts) for a version. */
export function defaultProviderName(version: string): string {
  if (!version) return "default";
  const [core, build] = version.split("+");
  const [numbers, pre] = [core.split("-")[0], core.split("-").slice(1).join("-")];
  const parts = [...numbers.split("."), ...(pre ? pre.split(".") : []), ...(build ? build.split(".") : [])];
  return `default_${parts.join("_")}`;
}
