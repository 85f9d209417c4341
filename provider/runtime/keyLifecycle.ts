import type { KkmsClient } from "../../sdk/client";
import { isKkmsError, isMaybeProcessed, isNotFound } from "../../sdk/errors/guards";
import type { KmsKey } from "../../sdk/types";
import { describeKey } from "./describeKey";
import { toKeyOutputs, type KeyInputs, type KeyOutputs } from "./keyModel";
import { PartialFailureError } from "./partialFailure";

/** Bound on delete rounds whose outcome had to be checked before trying again. */
const MAX_ROUNDS = 8;

/** The key as it is now, or undefined when it is gone or pending deletion (the engine then drops it). */
export async function readManagedKey(client: KkmsClient, keyId: string): Promise<KmsKey | undefined> {
  const key = await describeKey(client, keyId);
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
  return (await describeKey(client, keyId))?.keyState;
}

function isWrongState(err: unknown): boolean {
  return isKkmsError(err) && err.code === "InvalidKeyState";
}
