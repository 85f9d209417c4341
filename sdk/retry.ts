import { isThrottled } from "./errors/guards";
import type { KkmsError } from "./errors/KkmsError";

export interface RetryOptions {
  /** First backoff ceiling. @default 100 */
  baseDelayMs?: number;
  /** Largest backoff ceiling. @default 5000 */
  maxDelayMs?: number;
  /** A server's Retry-After is honoured up to this. @default 30000 */
  maxRetryAfterMs?: number;
  /**
   * Largest backoff ceiling after throttling (409 LimitExceeded). Short: the rate allowance refills every
   * second, and clients that all sleep for seconds leave it unused. @default 1000
   */
  throttledMaxDelayMs?: number;
  /** Attempts allowed while the service keeps throttling. @default maxAttempts */
  maxThrottledAttempts?: number;
}

export type RetryPolicy = Required<RetryOptions> & { maxAttempts: number };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "not-retryable" | "not-idempotent" | "attempts-exhausted" };

export interface RetryContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** How many of the attempts so far were throttled, this one included. */
  throttledAttempts: number;
  idempotent: boolean;
  policy: RetryPolicy;
  /** Milliseconds the server asked us to wait, when it did. */
  retryAfterMs?: number;
  random: () => number;
}

/**
 * Whether to try again, as a fixed sequence of early exits: only retryable failures; a non-idempotent call
 * only when the request surely was not processed; within the attempt budgets; then Retry-After, else backoff.
 */
export function decideRetry(error: KkmsError, context: RetryContext): RetryDecision {
  const { policy } = context;
  const throttled = isThrottled(error);
  if (!error.retryable) return { retry: false, reason: "not-retryable" };
  if (!context.idempotent && error.maybeProcessed) return { retry: false, reason: "not-idempotent" };
  const ofThisKind = throttled ? context.throttledAttempts : context.attempt - context.throttledAttempts;
  if (budgetSpent(context.attempt, ofThisKind, throttled, policy))
    return { retry: false, reason: "attempts-exhausted" };
  if (context.retryAfterMs !== undefined) {
    return { retry: true, delayMs: Math.min(context.retryAfterMs, policy.maxRetryAfterMs) };
  }
  const backoff = throttled
    ? { ...policy, maxDelayMs: Math.min(policy.maxDelayMs, policy.throttledMaxDelayMs) }
    : policy;
  return { retry: true, delayMs: fullJitterDelay(ofThisKind, backoff, context.random) };
}

/**
 * Throttled answers and other failures have their own budgets, so a call that waited out a long throttle still
 * has its retries for a 5xx; the total never exceeds the larger budget (just maxAttempts by default).
 */
function budgetSpent(attempt: number, ofThisKind: number, throttled: boolean, policy: RetryPolicy): boolean {
  if (attempt >= Math.max(policy.maxAttempts, policy.maxThrottledAttempts)) return true;
  return ofThisKind >= (throttled ? policy.maxThrottledAttempts : policy.maxAttempts);
}

/** "Full jitter": uniform in [0, min(max, base·2^(attempt-1))), which spreads retrying clients apart. */
export function fullJitterDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
