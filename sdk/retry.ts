import type { KkmsError } from "./errors/KkmsError";

export interface RetryOptions {
  /** First backoff ceiling. @default 100 */
  baseDelayMs?: number;
  /** Largest backoff ceiling. @default 5000 */
  maxDelayMs?: number;
  /** A server's Retry-After is honoured up to this. @default 30000 */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions> & { maxAttempts: number };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "not-retryable" | "not-idempotent" | "attempts-exhausted" };

export interface RetryContext {
  /** 1 for the first attempt. */
  attempt: number;
  idempotent: boolean;
  policy: RetryPolicy;
  /** Milliseconds the server asked us to wait, when it did. */
  retryAfterMs?: number;
  random: () => number;
}

/**
 * Whether to try again, as a fixed sequence of early exits: only retryable failures; a non-idempotent call
 * only when the request surely was not processed; within the attempt budget; then Retry-After, else backoff.
 */
export function decideRetry(error: KkmsError, context: RetryContext): RetryDecision {
  if (!error.retryable) return { retry: false, reason: "not-retryable" };
  if (!context.idempotent && error.maybeProcessed) return { retry: false, reason: "not-idempotent" };
  if (context.attempt >= context.policy.maxAttempts) return { retry: false, reason: "attempts-exhausted" };
  if (context.retryAfterMs !== undefined) {
    return { retry: true, delayMs: Math.min(context.retryAfterMs, context.policy.maxRetryAfterMs) };
  }
  return { retry: true, delayMs: fullJitterDelay(context.attempt, context.policy, context.random) };
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
