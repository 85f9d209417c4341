import { DiffUnavailableError, type ProviderPlugin } from "../providers/providerPlugin";
import { filterProviderConfig, type ProviderRegistry } from "../providers/providerRegistry";
import { isSecret, UNKNOWN, type PropertyMap, type PropertyValue } from "../providers/secrets";
import { providerReferenceUrn, type ResourceState } from "../state/resourceState";
import { generateAliases } from "./aliases";
import type { DependencyGraph } from "./dependencyGraph";
import {
  applyReplaceOnChanges,
  changedKeys,
  displayedKeys,
  fromProviderDiff,
  inputsEqual,
  isReplace,
  NO_DIFF,
  processIgnoreChanges,
  replacingKeys,
  type DiffResult,
} from "./diff";
import type { Goal, ReadGoal } from "./goal";
import type { OperationLog } from "./operationLog";
import {
  CreateStep,
  DeleteStep,
  ImportStep,
  ReadStep,
  RemovePendingReplaceStep,
  ReplaceStep,
  SameStep,
  UpdateStep,
  type Step,
} from "./steps";
import { childUrn, isProviderType } from "./urn";

/**
 * The engine's step generator (pkg/resource/deploy/step_generator.go at v3.248.0): for each registration it decides
 * the steps — create, same, update, replace (create-before-delete, or delete-before-replace with the dependents the
 * engine replaces with it), import, read — calling the provider's Check and Diff on the way; after the program it
 * decides the deletes. Registrations are generated one at a time, as the engine's main loop does.
 */

/** A registration the engine refuses (a bad parent, a duplicate URN, check failures, a protected replace...). */
export class StepGenerationError extends Error {
  constructor(
    message: string,
    readonly urn?: string,
  ) {
    super(message);
    this.name = "StepGenerationError";
  }
}

/** The provider of a resource: a plugin, the registry (for provider resources), or none (components). */
type ResourceProvider = ProviderPlugin | ProviderRegistry | undefined;

export interface GeneratorContext {
  readonly preview: boolean;
  readonly stack: string;
  readonly project: string;
  /** The base resources not pending deletion, by URN (the deployment's `olds`). */
  readonly olds: ReadonlyMap<string, ResourceState>;
  readonly graph: DependencyGraph;
  readonly registry: ProviderRegistry;
  readonly log: OperationLog;
  ensureProvider(reference: string | undefined): Promise<void>;
  /** Runs steps now (an import's read, which the rest of the decision needs); throws when one fails. */
  runNow(steps: Step[]): Promise<void>;
}

export interface Generated {
  readonly steps: Step[];
  /** The state to answer the registration with when no step will (an import that needs nothing more). */
  readonly answer?: ResourceState;
}

interface DependentReplace {
  readonly resource: ResourceState;
  readonly keys: string[];
}

export class StepGenerator {
  /** Errors reported that fail the operation but let a preview carry on (step_generator.go:76 `sawError`, set at :484). */
  readonly reportedErrors: Error[] = [];
  private readonly urns = new Set<string>();
  /** old URN → the URN that claimed it through an alias. */
  private readonly aliased = new Map<string, string>();
  /** URN → the old URN it was found under. */
  private readonly aliasOf = new Map<string, string>();
  private readonly creates = new Set<string>();
  private readonly sames = new Set<string>();
  private readonly updates = new Set<string>();
  private readonly replaces = new Set<string>();
  private readonly reads = new Set<string>();
  /** URNs deleted (or to be deleted) in this operation. */
  readonly deletes = new Set<string>();
  private readonly imports = new Set<string>();
  /** Old states deleted early, as dependents of a delete-before-replace. */
  private readonly pendingDeletes = new Set<ResourceState>();
  private readonly dependentReplaceKeys = new Map<string, string[]>();
  /** The provider resources registered in this operation, by URN (and by alias). */
  private readonly providers = new Map<string, ResourceState>();

  constructor(private readonly ctx: GeneratorContext) {}

  /** step_generator.go:375 GenerateSteps. */
  async generate(goal: Goal): Promise<Generated> {
    const urn = this.claimUrn(goal.parent, goal.type, goal.name);
    const { old, alias } = this.oldResource(urn, goal.name, goal.type, goal.parent, goal);
    const state = newState(goal, urn, alias);
    if (isProviderType(goal.type)) {
      this.providers.set(urn, state);
      if (alias) this.providers.set(alias, state);
    }
    const provider = this.resourceProvider(urn, goal);
    const recreating = this.deletes.has(urn);
    const oldImportId = old ? old.importId || old.id : undefined;
    if (goal.custom && goal.importId !== "" && (!old || old.external || oldImportId !== goal.importId)) {
      return this.generateImport(goal, state, old, provider, recreating);
    }
    return this.continueAfterImport(goal, state, old, provider, recreating, false);
  }

  /** step_generator.go:271 GenerateReadSteps: `Resource.get`. */
  generateRead(goal: ReadGoal): Step[] {
    const urn = this.claimUrn(goal.parent, goal.type, goal.name);
    const { old, alias } = this.oldResource(urn, goal.name, goal.type, goal.parent, undefined);
    if (!goal.id) throw new StepGenerationError(`Expected an ID for ${urn}`, urn);
    const state: ResourceState = {
      urn,
      type: goal.type,
      custom: true,
      id: goal.id,
      ...(goal.parent ? { parent: goal.parent } : {}),
      ...(goal.provider ? { provider: goal.provider } : {}),
      inputs: goal.properties,
      outputs: {},
      dependencies: goal.dependencies,
      propertyDependencies: {},
      protect: false,
      retainOnDelete: false,
      external: true,
      additionalSecretOutputs: goal.additionalSecretOutputs,
      ...(alias ? { aliases: [alias] } : {}),
    };
    // A managed resource of that URN with another id is let go of: read the new one, delete the old at the end.
    if (old && !old.external && old.id !== goal.id) {
      this.replaces.add(urn);
      return [new ReadStep(state, old, true), new ReplaceStep(state)];
    }
    this.reads.add(urn);
    return [new ReadStep(state, old, false)];
  }

  /**
   * step_generator.go:2159 GenerateDeletes: the old halves of replacements, and everything the program did not register
   * (nothing, in a destroy). Their providers are loaded from the state.
   */
  async generateDeletes(base: readonly ResourceState[]): Promise<Step[]> {
    const steps: Step[] = [];
    for (const resource of base) {
      if (resource.delete) {
        if (this.pendingDeletes.has(resource)) continue;
        this.deletes.add(resource.urn);
        steps.push(new DeleteStep(resource, true, false));
      } else if (!this.isOperatedOn(resource.urn)) {
        this.deletes.add(resource.urn);
        steps.push(
          resource.pendingReplacement
            ? new RemovePendingReplaceStep(resource)
            : new DeleteStep(resource, false, false),
        );
      } else {
        continue;
      }
      await this.ctx.ensureProvider(resource.provider);
    }
    return steps;
  }

  private claimUrn(parent: string, type: string, name: string): string {
    // The parent must have been registered already (step_generator.go:210 checkParent).
    if (parent && !this.urns.has(parent))
      throw new StepGenerationError(`could not find parent resource ${parent}`);
    const urn = childUrn(this.ctx.stack, this.ctx.project, parent, type, name);
    if (this.urns.has(urn)) {
      throw new StepGenerationError(`Duplicate resource URN '${urn}'; try giving it a unique name`, urn);
    }
    this.urns.add(urn);
    return urn;
  }

  /**
   * step_generator.go:614 getOldResource: the old state under this URN, else under one of its aliases (the alias is then
   * claimed: the old resource is this one now, and is not deleted).
   */
  private oldResource(
    urn: string,
    name: string,
    type: string,
    parent: string,
    goal: Goal | undefined,
  ): { old: ResourceState | undefined; alias: string | undefined } {
    const aliases = generateAliases(
      { stack: this.ctx.stack, project: this.ctx.project, aliasOf: (u) => this.aliasOf.get(u) },
      name,
      type,
      parent,
      goal?.aliases ?? [],
    );
    const claimedBy = this.aliased.get(urn);
    if (claimedBy) {
      throw new StepGenerationError(
        `Duplicate resource URN '${urn}' conflicting with alias on resource with URN '${claimedBy}'`,
        urn,
      );
    }
    for (const candidate of [urn, ...aliases]) {
      const old = this.ctx.olds.get(candidate);
      if (!old) continue;
      if (candidate === urn) return { old, alias: undefined };
      const conflict = this.urns.has(candidate) ? candidate : this.aliased.get(candidate);
      if (conflict) {
        throw new StepGenerationError(
          `Duplicate resource alias '${candidate}' applied to resource with URN '${urn}' conflicting with resource ` +
            `with URN '${conflict}'`,
          urn,
        );
      }
      this.aliased.set(candidate, urn);
      this.aliasOf.set(urn, candidate);
      return { old, alias: candidate };
    }
    return { old: undefined, alias: undefined };
  }

  /** step_generator.go:2860 loadResourceProvider. */
  private resourceProvider(urn: string, goal: Goal): ResourceProvider {
    if (!goal.custom) return undefined;
    if (isProviderType(goal.type)) return this.ctx.registry;
    const plugin = this.ctx.registry.get(goal.provider);
    if (!plugin)
      throw new StepGenerationError(`unknown provider '${goal.provider}' for resource '${urn}'`, urn);
    return plugin;
  }

  /** An import: read the resource by its id alone, then check and diff the program's inputs against what was read. */
  private async generateImport(
    goal: Goal,
    state: ResourceState,
    old: ResourceState | undefined,
    provider: ResourceProvider,
    recreating: boolean,
  ): Promise<Generated> {
    this.imports.add(state.urn);
    const imported: ResourceState = { ...state, inputs: {}, outputs: {}, importId: goal.importId };
    const original = old && !recreating ? old : undefined;
    await this.ctx.runNow([new ImportStep(imported, goal.ignoreChanges, original)]);
    // The desired state, afresh: the import step's state stands for what exists now (step_generator.go:1023).
    const desired: ResourceState = { ...state, inputs: goal.properties, outputs: {} };
    delete desired.importId;
    delete desired.id;
    return this.continueAfterImport(goal, desired, imported, provider, recreating, true);
  }

  /** step_generator.go:1131 continueStepsFromImport. */
  private async continueAfterImport(
    goal: Goal,
    state: ResourceState,
    old: ResourceState | undefined,
    provider: ResourceProvider,
    recreating: boolean,
    imported: boolean,
  ): Promise<Generated> {
    const { urn } = state;
    let inputs = state.inputs;
    if (old) {
      inputs = processIgnoreChanges(inputs, old.inputs, goal.ignoreChanges, (paths) =>
        this.ctx.log.diagnostic({
          severity: "info",
          urn,
          message: `cannot ignore changes in added or removed elements of the path: ${JSON.stringify(paths.join(", "))}`,
        }),
      );
    }
    const wasExternal = old?.external === true;
    if (provider) {
      const fresh = recreating || wasExternal || !old;
      inputs = await this.check(
        provider,
        state,
        fresh ? {} : (old as ResourceState).inputs,
        fresh ? goal.properties : inputs,
      );
      state.inputs = inputs;
    }

    // Deleted earlier in this operation as a dependent of a delete-before-replace: now recreated.
    if (recreating && old) {
      this.deletes.delete(urn);
      this.replaces.add(urn);
      const keys = this.dependentReplaceKeys.get(urn) ?? [];
      return { steps: [new ReplaceStep(state), new CreateStep(state, { old, pendingDelete: false, keys })] };
    }
    // Pulumi did not own it: a new one takes its place; the read one is let go of at the end.
    if (wasExternal && old) {
      this.creates.add(urn);
      return {
        steps: [new CreateStep(state, { old, pendingDelete: true, keys: [] }), new ReplaceStep(state)],
      };
    }
    if (old) return this.stepsFromDiff(goal, state, old, inputs, provider, imported);
    this.creates.add(urn);
    return { steps: [new CreateStep(state)] };
  }

  /** step_generator.go:1670 generateStepsFromDiff + continueStepsFromDiff. */
  private async stepsFromDiff(
    goal: Goal,
    state: ResourceState,
    old: ResourceState,
    inputs: PropertyMap,
    provider: ResourceProvider,
    imported: boolean,
  ): Promise<Generated> {
    const { urn } = state;
    let diff: DiffResult;
    try {
      diff = await this.diff(goal, state, old, inputs, provider);
    } catch (error) {
      if (!(error instanceof DiffUnavailableError)) throw error;
      // The provider's config is not known (a preview): assume an update, and say so.
      this.ctx.log.warning(error.message, urn);
      diff = { ...NO_DIFF, changes: "some" };
    }
    const hasInitErrors = (old.initErrors?.length ?? 0) > 0;
    diff = applyReplaceOnChanges(diff, goal.replaceOnChanges, hasInitErrors);

    if (diff.changes === "some" || old.pendingReplacement) {
      if (isReplace(diff) || old.pendingReplacement)
        return this.replaceSteps(goal, state, old, diff, provider);
      this.updates.add(urn);
      return { steps: [new UpdateStep(old, state, displayedKeys(diff), goal.ignoreChanges)] };
    }
    // Unchanged, but a partial failure left init errors: an empty update finishes initializing it.
    if (hasInitErrors) {
      this.updates.add(urn);
      return { steps: [new UpdateStep(old, state, displayedKeys(diff), goal.ignoreChanges)] };
    }
    // An import that needs nothing more is answered with what was imported.
    if (imported) return { steps: [], answer: old };
    this.sames.add(urn);
    return { steps: [new SameStep(old, state)] };
  }

  private async replaceSteps(
    goal: Goal,
    state: ResourceState,
    old: ResourceState,
    diff: DiffResult,
    provider: ResourceProvider,
  ): Promise<Generated> {
    const { urn } = state;
    // A protected resource cannot be replaced (a replacement deletes it); a preview reports it and carries on.
    if (state.protect && old.protect) {
      this.reportOrThrow(
        `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the ` +
          "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
        urn,
      );
    }
    if (goal.importId !== "") {
      const keys = diff.replaceKeys.map(
        (key) => `${key}: ${shown(old.inputs[key])} => ${shown(state.inputs[key])}`,
      );
      const message =
        "previously-imported resources that still specify an ID may not be replaced; please remove the `import` " +
        `declaration from your program;\n${keys.join("\n")}`;
      if (this.ctx.preview) this.ctx.log.warning(message, urn);
      else throw new StepGenerationError(message, urn);
    }
    this.replaces.add(urn);
    // The replacement is a new resource: its defaults are computed afresh, without the old inputs.
    if (provider) state.inputs = await this.check(provider, state, {}, goal.properties);

    const deleteBeforeReplace = goal.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    if (!deleteBeforeReplace) {
      return {
        steps: [
          new CreateStep(state, { old, pendingDelete: true, keys: replacingKeys(diff) }),
          new ReplaceStep(state),
        ],
      };
    }

    // Delete-before-replace: first delete whatever would be replaced because this resource is, dependents first.
    const steps: Step[] = [];
    const dependents =
      !this.ctx.preview || this.ctx.graph.contains(old) ? await this.dependentReplacements(old) : [];
    for (const dependent of [...dependents].reverse()) {
      const resource = dependent.resource;
      if (this.pendingDeletes.has(resource)) continue;
      this.dependentReplaceKeys.set(resource.urn, dependent.keys);
      if (resource.delete) {
        steps.push(new DeleteStep(resource, false, false));
      } else {
        if (resource.protect) {
          const message =
            `unable to replace resource "${resource.urn}" as part of replacing "${urn}" as it is currently ` +
            "marked for protection. To unprotect the resource, remove the `protect` flag from the resource in " +
            `your Pulumi program and run \`pulumi up\`, or use the command:\n\`pulumi state unprotect '${resource.urn}'\``;
          this.ctx.log.error(message, urn);
          throw new StepGenerationError(message, urn);
        }
        steps.push(new DeleteStep(resource, true, true));
      }
      this.deletes.add(resource.urn);
      this.pendingDeletes.add(resource);
    }
    await this.ctx.ensureProvider(old.provider);
    if (!old.pendingReplacement) steps.push(new DeleteStep(old, true, true));
    steps.push(
      new ReplaceStep(state),
      new CreateStep(state, { old, pendingDelete: false, keys: replacingKeys(diff) }),
    );
    return { steps };
  }

  /**
   * step_generator.go:3009 calculateDependentReplacements: the resources that depend on `root` (in the old state) and
   * would be replaced if it were: their inputs from a replaced resource become unknown, and their provider's Diff
   * (with `replaceOnChanges`) decides. A resource whose provider is replaced is replaced too.
   */
  private async dependentReplacements(root: ResourceState): Promise<DependentReplace[]> {
    const result: DependentReplace[] = [];
    const replaceSet = new Set([root.urn]);
    // Resources registered already cannot depend on the root any more (they would have come after it).
    const impossible = new Set([
      ...this.reads,
      ...this.creates,
      ...this.sames,
      ...this.updates,
      ...this.deletes,
      ...this.replaces,
    ]);
    for (const dependent of this.ctx.graph.dependingOn(root, impossible, false)) {
      const keys = await this.requiresReplacement(dependent, replaceSet);
      if (keys) {
        result.push({ resource: dependent, keys });
        replaceSet.add(dependent.urn);
      }
    }
    return result;
  }

  /** The replace keys when `resource` must be replaced with the resources in `replaceSet`; undefined when not. */
  private async requiresReplacement(
    resource: ResourceState,
    replaceSet: ReadonlySet<string>,
  ): Promise<string[] | undefined> {
    if (!resource.custom || resource.external) return undefined;
    if (resource.provider && replaceSet.has(providerReferenceUrn(resource.provider))) {
      await this.ctx.ensureProvider(resource.provider);
      return [];
    }
    let dependsOnReplaced = false;
    const inputsForDiff: PropertyMap = {};
    for (const [key, value] of Object.entries(resource.inputs)) {
      const replaced = (resource.propertyDependencies[key] ?? []).some((urn) => replaceSet.has(urn));
      if (replaced) dependsOnReplaced = true;
      inputsForDiff[key] = replaced ? UNKNOWN : value;
    }
    if (!dependsOnReplaced) return undefined;
    let provider: ResourceProvider;
    if (isProviderType(resource.type)) {
      await this.ctx.registry.same(resource, false);
      provider = this.ctx.registry;
    } else {
      await this.ctx.ensureProvider(resource.provider);
      provider = resource.provider ? this.ctx.registry.get(resource.provider) : undefined;
      if (!provider) throw new StepGenerationError(`resource ${resource.urn} has no provider`, resource.urn);
    }
    let diff = await this.diffResource(resource, inputsForDiff, provider, true, resource.ignoreChanges ?? []);
    diff = applyReplaceOnChanges(diff, resource.replaceOnChanges ?? [], false);
    return isReplace(diff) ? diff.replaceKeys : undefined;
  }

  /** step_generator.go:2694 diff: the provider reference first, then the provider's Diff (components: their inputs). */
  private async diff(
    goal: Goal,
    state: ResourceState,
    old: ResourceState,
    inputs: PropertyMap,
    provider: ResourceProvider,
  ): Promise<DiffResult> {
    if (await this.providerChanged(old, state))
      return { ...NO_DIFF, changes: "some", replaceKeys: ["provider"] };
    if (!provider) return inputsEqual(old.inputs, inputs) ? NO_DIFF : { ...NO_DIFF, changes: "some" };
    return this.diffResource(old, inputs, provider, this.ctx.preview, goal.ignoreChanges);
  }

  /**
   * step_generator.go:2773 diffResource: the provider's Diff against the old inputs and outputs; when it cannot tell
   * (DIFF_UNKNOWN), the engine compares the old inputs with the new ones itself.
   */
  private async diffResource(
    old: ResourceState,
    newInputs: PropertyMap,
    provider: ProviderPlugin | ProviderRegistry,
    allowUnknowns: boolean,
    ignoreChanges: readonly string[],
  ): Promise<DiffResult> {
    const id = old.id ?? "";
    const diff =
      provider === this.ctx.registry
        ? await this.ctx.registry.diff(old.urn, id, old.inputs, old.outputs, newInputs)
        : fromProviderDiff(
            await (provider as ProviderPlugin).diff(
              old.urn,
              id,
              old.inputs,
              old.outputs,
              newInputs,
              allowUnknowns,
              ignoreChanges,
            ),
          );
    if (diff.changes !== "unknown") return diff;
    const keys = changedKeys(old.inputs, processIgnoreChanges(newInputs, old.inputs, ignoreChanges));
    return keys.length > 0 ? { ...diff, changes: "some", changedKeys: keys } : { ...diff, changes: "none" };
  }

  /**
   * step_generator.go:2613 providerChanged: a resource moved to another provider is replaced only when the new provider's
   * DiffConfig says the change of configuration needs it (or when moving from or to no provider).
   */
  private async providerChanged(old: ResourceState, state: ResourceState): Promise<boolean> {
    if (old.provider === state.provider) return false;
    if (!old.provider || !state.provider) return true;
    const oldUrn = providerReferenceUrn(old.provider);
    const newUrn = providerReferenceUrn(state.provider);
    if (this.aliased.get(oldUrn) === newUrn) return false;
    const plugin = this.ctx.registry.get(state.provider);
    const oldProvider = this.ctx.olds.get(oldUrn);
    const newProvider = this.providers.get(newUrn);
    if (!plugin || !oldProvider || !newProvider) return true;
    const response = await plugin.diffConfig(
      newUrn,
      filterProviderConfig(oldProvider.inputs),
      oldProvider.outputs,
      filterProviderConfig(newProvider.inputs),
    );
    return response ? isReplace(fromProviderDiff(response)) : false;
  }

  /** Check, with the engine's reports of its failures (step_generator.go:2810 issueCheckErrors). */
  private async check(
    provider: ProviderPlugin | ProviderRegistry,
    state: ResourceState,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<PropertyMap> {
    const { urn } = state;
    const result =
      provider === this.ctx.registry
        ? await this.ctx.registry.check(urn, olds, news)
        : await (provider as ProviderPlugin).check(urn, olds, news, this.ctx.preview);
    if (result.failures.length === 0) return result.inputs;
    const name = urn.split("::").slice(3).join("::");
    const messages = result.failures.map((failure) =>
      failure.property
        ? `${state.type} resource '${name}': property ${failure.property} value ${shown(news[failure.property])} ` +
          `has a problem: ${failure.reason}`
        : `${state.type} resource '${name}' has a problem: ${failure.reason}`,
    );
    for (const message of messages) this.ctx.log.error(message, urn);
    throw new CheckFailedError(urn, messages);
  }

  private reportOrThrow(message: string, urn: string): void {
    if (!this.ctx.preview) throw new StepGenerationError(message, urn);
    this.ctx.log.error(message, urn);
    this.reportedErrors.push(new StepGenerationError(message, urn));
  }

  /** step_generator.go:2076 isOperatedOn (deletes excluded on purpose: pending deletes can share a URN). */
  private isOperatedOn(urn: string): boolean {
    const current = this.aliased.get(urn) ?? urn;
    return (
      this.sames.has(current) ||
      this.updates.has(current) ||
      this.replaces.has(current) ||
      this.reads.has(current)
    );
  }
}

/** The provider rejected the inputs; the messages were reported already. */
export class CheckFailedError extends StepGenerationError {
  constructor(
    urn: string,
    readonly messages: string[],
  ) {
    super(messages.join("\n"), urn);
    this.name = "CheckFailedError";
  }
}

/** The new state a goal asks for (step_generator.go:674 generateSteps `resource.NewState`). */
function newState(goal: Goal, urn: string, alias: string | undefined): ResourceState {
  return {
    urn,
    type: goal.type,
    custom: goal.custom,
    ...(goal.parent ? { parent: goal.parent } : {}),
    ...(goal.provider ? { provider: goal.provider } : {}),
    inputs: goal.properties,
    outputs: {},
    dependencies: goal.dependencies,
    propertyDependencies: goal.propertyDependencies,
    protect: goal.protect ?? false,
    retainOnDelete: goal.retainOnDelete ?? false,
    external: false,
    ...(goal.deletedWith ? { deletedWith: goal.deletedWith } : {}),
    additionalSecretOutputs: goal.additionalSecretOutputs,
    ...(goal.ignoreChanges.length > 0 ? { ignoreChanges: goal.ignoreChanges } : {}),
    ...(goal.replaceOnChanges.length > 0 ? { replaceOnChanges: goal.replaceOnChanges } : {}),
    ...(alias ? { aliases: [alias] } : {}),
    ...(goal.importId ? { importId: goal.importId } : {}),
  };
}

/** A property value as the engine's messages print it (`{value}`), a secret as `[secret]`. */
function shown(value: PropertyValue | undefined): string {
  if (isSecret(value)) return "{[secret]}";
  if (value === undefined || value === null) return "{<nil>}";
  return `{${typeof value === "string" ? value : JSON.stringify(value)}}`;
}
