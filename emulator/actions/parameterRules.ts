import { decodeBase64 } from "../../sdk/validation";
import { invalidParameterValue, missingParameter } from "../errors";
import type { RequestParameters } from "../http/requestParameters";

/**
 * Reading and validating action parameters. Absent or empty → MissingParameter naming it; present but wrong →
 * InvalidParameterValue naming it (the seed's two texts).
 */
export function requiredText(parameters: RequestParameters, name: string): string {
  const value = parameters.get(name);
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

export function requiredChoice<T extends string>(
  parameters: RequestParameters,
  name: string,
  allowed: readonly T[],
): T {
  return choice(requiredText(parameters, name), name, allowed);
}

export function optionalChoice<T extends string>(
  parameters: RequestParameters,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = parameters.get(name);
  if (value === undefined) return undefined;
  if (value === "") throw missingParameter(name);
  return choice(value, name, allowed);
}

function choice<T extends string>(value: string, name: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw invalidParameterValue(name);
  return value as T;
}

// C0 controls, DEL, and the two code points XML 1.0 cannot carry: a name must survive an XML answer.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\ufffe\uffff]/;

/** Text limited to `min`–`max` characters (Unicode code points) without control characters. */
export function checkText(value: string, name: string, limits: { min: number; max: number }): string {
  const length = [...value].length;
  if (length < limits.min || length > limits.max || FORBIDDEN_CHARACTERS.test(value)) {
    throw invalidParameterValue(name);
  }
  return value;
}

/**
 * Base64 bytes. A space is read as `+`: an unencoded `+` in a query string arrives as a space, and base64
 * never contains spaces. Empty → MissingParameter; not canonical base64 or too long → InvalidParameterValue.
 */
export function base64Bytes(parameters: RequestParameters, name: string, maxBytes: number): Buffer {
  const sent = requiredText(parameters, name);
  const bytes = decodeBase64(sent.includes(" ") ? sent.replace(/ /g, "+") : sent);
  if (bytes === undefined) throw invalidParameterValue(name);
  if (bytes.length === 0) throw missingParameter(name);
  if (bytes.length > maxBytes) throw invalidParameterValue(name);
  return bytes;
}

/** Decimal digits only (no sign, exponent or fraction), within `min`–`max`. */
export function optionalInteger(
  parameters: RequestParameters,
  name: string,
  limits: { min: number; max: number },
): number | undefined {
  const value = parameters.get(name);
  if (value === undefined) return undefined;
  if (value === "") throw missingParameter(name);
  const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(number >= limits.min && number <= limits.max)) throw invalidParameterValue(name);
  return number;
}

/** `DryRun=true|false` (any case); absent means false. */
export function dryRunFlag(parameters: RequestParameters): boolean {
  const value = parameters.get("DryRun");
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower !== "true" && lower !== "false") throw invalidParameterValue("DryRun");
  return lower === "true";
}
