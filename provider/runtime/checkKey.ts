import { CHARGE_TYPES, CREATE_KEY_ORIGINS, KEY_USAGES, SETTABLE_KEY_STATES } from "../../sdk/types";
import { newAutoName } from "./autoName";
import { definedOnly } from "./definedOnly";
import {
  checkInputs,
  keyIdText,
  LIMITS,
  oneOf,
  regionName,
  text,
  type CheckFailure,
  type Rule,
} from "./inputRules";
import { KEY_DEFAULTS, type KeyInputs } from "./keyModel";
import { isUnknown } from "./unknowns";

const KEY_RULES: Record<string, Rule> = {
  keyName: text("keyName", 1, LIMITS.keyNameMax),
  description: text("description", 0, LIMITS.descriptionMax),
  keyState: oneOf("keyState", SETTABLE_KEY_STATES),
  keyUsage: oneOf("keyUsage", KEY_USAGES),
  origin: oneOf("origin", CREATE_KEY_ORIGINS),
  chargeType: oneOf("chargeType", CHARGE_TYPES),
  region: regionName,
  adoptKeyId: keyIdText("adoptKeyId"),
};

export interface KeyCheckResult {
  inputs: Partial<KeyInputs> & Record<string, unknown>;
  failures: CheckFailure[];
}

/**
 * Validates every input (failures name the property, the rule and the bad value; unknowns pass in preview) and
 * applies defaults. An auto-generated name is kept from the previous inputs, so it is stable across updates.
 * `region` absent becomes the configured one: a preview of an update shows the checked inputs as the outputs
 * (provider_plugin.go:1675-1676 at v3.248.0), so this keeps `key.region` known there for dependents.
 * `autoNamePrefix` starts a generated name (`<resource name>-`): the native plugin knows the resource's name;
 * the dynamic Key class sends it as the `autoNamePrefix` input, since the host hands check nothing else. It stays
 * in the checked inputs, so later checks keep the name and create knows the name is unique.
 * Makes no API call: it runs in every preview, for every Key.
 */
export function checkKey(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaultRegion: string,
  autoNamePrefix: unknown = news.autoNamePrefix,
): KeyCheckResult {
  const inputs: Record<string, unknown> = { ...KEY_DEFAULTS, region: defaultRegion, ...definedOnly(news) };
  const adopting = inputs.adoptKeyId !== undefined;
  if (
    !adopting &&
    inputs.keyName === undefined &&
    typeof autoNamePrefix === "string" &&
    !isUnknown(autoNamePrefix)
  ) {
    inputs.autoNamePrefix = autoNamePrefix;
    inputs.keyName = autoName(autoNamePrefix, olds);
  }
  const failures = checkInputs(inputs, KEY_RULES, ["keyName"]).map((failure) =>
    adopting && failure.property === "keyName" && inputs.keyName === undefined
      ? { property: "keyName", reason: KEY_NAME_WITH_ADOPTION }
      : failure,
  );
  return { inputs: inputs as KeyCheckResult["inputs"], failures };
}

/** An adopted key is not renamed to an auto-generated name behind its owner's back. */
const KEY_NAME_WITH_ADOPTION =
  "keyName is required with adoptKeyId: give the adopted key's current name to keep it (or a new one).";

function autoName(prefix: string, olds: Record<string, unknown>): string {
  const previous = olds.keyName;
  if (olds.autoNamePrefix === prefix && typeof previous === "string" && previous.startsWith(prefix))
    return previous;
  return newAutoName(prefix);
}
