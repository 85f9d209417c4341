import { InitFailedError, type ProviderPlugin } from "../providers/providerPlugin";
import type { ProviderRegistry } from "../providers/providerRegistry";
import { isSecret, makeSecret, UNKNOWN } from "../providers/secrets";
import type { ResourceState } from "../state/resourceState";
import type { Snapshot } from "../state/snapshot";
import { processIgnoreChanges } from "./diff";
import type { OperationLog } from "./operationLog";
import { isProviderType, tokenPackage, urnType } from "./urn";

/**
 * The steps of a deployment (pkg/resource/deploy/step.go at v3.248.0). Each `apply` does what its namesake's Apply
 * does: the provider call, the state it leaves in the snapshot, and the line it shows.
 */

export interface StepContext {
  readonly preview: boolean;
  readonly snapshot: Snapshot;
  readonly registry: ProviderRegistry;
  readonly log: OperationLog;
  /** URNs being deleted in this operation, for `deletedWith` (step.go:573 `isDeletedWith`). */
  readonly deletions: ReadonlySet<string>;
  /** Marks that a provider reference of the old state must be loaded before a delete or read. */
  ensureProvider(reference: string | undefined): Promise<void>;
}

export type StepKind =
  | "same"
  | "create"
  | "create-replacement"
  | "update"
  | "replace"
  | "delete"
  | "delete-replaced"
  | "remove-pending-replace"
  | "read"
  | "read-replacement"
  | "import";

export interface Step {
  readonly kind: StepKind;
  readonly urn: string;
  /** What the step is about: the old state for a delete, the new one otherwise. */
  readonly resource: ResourceState;
  /** True when finishing this step answers the registration that produced it. */
  readonly completesRegistration: boolean;
  apply(ctx: StepContext): Promise<void>;
}

/** step.go:584 `deleteProtectedError`: the engine reports every one of these and carries on with the other steps. */
export class DeleteProtectedError extends Error {
  constructor(readonly urn: string) {
    super(
      `resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the ` +
        "`protect` flag from the resource in your Pulumi program and run `pulumi up`, or use the command:\n" +
        `\`pulumi state unprotect '${urn}'\``,
    );
    this.name = "DeleteProtectedError";
  }
}

/** A step failed after the resource came to exist; its state is recorded with the init errors. */
export class PartialFailureError extends Error {
  constructor(
    readonly urn: string,
    readonly reasons: string[],
    options: { cause: unknown },
  ) {
    super(reasons.join("\n"), options);
    this.name = "PartialFailureError";
  }
}

/** The plugin behind a custom resource's provider reference. */
async function providerOf(ctx: StepContext, state: ResourceState): Promise<ProviderPlugin> {
  await ctx.ensureProvider(state.provider);
  const plugin = state.provider ? ctx.registry.get(state.provider) : undefined;
  if (!plugin) throw new Error(`unknown provider '${state.provider}' for resource '${state.urn}'`);
  return plugin;
}

/**
 * step_executor.go (after every step with a new state): `additionalSecretOutputs` make outputs secret, and so does
 * a same-named secret input ("if an input secret is potentially leaked as an output").
 */
export function markSecretOutputs(ctx: StepContext, state: ResourceState): void {
  const outputs = { ...state.outputs };
  for (const name of state.additionalSecretOutputs) {
    if (name === "id") {
      ctx.log.warning(
        "The 'id' property cannot be made secret. See pulumi/pulumi#2717 for more details.",
        state.urn,
      );
    } else if (name in outputs && !isSecret(outputs[name])) {
      outputs[name] = makeSecret(outputs[name]);
    }
  }
  for (const [name, value] of Object.entries(outputs)) {
    if (!isSecret(value) && isSecret(state.inputs[name])) outputs[name] = makeSecret(value);
  }
  state.outputs = outputs;
}

/** step.go:150 SameStep: nothing to do; the new state keeps the old id and outputs. */
export class SameStep implements Step {
  readonly kind = "same";
  readonly completesRegistration = true;

  constructor(
    readonly old: ResourceState,
    readonly resource: ResourceState,
  ) {}

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    this.resource.id = this.old.id;
    this.resource.outputs = this.old.outputs;
    if (isProviderType(this.resource.type)) {
      // With the old inputs, so that a provider reporting changed inputs as no diff sees what it saw before.
      await ctx.registry.same({ ...this.resource, inputs: this.old.inputs }, true);
    }
    await ctx.snapshot.record(this.resource, this.old);
    ctx.log.step("same", this.urn);
  }
}

/** step.go:293 CreateStep: a new resource, or the new half of a replacement. */
export class CreateStep implements Step {
  readonly completesRegistration = true;

  constructor(
    readonly resource: ResourceState,
    private readonly replacing?: {
      readonly old: ResourceState;
      /** Create-before-delete: the old one is deleted at the end. */
      readonly pendingDelete: boolean;
      readonly keys: readonly string[];
    },
  ) {}

  get kind(): StepKind {
    return this.replacing ? "create-replacement" : "create";
  }

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    const state = this.resource;
    if (state.custom) {
      try {
        const created = isProviderType(state.type)
          ? await ctx.registry.create(state.urn, state.inputs, ctx.preview)
          : await (await providerOf(ctx, state)).create(state.urn, state.inputs, ctx.preview);
        state.id = created.id;
        state.outputs = created.outputs;
      } catch (error) {
        if (!(error instanceof InitFailedError)) throw error;
        // The resource exists although it failed to initialize: record it, then fail (step.go:293 CreateStep).
        state.id = error.id;
        state.outputs = error.properties;
        state.initErrors = error.reasons;
        await this.commit(ctx);
        throw new PartialFailureError(state.urn, error.reasons, { cause: error });
      }
    }
    await this.commit(ctx);
    if (this.replacing) ctx.log.step("replace", this.urn, this.replacing.keys);
    else ctx.log.step("create", this.urn);
  }

  /** The snapshot of a preview is never written, but is kept like any other (the engine's is too). */
  private async commit(ctx: StepContext): Promise<void> {
    markSecretOutputs(ctx, this.resource);
    const replacing = this.replacing;
    if (replacing && replacing.pendingDelete) {
      await ctx.snapshot.recordMarkingForDeletion(this.resource, replacing.old);
    } else {
      // A delete-before-replace: the old state, already deleted and pending replacement, gives way now.
      await ctx.snapshot.record(this.resource, replacing?.old);
    }
  }
}

/** step.go:925 UpdateStep: an in-place update (for components: new inputs, outputs to come). */
export class UpdateStep implements Step {
  readonly kind = "update";
  readonly completesRegistration = true;

  constructor(
    readonly old: ResourceState,
    readonly resource: ResourceState,
    private readonly changedKeys: readonly string[],
    private readonly ignoreChanges: readonly string[],
  ) {}

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    const state = this.resource;
    state.id = this.old.id;
    state.outputs = this.old.outputs;
    if (state.custom) {
      try {
        state.outputs = isProviderType(state.type)
          ? await ctx.registry.update(state.urn, this.old.id ?? "", state.inputs)
          : await (
              await providerOf(ctx, state)
            ).update(
              state.urn,
              this.old.id ?? "",
              this.old.inputs,
              this.old.outputs,
              state.inputs,
              ctx.preview,
              this.ignoreChanges,
            );
      } catch (error) {
        if (!(error instanceof InitFailedError)) throw error;
        state.outputs = error.properties;
        state.initErrors = error.reasons;
        await this.commit(ctx);
        throw new PartialFailureError(state.urn, error.reasons, { cause: error });
      }
    }
    await this.commit(ctx);
    ctx.log.step("update", this.urn, this.changedKeys);
  }

  private async commit(ctx: StepContext): Promise<void> {
    markSecretOutputs(ctx, this.resource);
    await ctx.snapshot.record(this.resource, this.old);
  }
}

/** step.go:1168 ReplaceStep: the logical replacement; its work is done by the create and delete around it. */
export class ReplaceStep implements Step {
  readonly kind = "replace";
  readonly completesRegistration = false;

  constructor(readonly resource: ResourceState) {}

  get urn(): string {
    return this.resource.urn;
  }

  async apply(): Promise<void> {
    // Nothing: shown with the create of the replacement.
  }
}

/**
 * step.go:596 DeleteStep: a resource leaves the stack. Protected ones are refused (unless replaced); external and
 * `retainOnDelete` ones, and those deleted with another resource being deleted, only leave the state.
 */
export class DeleteStep implements Step {
  readonly completesRegistration = false;

  constructor(
    readonly resource: ResourceState,
    private readonly replacing: boolean,
    /** The first half of a delete-before-replace: the state stays, marked pending replacement. */
    private readonly pendingReplacement: boolean,
  ) {}

  get kind(): StepKind {
    return this.replacing ? "delete-replaced" : "delete";
  }

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    const old = this.resource;
    if (!this.replacing && old.protect) throw new DeleteProtectedError(old.urn);
    if (!ctx.preview && old.custom && !old.external && !old.retainOnDelete && !this.deletedWithOther(ctx)) {
      if (isProviderType(old.type)) await ctx.registry.delete(old.urn, old.id ?? "");
      else await (await providerOf(ctx, old)).delete(old.urn, old.id ?? "", old.inputs, old.outputs);
    }
    if (this.pendingReplacement) {
      old.pendingReplacement = true;
      await ctx.snapshot.changed();
    } else {
      await ctx.snapshot.remove(old);
    }
    if (this.replacing) ctx.log.deletedReplaced(old.urn);
    else ctx.log.step("delete", old.urn);
  }

  private deletedWithOther(ctx: StepContext): boolean {
    const { deletedWith } = this.resource;
    return deletedWith !== undefined && ctx.deletions.has(deletedWith);
  }
}

/** step.go:849 RemovePendingReplaceStep: an old state already deleted by a delete-before-replace leaves the state. */
export class RemovePendingReplaceStep implements Step {
  readonly kind = "remove-pending-replace";
  readonly completesRegistration = false;

  constructor(readonly resource: ResourceState) {}

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    await ctx.snapshot.remove(this.resource);
  }
}

/**
 * step.go:1270 ReadStep (`Resource.get`): Read with the id, the program's properties sent as both inputs and state. A
 * resource that is not there is an error. The result is external: never deleted, only dropped.
 */
export class ReadStep implements Step {
  readonly completesRegistration = true;

  constructor(
    readonly resource: ResourceState,
    readonly old: ResourceState | undefined,
    /** The old state is a managed resource with another id: it will be deleted at the end. */
    private readonly replacing: boolean,
  ) {}

  get kind(): StepKind {
    return this.replacing ? "read-replacement" : "read";
  }

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    const state = this.resource;
    const id = state.id ?? "";
    if (id === UNKNOWN) {
      state.outputs = {};
    } else {
      const read = await (await providerOf(ctx, state)).read(state.urn, id, state.inputs, state.inputs);
      if (read.initErrors) state.initErrors = read.initErrors;
      if (read.outputs === undefined) throw new Error(`resource '${id}' does not exist`);
      state.outputs = read.outputs;
      if (read.id) state.id = read.id;
    }
    markSecretOutputs(ctx, state);
    if (this.replacing && this.old) {
      await ctx.snapshot.recordMarkingForDeletion(state, this.old);
    } else {
      await ctx.snapshot.record(state, this.old);
    }
    ctx.log.step("read", this.urn);
  }
}

/**
 * step.go:1805 ImportStep: Read with the import id and neither inputs nor state — the provider must find the resource
 * from its id alone. The inputs it reports become the resource's; the program's are checked and diffed against them
 * afterwards, by the step generator.
 */
export class ImportStep implements Step {
  readonly kind = "import";
  readonly completesRegistration = false;

  constructor(
    readonly resource: ResourceState,
    private readonly ignoreChanges: readonly string[],
    /** An import replacing a managed resource of the same URN (ImportReplacementStep). */
    private readonly original: ResourceState | undefined,
  ) {}

  get urn(): string {
    return this.resource.urn;
  }

  async apply(ctx: StepContext): Promise<void> {
    const state = this.resource;
    const importId = state.importId ?? "";
    const read = await (await providerOf(ctx, state)).read(state.urn, importId, undefined, undefined);
    if (read.initErrors) state.initErrors = read.initErrors;
    if (read.outputs === undefined) throw new Error(`resource '${state.id || importId}' does not exist`);
    if (read.inputs === undefined) {
      throw new Error(
        "provider does not support importing resources; please try updating the " +
          `'${tokenPackage(urnType(state.urn))}' plugin`,
      );
    }
    state.id = read.id || importId;
    state.inputs = processIgnoreChanges(read.inputs, read.inputs, this.ignoreChanges);
    state.outputs = read.outputs;
    markSecretOutputs(ctx, state);
    if (this.original) await ctx.snapshot.recordMarkingForDeletion(state, this.original);
    else await ctx.snapshot.record(state);
    ctx.log.step("import", this.urn);
  }
}
