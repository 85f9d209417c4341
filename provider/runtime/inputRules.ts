import { LIMITS as SDK_LIMITS } from "../../sdk/types";
import { isBase64 } from "../../sdk/validation";
import { isUnknown } from "./unknowns";

/**
 * Small rules over one input value. Each returns undefined when the value is acceptable, else the reason,
 * stating the rule and the bad value (never a secret: plaintext rules do not echo their value).
 */
export type Rule = (value: unknown) => string | undefined;

export interface CheckFailure {
  property: string;
  reason: string;
}

// No control characters, nor U+FFFE/U+FFFF: the service's XML answers cannot carry them (kkms-local refuses them).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f\ufffe\uffff]/;
// Half a surrogate pair has no UTF-8 form: such a string cannot even be sent.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const LIMITS = { keyNameMax: 256, descriptionMax: 1024, keyIdMax: 128 } as const;

export function show(value: unknown): string {
  if (typeof value === "string") {
    const chars = [...value];
    return JSON.stringify(chars.length > 60 ? chars.slice(0, 60).join("") + "…" : value);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : String(value);
}

export const text =
  (name: string, min: number, max: number): Rule =>
  (value) => {
    if (typeof value !== "string") return `${name} must be a string; got ${show(value)}.`;
    if (LONE_SURROGATE.test(value))
      return `${name} must be valid Unicode text; it holds half a surrogate pair.`;
    if (value.trim().length < min) return `${name} must not be empty.`;
    // Characters as the service counts them: code points, not UTF-16 units (an emoji is one character).
    const length = [...value].length;
    if (length > max) return `${name} must be at most ${max} characters; got ${length}.`;
    if (CONTROL_CHARACTERS.test(value))
      return `${name} must not contain control characters (nor U+FFFE, U+FFFF); got ${show(value)}.`;
    return undefined;
  };

/** A KeyId: 1 to 128 characters, the longest id kkms-local (and so the provider) accepts. */
export const keyIdText = (name: string): Rule => text(name, 1, LIMITS.keyIdMax);

/** Canonical base64 text, as the service takes ciphertext blobs. */
export const base64Text =
  (name: string, max: number): Rule =>
  (value) =>
    text(name, 1, max)(value) ??
    (isBase64(value as string) ? undefined : `${name} must be base64 text; got ${show(value)}.`);

export const oneOf =
  (name: string, allowed: readonly string[]): Rule =>
  (value) =>
    typeof value === "string" && allowed.includes(value)
      ? undefined
      : `${name} must be ${allowed.map((a) => JSON.stringify(a)).join(" or ")}; got ${show(value)}.`;

export const integerBetween =
  (name: string, min: number, max: number): Rule =>
  (value) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : `${name} must be an integer from ${min} to ${max}; got ${show(value)}.`;

/** A region name, the input or config key named as the caller knows it (`region`, `kkms:region`). */
export const regionNameRule =
  (name: string): Rule =>
  (value) =>
    typeof value === "string" && /^[a-z]+(-[a-z0-9]+)+$/.test(value)
      ? undefined
      : `${name} must be a Kingsoft Cloud region name such as "cn-beijing-6"; got ${show(value)}.`;

export const regionName: Rule = regionNameRule("region");

/** Text to encrypt, as Encrypt takes it. The reason never echoes the value: a reason may be printed. */
export const plaintextText =
  (name: string): Rule =>
  (value) => {
    if (typeof value !== "string")
      return `${name} must be a string; got ${show(typeof value === "object" ? value : typeof value)}.`;
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes < 1 || bytes > SDK_LIMITS.maxPlaintextBytes)
      return `${name} must be 1 to ${SDK_LIMITS.maxPlaintextBytes} bytes of UTF-8 text; got ${bytes} bytes.`;
    return undefined;
  };

/** Runs each present, known input through its rule; absent optional inputs and unknowns (preview) pass. */
export function checkInputs(
  inputs: Record<string, unknown>,
  rules: Record<string, Rule>,
  required: readonly string[] = [],
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const property of required) {
    if (inputs[property] === undefined || inputs[property] === null)
      failures.push({ property, reason: `${property} is required.` });
  }
  for (const [property, rule] of Object.entries(rules)) {
    const value = inputs[property];
    if (value === undefined || value === null || isUnknown(value)) continue;
    const reason = rule(value);
    if (reason) failures.push({ property, reason });
  }
  return failures;
}
