import type { KkmsClient } from "../../sdk/client";
import { isKkmsError, isMaybeProcessed, isNotFound } from "../../sdk/errors/guards";
import type { KmsKey } from "../../sdk/types";
import { findCreatedKey } from "./findCreatedKey";
import { toKeyOutputs, type KeyInputs, type KeyOutputs } from "./keyModel";
import { PartialFailureError } from "./partialFailure";

/** Bound on create and delete rounds whose outcome had to be checked before trying again. */
const MAX_ROUNDS = 8;

/**
 * CreateKey, then ModifyKeyState when Disabled is asked. A CreateKey that may have been processed is never
 * blindly repeated: the key it may have made is looked up by name first.
 */
export async function createManagedKey(
  client: KkmsClient,
  inputs: KeyInputs,
  region: string,
): Promise<KeyOutputs> {
  const created = await createOnce(client, inputs);
  const outputs = toKeyOutputs(created, inputs.chargeType, region);
  if (inputs.keyState !== "Disabled" || created.keyState === "Disabled") return outputs;
  try {
    const { key } = await client.modifyKeyState({ keyId: created.keyId, keyState: "Disabled" });
    return toKeyOutputs(key, inputs.chargeType, region);
  } catch (err) {
    throw new PartialFailureError(created.keyId, { ...outputs }, err);
  }
}

async function createOnce(client: KkmsClient, inputs: KeyInputs): Promise<KmsKey> {
  for (let round = 1; ; round++) {
    const startedAt = new Date();
    try {
      const { key } = await client.createKey({
        keyName: inputs.keyName,
        description: inputs.description,
        keyUsage: inputs.keyUsage as "EncryptDecrypt",
        origin: inputs.origin as "kms",
        chargeType: inputs.chargeType as "PostPaidByDay",
      });
      return key;
    } catch (err) {
      if (!isMaybeProcessed(err) || round >= MAX_ROUNDS) throw err;
      const found = await findCreatedKey(client, inputs.keyName, startedAt);
      if (found) return found;
    }
  }
}

/** The key as it is now, or undefined when it is gone or pending deletion (the engine then drops it). */
export async function readManagedKey(client: KkmsClient, keyId: string): Promise<KmsKey | undefined> {
  const { keys } = await client.describeKeys({ keyIds: [keyId] });
  const key = keys.find((k) => k.keyId === keyId);
  return key && key.keyState !== "PendingDeletion" ? key : undefined;
}

/** Only the calls the change needs: ModifyKey for name or description, ModifyKeyState for the state. */
export async function updateManagedKey(
  client: KkmsClient,
  keyId: string,
  olds: KeyOutputs,
  news: KeyInputs,
  region: string,
): Promise<KeyOutputs> {
  let outputs = { ...olds, region, chargeType: news.chargeType };
  if (news.keyName !== olds.keyName || news.description !== olds.description) {
    // Both are always sent: the seed gives KeyName a default (ksc_cmk) a service might apply when it is omitted.
    const { key } = await client.modifyKey({ keyId, keyName: news.keyName, description: news.description });
    outputs = toKeyOutputs(key, news.chargeType, region);
  }
  if (news.keyState !== outputs.keyState) {
    try {
      const { key } = await client.modifyKeyState({ keyId, keyState: news.keyState });
      outputs = toKeyOutputs(key, news.chargeType, region);
    } catch (err) {
      if (outputs !== olds) throw new PartialFailureError(keyId, { ...outputs }, err);
      throw err;
    }
  }
  return outputs;
}

/**
 * Disable (when Enabled), then DeleteKey. Gone or already pending deletion is success; a DeleteKey whose
 * outcome is unknown is checked before it is repeated; every real failure is reported.
 */
export async function deleteManagedKey(
  client: KkmsClient,
  keyId: string,
  lastKnownState: string,
): Promise<void> {
  let state = lastKnownState;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    try {
      if (state !== "Disabled") await client.modifyKeyState({ keyId, keyState: "Disabled" });
      await client.deleteKey({ keyId });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isMaybeProcessed(err) && !isWrongState(err)) throw err;
      const current = await readCurrentState(client, keyId);
      if (current === undefined || current === "PendingDeletion") return;
      if (round === MAX_ROUNDS) throw err;
      state = current;
    }
  }
}

async function readCurrentState(client: KkmsClient, keyId: string): Promise<string | undefined> {
  const { keys } = await client.describeKeys({ keyIds: [keyId] });
  return keys.find((k) => k.keyId === keyId)?.keyState;
}

function isWrongState(err: unknown): boolean {
  return isKkmsError(err) && err.code === "InvalidKeyState";
}
