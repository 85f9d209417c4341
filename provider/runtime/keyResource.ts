import { checkKey } from "./checkKey";
import { createManagedKey } from "./createManagedKey";
import { diffKey } from "./diffKey";
import { importKey } from "./importKey";
import { deleteManagedKey, updateManagedKey } from "./keyLifecycle";
import type { KeyInputs, KeyOutputs } from "./keyModel";
import { readKeyResource } from "./readKeyResource";
import type { ResourceCore } from "./resourceCore";

/** The Key: the plain functions that hold every rule, given the calling provider's client and region. */
export const keyResource: ResourceCore = {
  async check(context, olds, news, autoNamePrefix) {
    return checkKey(olds, news, context.settings().region, autoNamePrefix);
  },

  async diff(context, id, olds, news) {
    return diffKey(id, olds, news, context.settings().region);
  },

  async create(context, inputs) {
    const checked = inputs as unknown as KeyInputs;
    const { client, region } = context.clientFor(checked.region);
    const outs = await createManagedKey(client, checked, region);
    return { id: outs.keyId, outs: { ...outs } };
  },

  async read(context, id, state) {
    const { client, region } = context.clientFor(stringOrUndefined(state.region));
    const found = await readKeyResource(client, id, state, region);
    return found ? { id: found.id, props: { ...found.outputs } } : { id: "", props: {} };
  },

  async update(context, id, olds, news) {
    const checked = news as unknown as KeyInputs;
    const { client, region } = context.clientFor(checked.region);
    const outs = await updateManagedKey(client, id, olds as unknown as KeyOutputs, checked, region);
    return { outs: { ...outs } };
  },

  async delete(context, id, state) {
    const { client } = context.clientFor(stringOrUndefined(state.region));
    await deleteManagedKey(client, id, stringOrUndefined(state.keyState) ?? "Enabled");
  },

  async importById(context, id) {
    const { client, region } = context.clientFor(undefined);
    const imported = await importKey(client, id, region);
    return imported && { id, props: { ...imported.outputs }, inputs: imported.inputs };
  },
};

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
