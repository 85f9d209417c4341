/** The type of the root resource of every stack (sdk/go/common/resource/urn.go `RootStackType`). */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** Provider resources are `pulumi:providers:<package>` (sdk/go/common/providers/reference.go `MakeProviderType`). */
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` (sdk/go/common/resource/urn.go `NewURN`). */
export function createUrn(
  stack: string,
  project: string,
  parentType: string,
  type: string,
  name: string,
): string {
  const qualifiedType = parentType ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/**
 * The URN of a resource registered under `parent` (pkg/resource/deploy/deployment.go:716 `generateURN`): the parent's
 * whole qualified type is prefixed, except when the parent is the root stack or there is none.
 */
export function childUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  const parentType = parent ? urnQualifiedType(parent) : "";
  return createUrn(stack, project, parentType === ROOT_STACK_TYPE ? "" : parentType, type, name);
}

/** `urn:pulumi:s::p::a$b::name` → `a$b`. */
export function urnQualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** The resource's own type: the last part of the qualified type. */
export function urnType(urn: string): string {
  return urnQualifiedType(urn).split("$").pop() ?? "";
}

/** Everything after the type (a name may itself contain `::`). */
export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

export function urnStack(urn: string): string {
  return (urn.split("::")[0] ?? "").replace(/^urn:pulumi:/, "");
}

export function urnProject(urn: string): string {
  return urn.split("::")[1] ?? "";
}

export function isProviderType(type: string): boolean {
  return type.startsWith(PROVIDER_TYPE_PREFIX);
}

export function providerType(pkg: string): string {
  return `${PROVIDER_TYPE_PREFIX}${pkg}`;
}

/** The package a provider type serves: `pulumi:providers:kkms` → `kkms`. */
export function providerPackage(type: string): string {
  return type.slice(PROVIDER_TYPE_PREFIX.length);
}

/** The package of a resource or function token: `kkms:index:Key` → `kkms`, `pulumi-nodejs:dynamic/x:Y` → `pulumi-nodejs`. */
export function tokenPackage(token: string): string {
  return token.split(":")[0] ?? "";
}
