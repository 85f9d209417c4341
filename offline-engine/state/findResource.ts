import { urnName } from "../deploy/urn";
import type { ResourceState } from "./resourceState";
import type { StackState } from "./stateFile";

/** The live (not pending deletion) resource of a state with this name or URN. */
export function findResource(state: StackState, nameOrUrn: string): ResourceState | undefined {
  return state.resources.find(
    (resource) => !resource.delete && (resource.urn === nameOrUrn || urnName(resource.urn) === nameOrUrn),
  );
}
