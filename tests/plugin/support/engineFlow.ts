import type { PluginClient } from "./pluginProcess";

type Props = Record<string, unknown>;

/** What the engine keeps for a resource between runs: its checked inputs and its outputs, in wire form. */
export interface PluginResource {
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

/** A create as the engine runs it: Check, then Create with the checked inputs. */
export async function engineCreate(
  rpc: PluginClient,
  type: string,
  name: string,
  programInputs: Props,
): Promise<PluginResource> {
  const checked = await rpc.check(type, name, programInputs);
  if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
  const { id, outs } = await rpc.create(type, name, checked.inputs);
  return { type, name, id, inputs: checked.inputs, outputs: outs };
}

/** An `up` of changed program inputs: Check against the old inputs, Diff against the old outputs, then act. */
export async function engineUpdate(
  rpc: PluginClient,
  resource: PluginResource,
  programInputs: Props,
): Promise<{ step: "same" | "update" | "replace"; resource: PluginResource }> {
  const checked = await rpc.check(resource.type, resource.name, programInputs, resource.inputs);
  if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
  const diff = await rpc.diff(
    resource.type,
    resource.name,
    resource.id,
    resource.outputs,
    checked.inputs,
    resource.inputs,
  );
  if (diff.changes === "none") return { step: "same", resource };
  if (diff.replaces.length > 0) {
    // Create before delete; the replacement's Check runs without olds (step_generator.go, replace Check).
    const fresh = await engineCreate(rpc, resource.type, resource.name, programInputs);
    await rpc.delete(resource.type, resource.name, resource.id, resource.outputs);
    return { step: "replace", resource: fresh };
  }
  const { outs } = await rpc.update(
    resource.type,
    resource.name,
    resource.id,
    resource.outputs,
    checked.inputs,
  );
  return { step: "update", resource: { ...resource, inputs: checked.inputs, outputs: outs } };
}
