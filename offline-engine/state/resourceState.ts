import type { PropertyMap } from "../providers/secrets";

/**
 * One resource as the engine's checkpoint holds it (sdk/go/common/apitype `ResourceV3`, the fields the offline engine
 * keeps). Properties are in wire form: secrets stay wrapped `{SIG_KEY: SECRET_SIG, value}` — not encrypted — and
 * the outputs of a dynamic resource include `__provider`.
 */
export interface ResourceState {
  readonly urn: string;
  /** The full type token, e.g. `pulumi-nodejs:dynamic/kkms:Key` or `pulumi:providers:kkms`. */
  readonly type: string;
  /** false for component resources and the stack, which have no provider. */
  readonly custom: boolean;
  /** The provider's id; absent for components. */
  id?: string;
  /** The parent's URN; absent for the stack itself and for default providers. */
  parent?: string;
  /** The provider reference `<provider URN>::<provider id>`; absent for components and provider resources. */
  provider?: string;
  /** The checked inputs. */
  inputs: PropertyMap;
  /** What the provider returned (for components and the stack: what the program registered as outputs). */
  outputs: PropertyMap;
  dependencies: string[];
  /** For each input, the resources its value came from. */
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  /** Read with `Resource.get`: not managed, so never deleted, only dropped from the state. */
  external: boolean;
  /** Deleting this resource is left to the deletion of that one (the `deletedWith` option). */
  deletedWith?: string;
  additionalSecretOutputs: string[];
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
  /** URNs the resource was known by before (the alias it was found under). */
  aliases?: string[];
  /** The `import` id it was adopted with. */
  importId?: string;
  /** Set by a partial failure (ErrorResourceInitFailed); the next `up` retries with an update. */
  initErrors?: string[];
  /** Deleted already, by the first half of a delete-before-replace; the create is still to come. */
  pendingReplacement?: boolean;
  /** The old half of a replacement, still to be deleted. */
  delete?: boolean;
}

/** A copy that shares no arrays or objects with the original. */
export function copyState(state: ResourceState): ResourceState {
  return JSON.parse(JSON.stringify(state)) as ResourceState;
}

/**
 * Everything a resource depends on (resource.State `GetAllDependencies`): its provider's URN, its parent, its
 * dependencies, the sources of its properties and the resource it is deleted with.
 */
export function dependencyUrns(state: ResourceState, options: { includeParent: boolean }): Set<string> {
  const urns = new Set<string>(state.dependencies);
  for (const deps of Object.values(state.propertyDependencies)) for (const urn of deps) urns.add(urn);
  if (state.deletedWith) urns.add(state.deletedWith);
  if (state.provider) urns.add(providerReferenceUrn(state.provider));
  if (options.includeParent && state.parent) urns.add(state.parent);
  return urns;
}

/** `urn:...::default::c0ffee` → the URN part (sdk/go/common/providers/reference.go `ParseReference`). */
export function providerReferenceUrn(reference: string): string {
  return reference.slice(0, reference.lastIndexOf("::"));
}

export function providerReferenceId(reference: string): string {
  return reference.slice(reference.lastIndexOf("::") + 2);
}

export function providerReference(urn: string, id: string): string {
  return `${urn}::${id}`;
}
