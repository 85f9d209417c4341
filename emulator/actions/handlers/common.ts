import type { KeyBinding } from "../../storage/crypto";
import { dryRunOperation, keyNotFound } from "../../errors";
import { assertKeyState, type KeyAction } from "../keyState";
import { requiredText } from "../parameterRules";
import type { KeyMetadata, StoredKey } from "../../storage/storedKey";
import { formatCreateTime } from "../time";
import type { HandlerContext, WireObject } from "./context";

/** The required `KeyId` parameter. */
export function keyIdParameter(context: HandlerContext): string {
  return requiredText(context.parameters, "KeyId");
}

/**
 * The caller's key in a state the action allows. A key of another account or region answers exactly like a
 * key that never existed, so nobody learns about keys that are not theirs.
 */
export function usableKey(context: HandlerContext, action: KeyAction, keyId: string): StoredKey {
  const { accountId, region } = context.owner;
  const key = context.store.find(accountId, region, keyId, context.now.getTime());
  if (key === undefined) throw keyNotFound(keyId);
  assertKeyState(action, key);
  return key;
}

/** The last step before acting: a dry run stops here with the seed's 412. */
export function stopIfDryRun(context: HandlerContext): void {
  if (context.dryRun) throw dryRunOperation();
}

export function bindingOf(key: StoredKey): KeyBinding {
  return { accountId: key.accountId, region: key.region, keyId: key.keyId };
}

/** The key's material, unwrapped from the very row just read (or the cache's copy of exactly that row). */
export function materialOf(context: HandlerContext, key: StoredKey): Buffer {
  return context.materials.unwrap(bindingOf(key), key.wrappedMaterial);
}

/** The seed's `Key` data type, fields in the seed's order. */
export function keyFields(key: KeyMetadata): WireObject {
  return {
    KeyId: key.keyId,
    KeyName: key.keyName,
    CreateTime: formatCreateTime(key.createTime),
    Description: key.description,
    KeyState: key.keyState,
    KeyUsage: key.keyUsage,
    Origin: key.origin,
  };
}
