import { ConfigurationError } from "./errors";

/** A numeric start-up setting's rule: whole numbers or not, and its bounds. */
export interface NumberRule {
  readonly integer: boolean;
  readonly min: number;
  /** The minimum itself is refused (`> min`, not `≥ min`). */
  readonly minExclusive?: boolean;
  readonly max?: number;
}

/** An hour: a request that takes longer to arrive is no client kkms-local serves. */
export const MAX_TIMEOUT_MS = 3_600_000;

const timeout: NumberRule = { integer: true, min: 1, max: MAX_TIMEOUT_MS };

/**
 * The one home of every numeric option's limits: `startEmulator` checks its options with them, and the CLI
 * checks its flags and environment variables with them, so both refuse the same values with the same rule.
 */
export const NUMBER_RULES = {
  port: { integer: true, min: 0, max: 65535 },
  deletionWindowDays: { integer: false, min: 0 },
  throttleRps: { integer: false, min: 0, minExclusive: true },
  headerTimeoutMs: timeout,
  bodyTimeoutMs: timeout,
  idleTimeoutMs: timeout,
  maxConnections: { integer: true, min: 1, max: 65_536 },
  maxBodyBytes: { integer: true, min: 1, max: 1 << 30 },
  clockSkewMinutes: { integer: false, min: 0 },
  purgeIntervalMs: { integer: true, min: 1, max: 2 ** 31 - 1 },
} as const satisfies Record<string, NumberRule>;

/** The rule in words: "an integer from 0 to 65535", "a number ≥ 0", "a number > 0". */
export function ruleText(rule: NumberRule): string {
  if (rule.integer && rule.max !== undefined) return `an integer from ${rule.min} to ${rule.max}`;
  const kind = rule.integer ? "an integer" : "a number";
  const lower = `${kind} ${rule.minExclusive ? ">" : "≥"} ${rule.min}`;
  return rule.max === undefined ? lower : `${lower} and ≤ ${rule.max}`;
}

export function satisfies(value: unknown, rule: NumberRule): value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.minExclusive ? value <= rule.min : value < rule.min) return false;
  return rule.max === undefined || value <= rule.max;
}

/** `value` when it keeps the rule; else a ConfigurationError naming `name` and the rule. */
export function checkNumber(value: unknown, name: string, rule: NumberRule): number {
  if (!satisfies(value, rule))
    throw new ConfigurationError(`${name} must be ${ruleText(rule)}, got ${String(value)}.`);
  return value;
}

/**
 * A number written as text (a flag's or an environment variable's value): plain decimal digits only — no sign,
 * exponent, hex or spaces — then the same rule as `checkNumber`. The message quotes the text as given.
 */
export function numberFromText(text: string, name: string, rule: NumberRule): number {
  const pattern = rule.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = pattern.test(text) ? Number(text) : NaN;
  if (!satisfies(value, rule))
    throw new ConfigurationError(`${name} must be ${ruleText(rule)}, got ${JSON.stringify(text)}.`);
  return value;
}
