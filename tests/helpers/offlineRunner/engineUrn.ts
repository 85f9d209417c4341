/** The type of the root resource of every stack (Go `resource.RootStackType`). */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The URN of the stack resource, named `<project>-<stack>` by the Node.js SDK (runtime/stack.js). */
export function stackUrn(project: string, stack: string): string {
  return engineUrn(stack, project, "", ROOT_STACK_TYPE, `${project}-${stack}`);
}

/**
 * A URN as the engine makes it (pkg/resource/deploy/deployment.go `generateURN`): the parent's whole qualified
 * type is prefixed, except when the parent is the root stack. MockMonitor's own `newUrn` differs on both counts
 * (it prefixes `pulumi:pulumi:Stack$` to top-level resources and only the parent's last type to nested ones).
 */
export function engineUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  const parentType = parent ? urnQualifiedType(parent) : "";
  const qualifiedType = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** `urn:pulumi:stack::project::qualified$type::name` → `qualified$type`. */
export function urnQualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}
