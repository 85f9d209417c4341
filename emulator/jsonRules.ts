import { ConfigurationError } from "./errors";

/**
 * Checking the JSON of settings files and admin bodies (accounts, seed keys, faults): one table of field
 * rules per shape, and errors that name the field (`seed.json[2].keyName must be …`).
 */
export type FieldRule = readonly [field: string, ok: (value: unknown) => boolean, rule: string];

export function checkFields(
  json: unknown,
  where: string,
  rules: readonly FieldRule[],
): Record<string, unknown> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ConfigurationError(`${where} must be an object.`);
  }
  const record = json as Record<string, unknown>;
  const unknown = Object.keys(record).find((name) => !rules.some(([field]) => field === name));
  if (unknown !== undefined) throw new ConfigurationError(`${where}: unknown field ${unknown}.`);
  for (const [field, ok, rule] of rules) {
    if (!ok(record[field])) throw new ConfigurationError(`${where}.${field} must be ${rule}.`);
  }
  return { ...record };
}

export const optional =
  (ok: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    value === undefined || ok(value);

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f\ufffe\uffff]/;

/** A string of `min`–`max` characters (code points) without control characters. */
export const text =
  (min: number, max: number) =>
  (value: unknown): boolean => {
    if (typeof value !== "string" || CONTROL_CHARACTERS.test(value)) return false;
    const length = [...value].length;
    return length >= min && length <= max;
  };

export const matches =
  (pattern: RegExp) =>
  (value: unknown): boolean =>
    typeof value === "string" && pattern.test(value);

export const oneOf =
  (allowed: readonly unknown[]) =>
  (value: unknown): boolean =>
    allowed.includes(value);

export const numberIn =
  (min: number, max: number) =>
  (value: unknown): boolean =>
    typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
