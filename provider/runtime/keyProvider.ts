import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkKey } from "./checkKey";
import { diffKey } from "./diffKey";
import { createManagedKey, deleteManagedKey, readManagedKey, updateManagedKey } from "./keyLifecycle";
import { toKeyOutputs, type KeyInputs, type KeyOutputs } from "./keyModel";
import { keepProviderText } from "./partialFailure";
import { clientFor, currentSettings } from "./providerContext";

type Props = Record<string, unknown>;

/** The Key resource's provider methods, loaded in the provider host from the installed package. */
export const keyProvider = {
  async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkKey(olds ?? {}, news ?? {});
  },

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return diffKey(olds, news, currentSettings().region);
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
    const key = await readManagedKey(client, id);
    if (!key) return { id: "", props: {} };
    const chargeType = stringOrUndefined(props.chargeType) ?? "PostPaidByDay";
    const outs = toKeyOutputs(key, chargeType, region);
    // An import arrives with no outputs yet: hand back inputs too, so the engine can record them.
    const isImport = props.keyId === undefined;
    return isImport ? { id, props: outs, inputs: importedInputs(outs, props) } : { id, props: outs };
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

function importedInputs(outs: KeyOutputs, programInputs: Props): Props {
  const { keyName, description, keyState, keyUsage, origin, chargeType } = outs;
  return { ...programInputs, keyName, description, keyState, keyUsage, origin, chargeType };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
