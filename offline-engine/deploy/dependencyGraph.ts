import { dependencyUrns, type ResourceState } from "../state/resourceState";

/**
 * The dependencies among a stack's resources (pkg/resource/graph/dependency_graph.go at v3.248.0). Like the engine's
 * it relies on the list being in topological order (a resource after everything it depends on), and it treats the
 * same URN appearing twice (a pending delete and its replacement) by position.
 */
export class DependencyGraph {
  private readonly index = new Map<ResourceState, number>();
  /** URN → the indexes of its transitive children. */
  private readonly childrenOf = new Map<string, number[]>();

  constructor(private readonly resources: readonly ResourceState[]) {
    const urnIndex = new Map<string, number>();
    resources.forEach((resource, position) => {
      this.index.set(resource, position);
      urnIndex.set(resource.urn, position);
      let parent = resource.parent;
      while (parent) {
        this.childrenOf.set(parent, [...(this.childrenOf.get(parent) ?? []), position]);
        const parentIndex = urnIndex.get(parent);
        parent = parentIndex === undefined ? undefined : resources[parentIndex].parent;
      }
    });
  }

  contains(resource: ResourceState): boolean {
    return this.index.has(resource);
  }

  /**
   * `DependingOn`: the resources that depend on `resource`, directly or not (children too when asked), in
   * topological order; URNs in `ignore` are never counted.
   */
  dependingOn(
    resource: ResourceState,
    ignore: ReadonlySet<string>,
    includeChildren: boolean,
  ): ResourceState[] {
    const start = this.position(resource);
    const dependents: ResourceState[] = [];
    const dependentUrns = new Set([resource.urn]);
    for (const candidate of this.resources.slice(start + 1)) {
      if (ignore.has(candidate.urn)) continue;
      const deps = dependencyUrns(candidate, { includeParent: false });
      const isDependent =
        [...deps].some((urn) => dependentUrns.has(urn)) ||
        (includeChildren && candidate.parent !== undefined && dependentUrns.has(candidate.parent));
      if (isDependent) {
        dependents.push(candidate);
        dependentUrns.add(candidate.urn);
      }
    }
    return dependents;
  }

  /**
   * `DependenciesOf`: what `resource` depends on directly — provider, parent, dependencies, property dependencies,
   * deleted-with — among the resources before it; a component dependency brings its children before it too.
   */
  dependenciesOf(resource: ResourceState): Set<ResourceState> {
    const result = new Set<ResourceState>();
    const urns = dependencyUrns(resource, { includeParent: false });
    const cursor = this.position(resource);
    for (let i = cursor - 1; i >= 0; i--) {
      const candidate = this.resources[i];
      if (urns.has(candidate.urn)) {
        result.add(candidate);
        if (!candidate.custom) {
          for (const childIndex of this.childrenOf.get(candidate.urn) ?? []) {
            if (childIndex < cursor) result.add(this.resources[childIndex]);
          }
        }
      }
      if (candidate.urn === resource.parent) result.add(candidate);
    }
    return result;
  }

  /** Everything `resource` depends on, transitively, parents included (`TransitiveDependenciesOf`). */
  transitiveDependenciesOf(resource: ResourceState): Set<ResourceState> {
    const result = new Set<ResourceState>();
    const visit = (current: ResourceState) => {
      for (const dependency of this.dependenciesOf(current)) {
        if (!result.has(dependency)) {
          result.add(dependency);
          visit(dependency);
        }
      }
    };
    visit(resource);
    return result;
  }

  private position(resource: ResourceState): number {
    const position = this.index.get(resource);
    if (position === undefined) throw new Error(`${resource.urn} is not in the dependency graph`);
    return position;
  }
}

/**
 * step_generator.go:2560 `ScheduleDeletes`: waves of deletions that can run in parallel, each wave only after the one
 * before it, so that nothing is deleted while something still depending on it exists.
 */
export function scheduleDeletes(
  graph: DependencyGraph,
  condemned: readonly ResourceState[],
): ResourceState[][] {
  const waves: ResourceState[][] = [];
  const remaining = new Set(condemned);
  while (remaining.size > 0) {
    const wave = [...remaining].filter((resource) =>
      [...graph.dependenciesOf(resource)].every((dependency) => !remaining.has(dependency)),
    );
    // A list in topological order has no cycles; this only guards against a corrupt state file.
    if (wave.length === 0)
      throw new Error("the state's dependencies form a cycle; the deletes cannot be ordered");
    for (const resource of wave) remaining.delete(resource);
    waves.push(wave);
  }
  return waves.reverse();
}
