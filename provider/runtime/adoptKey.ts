import type { KkmsClient } from "../../sdk/client";
import type { KmsKey } from "../../sdk/types";
import { describeKey } from "./describeKey";
import { toKeyOutputs, type KeyInputs, type KeyOutputs } from "./keyModel";
import { settleKey } from "./settleKey";
import { unmanageableReason } from "./unmanageableReason";

/** An `adoptKeyId` that cannot be adopted: nothing was changed. */
export class KeyAdoptionError extends Error {
  constructor(keyId: string, reason: string) {
    super(`adoptKeyId: the key ${keyId} ${reason}`);
    this.name = "KeyAdoptionError";
  }
}

/**
 * Create by adoption: reads the key (DescribeKeys), refuses one that cannot be managed, then brings its name,
 * description and state to the declared ones with only the calls needed (ModifyKey, ModifyKeyState).
 */
export async function adoptKey(
  client: KkmsClient,
  keyId: string,
  inputs: KeyInputs,
  region: string,
): Promise<KeyOutputs> {
  const key = await describeKey(client, keyId);
  if (!key) throw new KeyAdoptionError(keyId, notFound(region));
  const refusal = whyNotAdoptable(key, inputs);
  if (refusal) throw new KeyAdoptionError(keyId, refusal);
  return settleKey(client, toKeyOutputs(key, inputs.chargeType, region), inputs, region);
}

function notFound(region: string): string {
  return (
    `was not found in region ${region}. KKMS answers a key of another region or of another account as not ` +
    `found: check the id, the Key's region (or kkms:region) and the credentials.`
  );
}

function whyNotAdoptable(key: KmsKey, inputs: KeyInputs): string | undefined {
  const unmanageable = unmanageableReason(key);
  if (unmanageable) return unmanageable;
  for (const name of ["keyUsage", "origin"] as const) {
    if (key[name] !== inputs[name])
      return `has ${name} ${JSON.stringify(key[name])}, but the Key declares ${JSON.stringify(inputs[name])} (it cannot be changed).`;
  }
  return undefined;
}
