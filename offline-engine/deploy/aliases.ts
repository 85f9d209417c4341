import { createUrn, ROOT_STACK_TYPE, urnName, urnQualifiedType, urnType } from "./urn";

/** An alias as RegisterResource carries it: a whole URN, or a spec of what differed (resource.Alias). */
export interface Alias {
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly stack?: string;
  readonly project?: string;
  /** The old parent's URN; "" or absent: the resource's current parent. */
  readonly parent?: string;
  readonly noParent?: boolean;
}

export interface AliasContext {
  readonly stack: string;
  readonly project: string;
  /** URN → the old URN it was found under this run (step_generator.go `sg.aliases`). */
  readonly aliasOf: (urn: string) => string | undefined;
}

/** step_generator.go:505 `collapseAliasToUrn`: the URN an alias names. */
export function collapseAlias(
  context: AliasContext,
  name: string,
  type: string,
  resourceParent: string,
  alias: Alias,
): string {
  if (alias.urn) return alias.urn;
  let parent = alias.parent || resourceParent;
  // If the parent was itself found under an alias, this resource's old URN sits under that old parent.
  if (alias.parent) parent = context.aliasOf(alias.parent) ?? alias.parent;
  const parentIsRootStack = parent !== "" && urnQualifiedType(parent) === ROOT_STACK_TYPE;
  if (alias.noParent || parentIsRootStack) parent = "";
  return createUrn(
    alias.stack || context.stack,
    alias.project || context.project,
    parent ? urnQualifiedType(parent) : "",
    alias.type || type,
    alias.name || name,
  );
}

/**
 * step_generator.go:550 `inheritedChildAlias`: a child of a renamed parent is looked for under the parent's old URN, its
 * name's prefix renamed like the parent's (`newapp-function` under `app` → `app-function`).
 */
function inheritedChildAlias(
  context: AliasContext,
  childType: string,
  childName: string,
  parentName: string,
  parentAlias: string,
): string {
  const name = childName.startsWith(parentName)
    ? urnName(parentAlias) + childName.slice(parentName.length)
    : childName;
  return createUrn(context.stack, context.project, urnQualifiedType(parentAlias), childType, name);
}

/** step_generator.go:580 `generateAliases`: every URN the resource may have had before, in the engine's order. */
export function generateAliases(
  context: AliasContext,
  name: string,
  type: string,
  parent: string,
  aliases: readonly Alias[],
): string[] {
  const result: string[] = [];
  const add = (urn: string) => {
    if (!result.includes(urn)) result.push(urn);
  };
  for (const alias of aliases) add(collapseAlias(context, name, type, parent, alias));
  const parentAlias = parent ? context.aliasOf(parent) : undefined;
  if (parent && parentAlias) {
    const parentName = urnName(parent);
    add(inheritedChildAlias(context, type, name, parentName, parentAlias));
    for (const alias of aliases) {
      const childAlias = collapseAlias(context, name, type, parent, alias);
      add(inheritedChildAlias(context, urnType(childAlias), urnName(childAlias), parentName, parentAlias));
    }
  }
  return result;
}
