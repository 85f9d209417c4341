import type { ProviderPlugin } from "../providers/providerPlugin";
import { copyState, type ResourceState } from "../state/resourceState";
import { changedKeys, displayedKeys, fromProviderDiff, invertDiff, processIgnoreChanges } from "./diff";
import { isProviderType } from "./urn";

/** What a refresh found for one resource. */
export interface RefreshOutcome {
  readonly old: ResourceState;
  /** undefined: the provider says the resource is gone. */
  readonly refreshed: ResourceState | undefined;
  /** "same": nothing to report; "update": the live resource differs from what the program declared. */
  readonly op: "same" | "update" | "delete";
  /** The properties that differ (the provider's diff, else the outputs that changed). */
  readonly changedProperties: string[];
  /** The top-level outputs whose values changed. */
  readonly changedOutputs: string[];
  /** Init errors the read reported: the resource is unhealthy. */
  readonly initErrors?: string[];
}

/**
 * step.go:1498 RefreshStep: Read with the old inputs and outputs. No id back: the resource is gone. Otherwise the state
 * takes what was read — outputs, the inputs when the provider returns them, and the init errors of this read only
 * (none clears them). Then, for a managed resource, the provider's Diff of the refreshed state against the
 * program's last inputs decides whether the refresh changed anything (external resources: their outputs).
 * Components, providers and resources pending replacement are left as they are.
 */
export async function refreshResource(
  old: ResourceState,
  plugin: ProviderPlugin | undefined,
): Promise<RefreshOutcome> {
  const unchanged = { old, refreshed: old, op: "same" as const, changedProperties: [], changedOutputs: [] };
  if (!old.custom || isProviderType(old.type) || old.pendingReplacement) return unchanged;
  if (!plugin) throw new Error(`unknown provider '${old.provider}' for resource '${old.urn}'`);
  const read = await plugin.read(old.urn, old.id ?? "", old.outputs, old.inputs);
  if (!read.id || read.outputs === undefined) {
    return { old, refreshed: undefined, op: "delete", changedProperties: [], changedOutputs: [] };
  }
  const refreshed = copyState(old);
  refreshed.id = read.id;
  refreshed.inputs = read.inputs ?? old.inputs;
  refreshed.outputs = read.outputs;
  if (read.initErrors) refreshed.initErrors = read.initErrors;
  else delete refreshed.initErrors;
  const changedOutputs = changedKeys(old.outputs, refreshed.outputs);
  const base = {
    old,
    refreshed,
    changedOutputs,
    ...(read.initErrors ? { initErrors: read.initErrors } : {}),
  };
  if (old.external) {
    const op =
      changedOutputs.length > 0 || changedKeys(old.inputs, refreshed.inputs).length > 0 ? "update" : "same";
    return { ...base, op, changedProperties: changedOutputs };
  }
  // The diff an `up` of an unchanged program would show, with the program as the truth, inverted: the refreshed
  // inputs and outputs as the old side, the program's last inputs as the new.
  const ignoreChanges = old.ignoreChanges ?? [];
  const response = await plugin.diff(
    old.urn,
    refreshed.id ?? "",
    refreshed.inputs,
    refreshed.outputs,
    old.inputs,
    false,
    ignoreChanges,
  );
  let diff = invertDiff(fromProviderDiff(response));
  if (diff.changes === "unknown") {
    const keys = changedKeys(
      refreshed.inputs,
      processIgnoreChanges(old.inputs, refreshed.inputs, ignoreChanges),
    );
    diff = { ...diff, changes: keys.length > 0 ? "some" : "none", changedKeys: keys };
  }
  if (diff.changes === "none") return { ...base, op: "same", changedProperties: [] };
  const keys = displayedKeys(diff);
  return { ...base, op: "update", changedProperties: keys.length > 0 ? keys : changedOutputs };
}

/**
 * deployment_executor.go:846 rebuildBaseState: the refreshed states replace the old, the deleted ones leave, and
 * dependencies on what left are dropped (a child of a deleted parent moves up to its grandparent).
 */
export function rebuildBaseState(
  base: readonly ResourceState[],
  outcomes: ReadonlyMap<ResourceState, RefreshOutcome>,
): ResourceState[] {
  const resources: ResourceState[] = [];
  const referenceable = new Set<string>();
  for (const resource of base) {
    const outcome = outcomes.get(resource);
    const current = outcome ? outcome.refreshed : resource;
    if (!current) continue;
    if (current.dependencies.length > 0) {
      current.dependencies = current.dependencies.filter((urn) => referenceable.has(urn));
    }
    if (Object.keys(current.propertyDependencies).length > 0) {
      const kept: Record<string, string[]> = {};
      for (const [key, urns] of Object.entries(current.propertyDependencies)) {
        const remaining = urns.filter((urn) => referenceable.has(urn));
        if (remaining.length > 0) kept[key] = remaining;
      }
      current.propertyDependencies = kept;
    }
    if (current.deletedWith && !referenceable.has(current.deletedWith)) delete current.deletedWith;
    resources.push(current);
    referenceable.add(current.urn);
  }
  undangleParents(base, resources, referenceable);
  return resources;
}

/**
 * deployment_executor.go:966 undangleParentResources: a resource whose parent is gone takes the nearest ancestor that
 * is still there, or none.
 */
function undangleParents(
  base: readonly ResourceState[],
  resources: ResourceState[],
  present: ReadonlySet<string>,
): void {
  const parentOf = new Map(base.map((resource) => [resource.urn, resource.parent]));
  for (const resource of resources) {
    let parent = resource.parent;
    while (parent && !present.has(parent)) parent = parentOf.get(parent);
    if (parent) resource.parent = parent;
    else delete resource.parent;
  }
}
