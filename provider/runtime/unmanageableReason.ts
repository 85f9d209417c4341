import type { KmsKey } from "../../sdk/types";

/**
 * Why a key cannot come under a Key's management — by adoption or by import — in the state it is in; undefined
 * when it can. The reason reads after "the key <id> ".
 */
export function unmanageableReason(key: KmsKey): string | undefined {
  if (key.keyState === "PendingDeletion")
    return "is PendingDeletion: a key scheduled for deletion cannot be used or managed again.";
  if (key.keyState === "PendingImport")
    return "is PendingImport: KKMS can neither change its state nor delete it, so it cannot be managed as a Key.";
  return undefined;
}
