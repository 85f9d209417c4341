import { SETTABLE_KEY_STATES } from "../../../sdk/types";
import { requiredChoice } from "../parameterRules";
import { keyFields, keyIdParameter, stopIfDryRun, usableKey } from "./common";
import type { ActionHandler } from "./context";

/** ModifyKeyState: Enabled ↔ Disabled; setting the state a key already has succeeds and changes nothing. */
export const modifyKeyState: ActionHandler = (context) => {
  const keyId = keyIdParameter(context);
  const keyState = requiredChoice(context.parameters, "KeyState", SETTABLE_KEY_STATES);
  const key = usableKey(context, "ModifyKeyState", keyId);
  stopIfDryRun(context);
  if (key.keyState !== keyState) context.store.updateState(keyId, keyState, null);
  return { Key: keyFields({ ...key, keyState }) };
};
