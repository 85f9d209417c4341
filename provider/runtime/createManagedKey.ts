import type { KkmsClient } from "../../sdk/client";
import { isMaybeProcessed } from "../../sdk/errors/guards";
import type { KmsKey } from "../../sdk/types";
import { adoptKey } from "./adoptKey";
import { isAutoName } from "./autoName";
import { CreateOutcomeError } from "./createOutcomeError";
import { newCreationMark } from "./creationMark";
import { findOwnKeys, type CreateIdentity } from "./findOwnKeys";
import { toKeyOutputs, type KeyInputs, type KeyOutputs } from "./keyModel";
import { settleKey } from "./settleKey";

/** Bound on CreateKey rounds whose outcome had to be checked before trying again. */
const MAX_ROUNDS = 8;

/**
 * Makes the key a Key declares (or adopts the one it names), then brings it to the declared description and
 * state. Calls: an auto-named key, CreateKey; a named key, CreateKey under a creation mark, then ModifyKey;
 * ModifyKeyState after either when Disabled is asked. A failure once the key exists carries its id.
 */
export async function createManagedKey(
  client: KkmsClient,
  inputs: KeyInputs,
  region: string,
): Promise<KeyOutputs> {
  if (inputs.adoptKeyId !== undefined) return adoptKey(client, inputs.adoptKeyId, inputs, region);
  const created = await createKeyOnce(client, inputs);
  return settleKey(client, toKeyOutputs(created, inputs.chargeType, region), inputs, region);
}

/**
 * One CreateKey, never blindly repeated: when its outcome is unknown (sent, no answer), the key it may have
 * made is looked up by this create's identity and taken only if exactly one key carries it.
 */
async function createKeyOnce(client: KkmsClient, inputs: KeyInputs): Promise<KmsKey> {
  const uniqueName = isAutoName(inputs.keyName, inputs.autoNamePrefix);
  const marks: string[] = [];
  for (let round = 1; ; round++) {
    const mark = uniqueName ? undefined : newCreationMark();
    if (mark) marks.push(mark);
    try {
      const { key } = await client.createKey({
        keyName: inputs.keyName,
        description: mark ?? inputs.description,
        keyUsage: inputs.keyUsage as "EncryptDecrypt",
        origin: inputs.origin as "kms",
        chargeType: inputs.chargeType as "PostPaidByDay",
      });
      return key;
    } catch (err) {
      if (!isMaybeProcessed(err)) throw err;
      const identity: CreateIdentity = uniqueName
        ? { keyName: inputs.keyName, by: "uniqueName" }
        : { keyName: inputs.keyName, by: "marks", marks };
      const found = await findOwnKeys(client, identity).catch((lookupError: unknown) => {
        throw CreateOutcomeError.unchecked(identity, err, lookupError);
      });
      if (found.length === 1) return found[0];
      if (found.length > 1)
        throw CreateOutcomeError.ambiguous(
          identity,
          found.map((k) => k.keyId),
          err,
        );
      // None carries it: this attempt made nothing, and trying again is safe.
      if (round >= MAX_ROUNDS) throw err;
    }
  }
}
