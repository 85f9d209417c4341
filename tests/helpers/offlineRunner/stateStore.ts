import type { PropertyMap } from "../secrets";
import { writeStateFile, type ResourceState, type StackState } from "./stateFile";

type MutableState = {
  -readonly [K in keyof StackState]: StackState[K];
};

/**
 * The stack's state in memory, written to the state file after every change, as the engine persists its
 * checkpoint after every step. Each change is applied and written synchronously, so steps that finish
 * concurrently can never interleave a write or lose one another's changes.
 */
export class StateStore {
  private readonly state: MutableState;

  /** `file` undefined: a scratch copy (a preview), never written. */
  constructor(
    initial: StackState,
    private readonly file: string | undefined,
  ) {
    this.state = copy(initial) as MutableState;
  }

  /** A scratch copy of this store for a preview. */
  scratchCopy(): StateStore {
    return new StateStore(this.state, undefined);
  }

  snapshot(): StackState {
    return copy(this.state);
  }

  get(urn: string): ResourceState | undefined {
    return this.state.resources[urn];
  }

  resources(): ResourceState[] {
    return Object.values(this.state.resources);
  }

  pendingDeletes(): ResourceState[] {
    return [...this.state.pendingDeletes];
  }

  isPendingDelete(resource: ResourceState): boolean {
    return this.state.pendingDeletes.includes(resource);
  }

  /** The creation order number of a resource created now. */
  takeSeq(): number {
    return this.state.nextSeq++;
  }

  put(resource: ResourceState): void {
    this.state.resources = { ...this.state.resources, [resource.urn]: resource };
    this.persist();
  }

  /** A create-before-delete replacement: the new resource takes the URN, the old one waits to be deleted. */
  putReplacement(old: ResourceState, replacement: ResourceState): void {
    this.state.pendingDeletes = [...this.state.pendingDeletes, old];
    this.put(replacement);
  }

  /** The outputs a component (or the stack) registered. Ignored for URNs not in the state. */
  setOutputs(urn: string, outputs: PropertyMap): void {
    const resource = this.state.resources[urn];
    if (resource) this.put({ ...resource, outputs });
  }

  /** Drops a resource after its delete succeeded (or refresh found it gone). */
  remove(resource: ResourceState): void {
    if (this.isPendingDelete(resource)) {
      this.state.pendingDeletes = this.state.pendingDeletes.filter((r) => r !== resource);
    } else if (this.state.resources[resource.urn] === resource) {
      const { [resource.urn]: _removed, ...rest } = this.state.resources;
      this.state.resources = rest;
    }
    this.persist();
  }

  private persist(): void {
    if (this.file) writeStateFile(this.file, this.state);
  }
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
