import { isThrottled, KkmsError } from "../../sdk/errors";
import { networkError, serviceError, unexpectedBody } from "../../sdk/errors/responseErrors";
import { decideRetry, fullJitterDelay, parseRetryAfter, type RetryPolicy } from "../../sdk/retry";

const POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 2000,
  throttledMaxDelayMs: 1000,
  maxThrottledAttempts: 3,
};
const HALF = () => 0.5;

const throttled = serviceError("X", 409, { code: "LimitExceeded", message: "slow down", requestId: "r" });
const unavailable = serviceError("X", 500, { code: "ServiceUnavailable", message: "down", requestId: "r" });
const timeout = serviceError("X", 500, { code: "ServiceTimeout", message: "late", requestId: "r" });
const badGateway = unexpectedBody("X", 502, "");
const badParameter = serviceError("X", 400, {
  code: "InvalidParameterValue",
  message: "bad",
  requestId: "r",
});
const forbidden = serviceError("X", 403, { code: "SignatureDoesNotMatch", message: "no", requestId: "r" });
const notFound = serviceError("X", 404, {
  code: "KeyNotFound",
  message: "The key k was not found.",
  requestId: "r",
});
const refused = networkError(
  "X",
  Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  false,
);
const reset = networkError("X", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), false);
const timedOut = networkError(
  "X",
  Object.assign(new Error("timeout of 10ms exceeded"), { code: "ECONNABORTED" }),
  true,
);
const bug = new KkmsError({ code: "TypeError", message: "a programming error" });

// [name, error, idempotent, attempt, expected decision]
const TABLE: [string, KkmsError, boolean, number, string][] = [
  ["throttled, idempotent", throttled, true, 1, "retry"],
  ["throttled, not idempotent (surely not processed)", throttled, false, 1, "retry"],
  ["500 ServiceUnavailable, idempotent", unavailable, true, 1, "retry"],
  ["500 ServiceUnavailable, not idempotent (maybe processed)", unavailable, false, 1, "not-idempotent"],
  ["500 ServiceTimeout, idempotent", timeout, true, 2, "retry"],
  ["502 with an empty body, idempotent", badGateway, true, 1, "retry"],
  ["502 with an empty body, not idempotent", badGateway, false, 1, "not-idempotent"],
  ["400 parameter error", badParameter, true, 1, "not-retryable"],
  ["403 signature error", forbidden, true, 1, "not-retryable"],
  ["404 not found", notFound, true, 1, "not-retryable"],
  ["connection refused, not idempotent (never sent)", refused, false, 1, "retry"],
  ["connection reset, idempotent", reset, true, 1, "retry"],
  ["connection reset, not idempotent (maybe processed)", reset, false, 1, "not-idempotent"],
  ["timeout, idempotent", timedOut, true, 1, "retry"],
  ["timeout, not idempotent", timedOut, false, 1, "not-idempotent"],
  ["unknown error (a bug) is never retried", bug, true, 1, "not-retryable"],
  ["attempts exhausted", throttled, true, 3, "attempts-exhausted"],
];

describe("retry decision table", () => {
  test.each(TABLE)("%s", (_name, error, idempotent, attempt, expected) => {
    const decision = decideRetry(error, {
      attempt,
      throttledAttempts: isThrottled(error) ? attempt : 0,
      idempotent,
      policy: POLICY,
      random: HALF,
    });
    expect(decision.retry ? "retry" : decision.reason).toBe(expected);
  });

  test("Retry-After wins over backoff, capped by maxRetryAfterMs", () => {
    expect(
      decideRetry(throttled, {
        attempt: 1,
        throttledAttempts: 1,
        idempotent: true,
        policy: POLICY,
        random: HALF,
        retryAfterMs: 1500,
      }),
    ).toEqual({
      retry: true,
      delayMs: 1500,
    });
    expect(
      decideRetry(throttled, {
        attempt: 1,
        throttledAttempts: 1,
        idempotent: true,
        policy: POLICY,
        random: HALF,
        retryAfterMs: 60_000,
      }),
    ).toEqual({
      retry: true,
      delayMs: 2000,
    });
  });

  test("a 409 or 5xx marks maybeProcessed only when the work may have been done", () => {
    expect(throttled.maybeProcessed).toBe(false);
    expect(unavailable.maybeProcessed).toBe(true);
    expect(refused.maybeProcessed).toBe(false);
    expect(reset.maybeProcessed).toBe(true);
    expect(badParameter.maybeProcessed).toBe(false);
  });
});

describe("throttling has its own budget and a short ceiling", () => {
  const policy: RetryPolicy = {
    ...POLICY,
    maxAttempts: 3,
    maxThrottledAttempts: 30,
    maxDelayMs: 5000,
    throttledMaxDelayMs: 800,
  };
  /** `throttles` of the `attempt` attempts so far were throttled, the current one included when it is. */
  const decide = (error: KkmsError, attempt: number, throttles: number, p: RetryPolicy = policy) =>
    decideRetry(error, {
      attempt,
      throttledAttempts: throttles,
      idempotent: true,
      policy: p,
      random: () => 0.999,
    });

  test("a throttle is retried past maxAttempts, up to maxThrottledAttempts", () => {
    expect(decide(throttled, 3, 3).retry).toBe(true);
    expect(decide(throttled, 29, 29).retry).toBe(true);
    expect(decide(throttled, 30, 30)).toEqual({ retry: false, reason: "attempts-exhausted" });
  });

  test("other failures keep maxAttempts", () => {
    expect(decide(unavailable, 3, 0)).toEqual({ retry: false, reason: "attempts-exhausted" });
  });

  test("a 5xx after a long throttle still has its own retries, and its backoff starts small", () => {
    expect(decide(unavailable, 20, 19)).toEqual({ retry: true, delayMs: 99 });
    expect(decide(unavailable, 22, 19)).toEqual({ retry: false, reason: "attempts-exhausted" });
  });

  test("the total never exceeds the larger budget", () => {
    expect(decide(unavailable, 30, 28)).toEqual({ retry: false, reason: "attempts-exhausted" });
  });

  test("with the default budgets (equal), the total is maxAttempts whatever the mix", () => {
    const equal = { ...policy, maxThrottledAttempts: 3 };
    expect(decide(unavailable, 3, 2, equal)).toEqual({ retry: false, reason: "attempts-exhausted" });
    expect(decide(throttled, 3, 1, equal)).toEqual({ retry: false, reason: "attempts-exhausted" });
  });

  test("a throttle waits at most throttledMaxDelayMs; a 5xx up to maxDelayMs", () => {
    expect(decide(throttled, 10, 10)).toEqual({ retry: true, delayMs: 799 });
    expect(decide(unavailable, 2, 0)).toEqual({ retry: true, delayMs: 199 });
    expect(decide(unavailable, 8, 0, { ...policy, maxAttempts: 10 })).toEqual({ retry: true, delayMs: 4995 });
  });
});

describe("full-jitter backoff", () => {
  test.each([
    [1, 0.999, 99],
    [2, 0.999, 199],
    [3, 0.999, 399],
    [4, 0.999, 799],
    [5, 0.999, 999],
    [10, 0.999, 999],
    [3, 0, 0],
    [3, 0.5, 200],
  ])("attempt %i with random %f waits %i ms", (attempt, random, expected) => {
    expect(fullJitterDelay(attempt, POLICY, () => random)).toBe(expected);
  });
});

describe("Retry-After parsing", () => {
  const now = new Date("2026-11-27T00:00:00Z");
  test.each([
    [undefined, undefined],
    ["", undefined],
    ["2", 2000],
    ["0.5", 500],
    ["Fri, 27 Nov 2026 00:00:03 GMT", 3000],
    ["Thu, 26 Nov 2026 23:59:00 GMT", 0],
    ["soon", undefined],
  ])("%p → %p ms", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
