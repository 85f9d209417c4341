import type { ResourceState } from "./stateFile";

/**
 * Orders deletions as the engine's `ScheduleDeletes` does (step_generator.go): waves of resources that do not
 * depend on one another, each wave deletable in parallel, dependents (children, and resources listing another in
 * their dependencies) in earlier waves than what they depend on. Within a wave, newest first.
 */
export function scheduleDeletes(resources: readonly ResourceState[]): ResourceState[][] {
  const waves: ResourceState[][] = [];
  let remaining = [...resources];
  while (remaining.length > 0) {
    const needed = new Set(remaining.flatMap(dependsOn));
    let wave = remaining.filter((resource) => !needed.has(resource.urn));
    // A cycle cannot come from a program (a resource only depends on registered ones); break it newest first.
    if (wave.length === 0) wave = [newest(remaining)];
    waves.push(wave.sort((a, b) => b.seq - a.seq));
    remaining = remaining.filter((resource) => !wave.includes(resource));
  }
  return waves;
}

function dependsOn(resource: ResourceState): string[] {
  return resource.parent ? [resource.parent, ...resource.dependencies] : resource.dependencies;
}

function newest(resources: ResourceState[]): ResourceState {
  return resources.reduce((a, b) => (b.seq > a.seq ? b : a));
}
