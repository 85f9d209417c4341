import type { ResourceState } from "./resourceState";
import { STATE_VERSION, writeStateFile, type StackState } from "./stateFile";

/**
 * The state of an operation in progress, as the engine's snapshot manager keeps it (pkg/backend/snapshot.go:661 Snap at
 * v3.248.0): the resources each finished step produced, in the order they finished, then the base resources no
 * step has touched yet. A run that stops half way thus keeps everything it did not get to. Written to the state
 * file after every change (a preview writes nothing).
 */
export class Snapshot {
  /** The resources the operation started from (after a refresh: the refreshed ones), in state order. */
  private base: ResourceState[];
  private readonly news: ResourceState[] = [];
  private readonly done = new Set<ResourceState>();

  constructor(
    private readonly target: { readonly project: string; readonly stack: string },
    base: readonly ResourceState[],
    private readonly file: string | undefined,
  ) {
    this.base = [...base];
  }

  /** The base resources, in order (the previous deployment). */
  baseResources(): readonly ResourceState[] {
    return this.base;
  }

  /** A refresh rewrote the base (pkg/resource/deploy/deployment_executor.go:846 `rebuildBaseState`). */
  rebase(resources: readonly ResourceState[]): void {
    this.base = [...resources];
    this.done.clear();
    this.persist();
  }

  /** A step produced `state`, replacing `old` (a same, update, read or import) or adding to it (a create). */
  record(state: ResourceState, old?: ResourceState): void {
    if (old) this.done.add(old);
    const earlier = this.news.indexOf(state);
    if (earlier >= 0) this.news.splice(earlier, 1);
    this.news.push(state);
    this.persist();
  }

  /** A delete finished: the resource leaves the state. */
  remove(state: ResourceState): void {
    this.done.add(state);
    const position = this.news.indexOf(state);
    if (position >= 0) this.news.splice(position, 1);
    this.persist();
  }

  /** A state object changed in place (marked for deletion, pending replacement, new outputs). */
  changed(): void {
    this.persist();
  }

  resources(): ResourceState[] {
    return [...this.news, ...this.base.filter((resource) => !this.done.has(resource))];
  }

  toStackState(): StackState {
    return {
      version: STATE_VERSION,
      project: this.target.project,
      stack: this.target.stack,
      resources: this.resources(),
    };
  }

  private persist(): void {
    if (this.file) writeStateFile(this.file, this.toStackState());
  }
}
