import { EMULATOR_LIMITS } from "../limits";
import { missingParameter } from "../../errors";
import { checkText } from "../parameterRules";
import { keyFields, keyIdParameter, stopIfDryRun, usableKey } from "./common";
import type { ActionHandler } from "./context";

/**
 * ModifyKey: KeyName and Description are optional; an omitted one stays as it is. (The seed prints
 * "缺省值: ksc_cmk" for KeyName; renaming a key to ksc_cmk because a caller only changed its description would
 * surprise everyone, so we read it as the name CreateKey would default to, not as an instruction here.)
 * `Description=` (empty) clears the description.
 */
export const modifyKey: ActionHandler = (context) => {
  const { parameters } = context;
  const keyId = keyIdParameter(context);
  const keyName = parameters.get("KeyName");
  if (keyName === "") throw missingParameter("KeyName");
  if (keyName !== undefined) checkText(keyName, "KeyName", EMULATOR_LIMITS.keyName);
  const description = parameters.get("Description");
  if (description !== undefined) checkText(description, "Description", EMULATOR_LIMITS.description);
  const key = usableKey(context, "ModifyKey", keyId);
  stopIfDryRun(context);
  const updated = { ...key, keyName: keyName ?? key.keyName, description: description ?? key.description };
  context.store.updateAttributes(keyId, updated.keyName, updated.description);
  return { Key: keyFields(updated) };
};
