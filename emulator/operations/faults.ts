import { ERRORS, type ErrorTemplate } from "../../sdk/protocol/errorCatalog";
import { ACTION_NAMES } from "../actions/actionNames";
import { ApiError, ConfigurationError } from "../errors";
import { checkFields, numberIn, oneOf, optional, type FieldRule } from "../jsonRules";

/** The errors a fault can inject, each a normal KKMS answer from the catalog. */
export const FAULT_ERRORS: Readonly<Record<string, { template: ErrorTemplate; args?: string[] }>> = {
  ServiceUnavailable: { template: ERRORS.serviceUnavailable },
  ServiceTimeout: { template: ERRORS.serviceTimeout },
  LimitExceeded: { template: ERRORS.limitExceeded },
  InternalError: { template: ERRORS.serviceException, args: ["injected by kkms-local"] },
  AuthServiceUnavailable: { template: ERRORS.authServiceUnavailable },
};

export type FaultPhase = "before" | "after";

export interface FaultRule {
  /** An action name, or `*` for every action. @default "*" */
  action?: string;
  /** Chance per request, 0 to 1. @default 1 */
  probability?: number;
  /** One of FAULT_ERRORS' names. */
  error?: string;
  /** Delay added to the answer. */
  latencyMs?: number;
  /**
   * `before`: fail (or wait) without doing anything. `after`: do the work and commit it, then wait and/or
   * answer the error — a response lost after processing. @default "before"
   */
  phase?: FaultPhase;
}

export interface FaultSettings {
  faults: FaultRule[];
  /** Seeds the PRNG so a test sees the same sequence every run. */
  seed?: number;
}

export interface PhaseFault {
  readonly latencyMs: number;
  readonly error?: ApiError;
}

export interface FaultDecision {
  readonly before: PhaseFault;
  readonly after: PhaseFault;
}

/** What every request gets while no rule is set: one shared object, nothing to roll or allocate. */
export const NO_FAULT: FaultDecision = Object.freeze({
  before: Object.freeze({ latencyMs: 0 }),
  after: Object.freeze({ latencyMs: 0 }),
});

/** Whether a phase has anything to do: the caller can skip it (and its await) otherwise. */
export function isActive(fault: PhaseFault): boolean {
  return fault.latencyMs > 0 || fault.error !== undefined;
}

/**
 * Decides per request which faults fire. Each matching rule fires on its own roll; the latencies of the rules
 * that fire add up per phase, and the first error that fires in a phase is answered.
 */
export class FaultInjector {
  private settings: FaultSettings = { faults: [] };
  private random: () => number = Math.random;

  constructor(settings?: FaultSettings) {
    if (settings) this.set(settings);
  }

  get(): FaultSettings {
    return { ...this.settings, faults: this.settings.faults.map((rule) => ({ ...rule })) };
  }

  set(settings: FaultSettings): void {
    this.settings = parseFaultSettings(settings, "faults");
    this.random = this.settings.seed === undefined ? Math.random : mulberry32(this.settings.seed);
  }

  decide(action: string): FaultDecision {
    if (this.settings.faults.length === 0) return NO_FAULT;
    const decision: Record<FaultPhase, { latencyMs: number; error?: ApiError }> = {
      before: { latencyMs: 0 },
      after: { latencyMs: 0 },
    };
    for (const rule of this.settings.faults) {
      if ((rule.action ?? "*") !== "*" && rule.action !== action) continue;
      if (this.random() >= (rule.probability ?? 1)) continue;
      const phase = decision[rule.phase ?? "before"];
      phase.latencyMs += rule.latencyMs ?? 0;
      if (rule.error !== undefined && phase.error === undefined) phase.error = faultError(rule.error);
    }
    return decision;
  }
}

function faultError(name: string): ApiError {
  const fault = FAULT_ERRORS[name];
  return new ApiError(fault.template, fault.args);
}

/** Accepts `[rules]` or `{faults: [rules], seed?}`; every field checked, with the offending one named. */
export function parseFaultSettings(json: unknown, source: string): FaultSettings {
  const object = Array.isArray(json) ? { faults: json } : json;
  if (object === null || typeof object !== "object" || !Array.isArray((object as FaultSettings).faults)) {
    throw new ConfigurationError(
      `${source} must be a JSON array of fault rules or {"faults": [...], "seed": n}.`,
    );
  }
  const { faults, seed } = object as { faults: unknown[]; seed?: unknown };
  if (seed !== undefined && !Number.isInteger(seed))
    throw new ConfigurationError(`${source}.seed must be an integer.`);
  return {
    faults: faults.map((rule, index) => parseRule(rule, `${source}[${index}]`)),
    ...(seed === undefined ? {} : { seed: seed as number }),
  };
}

const RULE_FIELDS: readonly FieldRule[] = [
  ["action", optional(oneOf(["*", ...ACTION_NAMES])), `"*" or an action name`],
  ["probability", optional(numberIn(0, 1)), "a number from 0 to 1"],
  ["error", optional(oneOf(Object.keys(FAULT_ERRORS))), `one of ${Object.keys(FAULT_ERRORS).join(", ")}`],
  ["latencyMs", optional(numberIn(0, 600_000)), "a number of milliseconds from 0 to 600000"],
  ["phase", optional(oneOf(["before", "after"])), `"before" or "after"`],
];

function parseRule(json: unknown, where: string): FaultRule {
  const rule = checkFields(json, where, RULE_FIELDS);
  if (rule.error === undefined && rule.latencyMs === undefined) {
    throw new ConfigurationError(`${where}.error must be given (or latencyMs must be).`);
  }
  return rule as FaultRule;
}

/** A small, well-mixed 32-bit PRNG: deterministic fault sequences from a seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
