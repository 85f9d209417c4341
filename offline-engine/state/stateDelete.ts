import { dependencyUrns, type ResourceState } from "./resourceState";
import type { StackState } from "./stateFile";

/** A resource that `state delete` refuses to drop; the message is the CLI's own (state_delete.go:118-131). */
export class StateDeleteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateDeleteError";
  }
}

/**
 * `pulumi state delete URN` (pkg/cmd/pulumi/state/state_delete.go at v3.248.0, through pkg/resource/edit/
 * operations.go:41 DeleteResource): the resource leaves the state and nothing else happens — no provider is called,
 * so what it manages stays as it is. Refused when the resource is protected (without `force`, operations.go:48-64)
 * or when another resource depends on it or is its child (operations.go:78-82; this edition has no
 * `--target-dependents`). Returns the new state.
 */
export function deleteFromState(
  state: StackState,
  urn: string,
  options: { force?: boolean } = {},
): StackState {
  const condemned = state.resources.filter((resource) => resource.urn === urn);
  if (condemned.length === 0)
    throw new StateDeleteError(`No such resource ${JSON.stringify(urn)} exists in the current state`);
  if (condemned.length > 1) {
    throw new StateDeleteError(
      `${urn} appears ${condemned.length} times in the state (a replacement is pending); run up first`,
    );
  }
  const [resource] = condemned;
  if (resource.protect && !options.force) {
    throw new StateDeleteError(
      `${urn} can't be safely deleted because it is protected. Re-run this command with --force to force deletion`,
    );
  }
  const dependents = state.resources.filter((other) => other !== resource && dependsOn(other, urn));
  if (dependents.length > 0) {
    const list = dependents.map((d) => ` * ${JSON.stringify(d.urn.split("::").pop())} (${d.urn})`).join("\n");
    throw new StateDeleteError(
      `${urn} can't be safely deleted because the following resources depend on it:\n${list}\n\n` +
        "Delete those resources first.",
    );
  }
  return { ...state, resources: state.resources.filter((other) => other !== resource) };
}

function dependsOn(resource: ResourceState, urn: string): boolean {
  return dependencyUrns(resource, { includeParent: true }).has(urn);
}
