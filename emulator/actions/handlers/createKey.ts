import { CHARGE_TYPES, CREATE_KEY_ORIGINS, KEY_USAGES } from "../../../sdk/types";
import { generateKeyMaterial, wrapMaterial } from "../../storage/crypto";
import { newKeyId } from "../keyIds";
import { EMULATOR_LIMITS } from "../limits";
import { checkText, requiredChoice, requiredText } from "../parameterRules";
import type { StoredKey } from "../../storage/storedKey";
import { bindingOf, keyFields, stopIfDryRun } from "./common";
import type { ActionHandler } from "./context";

/** CreateKey: KeyName, KeyUsage, Origin and ChargeType are required (the seed: 是否可缺省 否). */
export const createKey: ActionHandler = (context) => {
  const { parameters } = context;
  const keyName = checkText(requiredText(parameters, "KeyName"), "KeyName", EMULATOR_LIMITS.keyName);
  const description = checkText(
    parameters.get("Description") ?? "",
    "Description",
    EMULATOR_LIMITS.description,
  );
  const keyUsage = requiredChoice(parameters, "KeyUsage", KEY_USAGES);
  const origin = requiredChoice(parameters, "Origin", CREATE_KEY_ORIGINS);
  const chargeType = requiredChoice(parameters, "ChargeType", CHARGE_TYPES);
  stopIfDryRun(context);
  const key: StoredKey = {
    keyId: newKeyId(),
    ...context.owner,
    keyName,
    description,
    keyState: "Enabled",
    keyUsage,
    origin,
    chargeType,
    createTime: context.now.getTime(),
    deletionTime: null,
    wrappedMaterial: Buffer.alloc(0),
  };
  key.wrappedMaterial = wrapMaterial(context.rootKey, bindingOf(key), generateKeyMaterial());
  context.store.insert(key);
  return { Key: keyFields(key) };
};
