import type { ResourceState } from "./resourceState";
import { STATE_VERSION, writeStateChunksAsync, type StackState } from "./stateFile";

const BETWEEN_RESOURCES = Buffer.from(",\n    ");
const AFTER_RESOURCES = Buffer.from("\n  ]\n}");

/**
 * The state of an operation in progress, as the engine's snapshot manager keeps it (pkg/backend/snapshot.go:661 Snap at
 * v3.248.0): the resources each finished step produced, in the order they finished, then the base resources no
 * step has touched yet. A run that stops half way thus keeps everything it did not get to. Every change is on disk
 * before the step that made it finishes, as the engine's service loop saves after each mutation and answers the
 * step only then (pkg/backend/snapshot.go:890 defaultServiceLoop); a preview writes nothing. Unlike the engine,
 * the changes that arrive while a write is in flight share the next write: the steps wait the same way, but a
 * program of N resources no longer writes the whole file N times. Each resource's text is kept, encoded, from one
 * write to the next until the snapshot learns that it changed (recorded again, marked for deletion, or `changed()`,
 * which forgets them all): a state object in the snapshot changes only through these calls.
 */
export class Snapshot {
  /** The resources the operation started from (after a refresh: the refreshed ones), in state order. */
  private base: ResourceState[];
  private readonly news: ResourceState[] = [];
  private readonly done = new Set<ResourceState>();
  /** Each resource's JSON at the file's indentation, in UTF-8, as the last write made it. */
  private texts = new WeakMap<ResourceState, Buffer>();

  /** The write on disk now, and the one queued after it that takes every change made meanwhile. */
  private writing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

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
  rebase(resources: readonly ResourceState[]): Promise<void> {
    this.base = [...resources];
    this.done.clear();
    this.texts = new WeakMap();
    return this.persist();
  }

  /** A step produced `state`, replacing `old` (a same, update, read or import) or adding to it (a create). */
  record(state: ResourceState, old?: ResourceState): Promise<void> {
    this.texts.delete(state);
    if (old) this.done.add(old);
    const earlier = this.news.indexOf(state);
    if (earlier >= 0) this.news.splice(earlier, 1);
    this.news.push(state);
    return this.persist();
  }

  /** A step produced `state`; the state it replaces, `old`, stays until its delete, marked for deletion. */
  recordMarkingForDeletion(state: ResourceState, old: ResourceState): Promise<void> {
    old.delete = true;
    this.texts.delete(old);
    return this.record(state);
  }

  /** A delete finished: the resource leaves the state. */
  remove(state: ResourceState): Promise<void> {
    this.done.add(state);
    const position = this.news.indexOf(state);
    if (position >= 0) this.news.splice(position, 1);
    return this.persist();
  }

  /** A state object changed in place (pending replacement, new outputs). */
  changed(): Promise<void> {
    this.texts = new WeakMap();
    return this.persist();
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

  /** The file's text: exactly `JSON.stringify(this.toStackState(), null, 2)`. */
  toText(): string {
    return Buffer.concat(this.toChunks()).toString("utf8");
  }

  /**
   * The file's text in UTF-8 pieces, each resource's part encoded once and kept: a write of thousands of resources
   * hands the kept pieces to the kernel instead of joining and encoding megabytes again (the state of 1,000 Keys
   * with a DataKey each is 13 MB, most of it each dynamic resource's `__provider` text, in inputs and outputs).
   */
  private toChunks(): Buffer[] {
    const { resources, ...header } = this.toStackState();
    const head = JSON.stringify(header, null, 2).slice(0, -2);
    if (resources.length === 0) return [Buffer.from(`${head},\n  "resources": []\n}`)];
    const chunks: Buffer[] = [Buffer.from(`${head},\n  "resources": [\n    `)];
    resources.forEach((resource, index) => {
      if (index > 0) chunks.push(BETWEEN_RESOURCES);
      chunks.push(this.textOf(resource));
    });
    chunks.push(AFTER_RESOURCES);
    return chunks;
  }

  private textOf(resource: ResourceState): Buffer {
    let text = this.texts.get(resource);
    if (text === undefined) {
      text = Buffer.from(JSON.stringify(resource, null, 2).replace(/\n/g, "\n    "));
      this.texts.set(resource, text);
    }
    return text;
  }

  /** Resolves once a write that holds every change made so far is on disk. */
  private persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    // A queued write has not taken its copy yet: it will hold this change too.
    if (this.queued) return this.queued;
    const previous = (this.writing ?? Promise.resolve()).catch(() => undefined);
    const next = previous.then(() => {
      this.queued = undefined;
      const write = writeStateChunksAsync(file, this.toChunks());
      this.writing = write;
      return write;
    });
    this.queued = next;
    return next;
  }
}
