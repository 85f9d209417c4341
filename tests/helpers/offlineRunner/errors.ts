import type { CheckFailure } from "../providerClient";
import { isProviderHostError } from "../providerHostError";
import type { PropertyMap } from "../secrets";
import type { Step } from "./types";

/** Which resource a step is about. */
export interface StepTarget {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

/** A resource that came to exist although its create or update failed (ErrorResourceInitFailed). */
export interface PartialResult {
  readonly id: string;
  readonly outputs: PropertyMap;
  readonly initErrors: string[];
}

const DYNAMIC_PREFIX = /^pulumi-nodejs:dynamic\//;

/** The type as people write it: `pulumi-nodejs:dynamic/kkms:Key` → `kkms:Key`. */
export function displayType(type: string): string {
  return type.replace(DYNAMIC_PREFIX, "");
}

/** A step that failed, e.g. `kkms:Key payments: create failed: ...`. */
export class StepError extends Error {
  readonly urn: string;
  /** Set when the resource exists anyway: the step recorded it before failing. */
  readonly partial?: PartialResult;

  constructor(
    target: StepTarget,
    detail: string,
    options: { cause?: unknown; partial?: PartialResult } = {},
  ) {
    super(`${displayType(target.type)} ${target.name}: ${detail}`, { cause: options.cause });
    this.name = "StepError";
    this.urn = target.urn;
    this.partial = options.partial;
  }
}

/** The provider's check rejected the inputs: `kkms:Key payments: keyState: must be Enabled or Disabled`. */
export class CheckFailedError extends StepError {
  constructor(
    target: StepTarget,
    readonly failures: CheckFailure[],
  ) {
    super(target, failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; "));
    this.name = "CheckFailedError";
  }
}

/** Any failure of a provider call, as a StepError naming the resource; the host's own message is kept. */
export function toStepError(target: StepTarget, error: unknown, partial?: PartialResult): StepError {
  if (error instanceof StepError) return error;
  const detail = isProviderHostError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : String(error);
  return new StepError(target, detail, { cause: error, partial });
}

/** An operation that failed; what it did before failing is recorded in the state and listed here. */
export class RunFailedError extends Error {
  constructor(
    readonly errors: Error[],
    readonly steps: Step[],
    readonly summary: string,
  ) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "RunFailedError";
  }
}

/** Programs can throw anything; operations report Errors. */
export function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
