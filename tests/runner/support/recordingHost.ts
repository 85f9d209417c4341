import type { ProviderHost } from "../../helpers/providerHost";

/** One RPC the runner made, as the host saw it. */
export interface HostCall {
  readonly method: string;
  readonly urn: string;
}

export type RecordedMethod = "check" | "diff" | "create" | "read" | "update" | "delete";

const RECORDED = new Set<string>(["check", "diff", "create", "read", "update", "delete"]);

export interface Recorder {
  readonly calls: HostCall[];
  /** The most calls of one method that were ever in flight at once. */
  maxInFlight(method: RecordedMethod): number;
  methods(): string[];
}

/**
 * Wraps a host so that every resource RPC is recorded; `holdMs` delays each call of the given methods before it
 * reaches the host, so that calls the runner makes concurrently overlap measurably.
 */
export function recordingHost(
  host: ProviderHost,
  options: { holdMs?: number; hold?: RecordedMethod[] } = {},
): { host: ProviderHost; recorder: Recorder } {
  const calls: HostCall[] = [];
  const inFlight = new Map<string, number>();
  const peaks = new Map<string, number>();
  const wrapped = new Proxy(host, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || typeof value !== "function") return value;
      if (!RECORDED.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        calls.push({ method: property, urn: String(args[0]) });
        const now = (inFlight.get(property) ?? 0) + 1;
        inFlight.set(property, now);
        peaks.set(property, Math.max(peaks.get(property) ?? 0, now));
        try {
          if (options.hold?.includes(property as RecordedMethod)) await sleep(options.holdMs ?? 200);
          return await value.apply(target, args);
        } finally {
          inFlight.set(property, (inFlight.get(property) ?? 1) - 1);
        }
      };
    },
  });
  return {
    host: wrapped,
    recorder: {
      calls,
      maxInFlight: (method) => peaks.get(method) ?? 0,
      methods: () => calls.map((call) => call.method),
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
