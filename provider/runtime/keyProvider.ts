import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkKey } from "./checkKey";
import { createManagedKey } from "./createManagedKey";
import { diffKey } from "./diffKey";
import { deleteManagedKey, updateManagedKey } from "./keyLifecycle";
import type { KeyInputs, KeyOutputs } from "./keyModel";
import { keepProviderText } from "./partialFailure";
import { clientFor, currentSettings } from "./providerContext";
import { readKeyResource } from "./readKeyResource";

type Props = Record<string, unknown>;

/**
 * The Key resource's provider methods, loaded in the provider host from the installed package: glue from the
 * dynamic-provider interface to the plain functions that hold every rule.
 */
export const keyProvider = {
  async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkKey(olds ?? {}, news ?? {}, currentSettings().region);
  },

  async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return diffKey(id, olds, news, currentSettings().region);
  },

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const checked = inputs as unknown as KeyInputs;
    const { client, region } = clientFor(checked.region);
    const outs = await createManagedKey(client, checked, region).catch((err) =>
      keepProviderText(err, inputs.__provider),
    );
    return { id: outs.keyId, outs };
  },

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    const { client, region } = clientFor(stringOrUndefined(props.region));
    const found = await readKeyResource(client, id, props, region);
    return found ? { id: found.id, props: found.outputs } : { id: "", props: {} };
  },

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const checked = news as unknown as KeyInputs;
    const { client, region } = clientFor(checked.region);
    const outs = await updateManagedKey(client, id, olds as unknown as KeyOutputs, checked, region).catch(
      (err) => keepProviderText(err, news.__provider),
    );
    return { outs };
  },

  async delete(id: string, props: Props): Promise<void> {
    const { client } = clientFor(stringOrUndefined(props.region));
    await deleteManagedKey(client, id, stringOrUndefined(props.keyState) ?? "Enabled");
  },
};

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
