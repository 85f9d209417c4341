import { DELETED_STATE } from "../keyState";
import { keyFields, keyIdParameter, stopIfDryRun, usableKey } from "./common";
import type { ActionHandler } from "./context";

/**
 * DeleteKey: only a Disabled key (the seed). It turns PendingDeletion until its deletion window ends, then it
 * is purged; a window of 0 purges it at once. The answer shows the key as it was, Disabled, like the seed's
 * sample.
 */
export const deleteKey: ActionHandler = (context) => {
  const keyId = keyIdParameter(context);
  const key = usableKey(context, "DeleteKey", keyId);
  stopIfDryRun(context);
  if (context.deletionWindowMs <= 0) context.store.remove(keyId);
  else context.store.updateState(keyId, DELETED_STATE, context.now.getTime() + context.deletionWindowMs);
  return { Return: true, Key: keyFields(key) };
};
