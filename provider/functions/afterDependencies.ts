import * as pulumi from "@pulumi/pulumi";
import { UnsupportedInvokeOptionError } from "./invokeOptions";

/**
 * `dependsOn` of an `…Output` function, honoured as the SDK's invokeOutput does (sdk/nodejs/runtime/
 * invoke.ts:194-251 at v3.248.0): an Output that resolves once every listed custom resource — and every custom
 * resource inside a listed component — has its id, that is once it is created; in a preview, while one of those
 * ids is unknown, it stays unknown, so the call never runs too early. It carries those resources as dependencies.
 */
export function afterDependencies(
  functionName: string,
  dependsOn: pulumi.InvokeOutputOptions["dependsOn"],
): pulumi.Output<unknown> {
  if (dependsOn === undefined) return pulumi.output(undefined);
  refuseNonResources(dependsOn, functionName);
  const listed: pulumi.Output<unknown> = pulumi.output(dependsOn as pulumi.Input<unknown>);
  return listed.apply((value) => {
    const resources = flatten(value, functionName);
    return pulumi.all(resources.flatMap(completionOf));
  });
}

/** What is already known is checked at once, so a wrong value fails the call, not a later Output. */
function refuseNonResources(value: unknown, functionName: string): void {
  if (Array.isArray(value)) value.forEach((item) => refuseNonResources(item, functionName));
  else if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) flatten(value, functionName);
}

function flatten(value: unknown, functionName: string): pulumi.Resource[] {
  if (Array.isArray(value)) return value.flatMap((item) => flatten(item, functionName));
  if (pulumi.Resource.isInstance(value)) return [value];
  throw new UnsupportedInvokeOptionError(functionName, "dependsOn", "must list resources.");
}

/** What says a resource is done: a custom resource's id; a component's children (as the SDK walks them). */
function completionOf(resource: pulumi.Resource): pulumi.Output<unknown>[] {
  if (pulumi.CustomResource.isInstance(resource)) return [resource.id];
  // The SDK's own record of a component's children, the one its invoke walks, read once the component is
  // constructed: children made in an async `initialize` exist only then (sdk/nodejs/runtime/dependsOn.ts:155-167
  // at v3.248.0). `__data` settles when `initialize` does; its value is dropped, so nothing it holds is unwrapped.
  const component = resource as {
    __childResources?: Set<pulumi.Resource>;
    __data?: Promise<unknown>;
  };
  const constructed = pulumi.output((component.__data ?? Promise.resolve()).then(() => undefined));
  const children = constructed.apply(() =>
    pulumi.all([...(component.__childResources ?? [])].flatMap(completionOf)),
  );
  return [resource.urn, children];
}
