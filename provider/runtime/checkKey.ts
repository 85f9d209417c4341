import { randomBytes } from "crypto";
import { CHARGE_TYPES, CREATE_KEY_ORIGINS, KEY_USAGES, SETTABLE_KEY_STATES } from "../../sdk/types";
import { checkInputs, LIMITS, oneOf, regionName, text, type CheckFailure, type Rule } from "./inputRules";
import { KEY_DEFAULTS, type KeyInputs } from "./keyModel";
import { isUnknown } from "./unknowns";

/** Random characters appended to an auto-generated name, like Pulumi's auto-naming. */
const AUTO_NAME_SUFFIX_LENGTH = 7;

const KEY_RULES: Record<string, Rule> = {
  keyName: text("keyName", 1, LIMITS.keyNameMax),
  description: text("description", 0, LIMITS.descriptionMax),
  keyState: oneOf("keyState", SETTABLE_KEY_STATES),
  keyUsage: oneOf("keyUsage", KEY_USAGES),
  origin: oneOf("origin", CREATE_KEY_ORIGINS),
  chargeType: oneOf("chargeType", CHARGE_TYPES),
  region: regionName,
};

export interface KeyCheckResult {
  inputs: Partial<KeyInputs> & Record<string, unknown>;
  failures: CheckFailure[];
}

/**
 * Validates every input (failures name the property, the rule and the bad value; unknowns pass in preview) and
 * applies defaults. An auto-generated name is kept from the previous inputs, so it is stable across updates.
 */
export function checkKey(olds: Record<string, unknown>, news: Record<string, unknown>): KeyCheckResult {
  const inputs: Record<string, unknown> = { ...KEY_DEFAULTS, ...definedOnly(news) };
  if (
    inputs.keyName === undefined &&
    typeof news.autoNamePrefix === "string" &&
    !isUnknown(news.autoNamePrefix)
  ) {
    inputs.keyName = autoName(news.autoNamePrefix, olds);
  }
  const failures = checkInputs(inputs, KEY_RULES, ["keyName"]);
  return { inputs: inputs as KeyCheckResult["inputs"], failures };
}

function autoName(prefix: string, olds: Record<string, unknown>): string {
  const previous = olds.keyName;
  if (olds.autoNamePrefix === prefix && typeof previous === "string" && previous.startsWith(prefix))
    return previous;
  return prefix + randomBytes(AUTO_NAME_SUFFIX_LENGTH).toString("hex").slice(0, AUTO_NAME_SUFFIX_LENGTH);
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null),
  );
}
