import type { KkmsClient } from "../../sdk/client";
import { updateManagedKey } from "./keyLifecycle";
import type { KeyInputs, KeyOutputs } from "./keyModel";
import { PartialFailureError } from "./partialFailure";

/**
 * Brings a key that now belongs to the resource (just created, or adopted) to the declared name, description
 * and state, with only the calls needed. Any failure carries the key's id, so the engine records the key
 * instead of orphaning it, and the next `up` finishes the change.
 */
export async function settleKey(
  client: KkmsClient,
  current: KeyOutputs,
  inputs: KeyInputs,
  region: string,
): Promise<KeyOutputs> {
  try {
    return await updateManagedKey(client, current.keyId, current, inputs, region);
  } catch (err) {
    if (err instanceof PartialFailureError) throw err;
    throw new PartialFailureError(current.keyId, { ...current }, err);
  }
}
