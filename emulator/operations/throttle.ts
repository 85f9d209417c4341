import { performance } from "perf_hooks";
import { ConfigurationError } from "../errors";
import { NUMBER_RULES, ruleText, satisfies } from "../numberRules";

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per account: `rps` tokens a second, holding at most max(1, rps). An empty bucket means
 * 409 LimitExceeded, the seed's flow-control answer. It runs on a monotonic clock, not the injectable one.
 */
export class Throttle {
  private rps: number | undefined;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    rps: number | undefined,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.rps = checkRps(rps);
  }

  get rate(): number | undefined {
    return this.rps;
  }

  /** undefined turns throttling off; every change starts all buckets full. */
  setRate(rps: number | undefined): void {
    this.rps = checkRps(rps);
    this.buckets.clear();
  }

  /** Takes a token for the account; false when none is left. */
  tryTake(accountId: string): boolean {
    if (this.rps === undefined) return true;
    const capacity = Math.max(1, this.rps);
    const now = this.nowMs();
    const bucket = this.buckets.get(accountId) ?? { tokens: capacity, updatedMs: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.rps);
    bucket.updatedMs = now;
    this.buckets.set(accountId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

export function checkRps(rps: number | undefined): number | undefined {
  if (rps === undefined) return undefined;
  if (!satisfies(rps, NUMBER_RULES.throttleRps)) {
    throw new ConfigurationError(
      `throttle rps must be ${ruleText(NUMBER_RULES.throttleRps)} (or null to turn it off), got ${String(rps)}.`,
    );
  }
  return rps;
}
