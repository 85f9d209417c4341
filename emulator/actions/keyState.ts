import { KEY_STATES, type KeyState } from "../../sdk/types";
import type { ActionName } from "./actionNames";
import { invalidKeyState } from "../errors";

/** Every action that works on an existing key. */
export type KeyAction = Exclude<ActionName, "CreateKey">;

/**
 * THE state × action table: the states a key must be in for each action. Handlers never test a state
 * themselves; they call `assertKeyState`. The README and the tests enumerate this table.
 */
export const KEY_STATE_RULES: Readonly<Record<KeyAction, readonly KeyState[]>> = {
  DescribeKeys: KEY_STATES,
  ModifyKey: ["Enabled", "Disabled", "PendingImport"],
  ModifyKeyState: ["Enabled", "Disabled"],
  // The seed: only a disabled key can be deleted.
  DeleteKey: ["Disabled"],
  Encrypt: ["Enabled"],
  Decrypt: ["Enabled"],
  GenerateDataKey: ["Enabled"],
};

/** The state DeleteKey moves a key to; it is purged when its deletion window ends. */
export const DELETED_STATE: KeyState = "PendingDeletion";

export function isActionAllowed(action: KeyAction, state: string): boolean {
  return (KEY_STATE_RULES[action] as readonly string[]).includes(state);
}

/** Throws InvalidKeyState naming the key, its state, the action and the states it needs. */
export function assertKeyState(action: KeyAction, key: { keyId: string; keyState: string }): void {
  if (isActionAllowed(action, key.keyState)) return;
  throw invalidKeyState(key.keyId, key.keyState, action, describeStates(KEY_STATE_RULES[action]));
}

/** `Enabled`, `Enabled or Disabled`, `Enabled, Disabled or PendingImport`. */
export function describeStates(states: readonly string[]): string {
  if (states.length <= 1) return states.join("");
  return `${states.slice(0, -1).join(", ")} or ${states[states.length - 1]}`;
}
