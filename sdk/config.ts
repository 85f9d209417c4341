import * as http from "http";
import * as https from "https";
import { INVALID_CONFIGURATION } from "./errors/clientErrorCodes";
import { KkmsError } from "./errors/KkmsError";
import { silentLogger, stderrLogger, type KkmsLogger } from "./logger";
import type { RetryOptions, RetryPolicy } from "./retry";
import type { Credentials } from "./signing/types";

export const DEFAULT_ENDPOINT = "https://kkms.api.ksyun.com";
export const DEFAULT_REGION = "cn-beijing-6";

/** The environment variables read when an option is not given (Kingsoft's own Terraform provider uses these). */
export const ENV = {
  accessKeyId: "KSYUN_ACCESS_KEY",
  secretAccessKey: "KSYUN_SECRET_KEY",
  region: "KSYUN_REGION",
  endpoint: "KKMS_ENDPOINT",
  debug: "KKMS_DEBUG",
} as const;

/**
 * The client's own agents. `keepAliveMsecs` is the TCP keep-alive delay axios sets on every request's socket
 * (`socket.setKeepAlive(true, 60000)` in its http adapter); an agent resets it to its own on each free socket,
 * so with Node's default (1000) two setsockopt calls run per request. The same value makes both no-ops.
 * `timeout` closes an idle socket before the server does: a request written onto a socket the server is closing
 * fails with "socket hang up", and a non-idempotent call cannot be retried. Node's agent lowers it to 1 s before a
 * server's `Keep-Alive: timeout=` hint, but only when it is set (`keepSocketAlive` ignores the hint at 0).
 */
const KEEP_ALIVE_AGENT_OPTIONS: http.AgentOptions = {
  keepAlive: true,
  keepAliveMsecs: 60_000,
  maxSockets: 64,
  timeout: 15_000,
};

export type SignatureVersion = "v4" | "v4-query" | "simple";
export type HttpMethod = "GET" | "POST";

export interface KkmsClientOptions {
  /** Signing region. @default process.env.KSYUN_REGION, else "cn-beijing-6" */
  region?: string;
  /** Service URL. @default process.env.KKMS_ENDPOINT, else "https://kkms.api.ksyun.com" */
  endpoint?: string;
  /** @default process.env.KSYUN_ACCESS_KEY and KSYUN_SECRET_KEY */
  credentials?: Credentials;
  /** "v4": SigV4 in the Authorization header; "v4-query": SigV4 in the URL; "simple": the simplified signature. @default "v4" */
  signatureVersion?: SignatureVersion;
  /** The seed recommends GET. Requests whose URL would exceed `maxUrlLength` go as POST anyway. @default "GET" */
  method?: HttpMethod;
  /** @default 4096 */
  maxUrlLength?: number;
  /** Answers are decoded by their Content-Type either way. @default "json" */
  responseFormat?: "json" | "xml";
  /** Per attempt. @default 30000 */
  timeoutMs?: number;
  /** Attempts per call, the first included; 1 turns retries off. @default 5 */
  maxAttempts?: number;
  retry?: RetryOptions;
  /** @default a keep-alive agent owned by the client */
  httpAgent?: http.Agent;
  /** @default a keep-alive agent owned by the client */
  httpsAgent?: https.Agent;
  /** Per-attempt debug events. @default stderr when KKMS_DEBUG=1, else silent */
  logger?: KkmsLogger;
  /** The clock signatures are dated by. @default () => new Date() */
  clock?: () => Date;
  /** @default Math.random */
  random?: () => number;
  /** @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
  /** Where the environment fallbacks are read from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedClientConfig {
  region: string;
  endpoint: URL;
  credentials: Credentials | undefined;
  signatureVersion: SignatureVersion;
  method: HttpMethod;
  maxUrlLength: number;
  responseFormat: "json" | "xml";
  timeoutMs: number;
  retryPolicy: RetryPolicy;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  logger: KkmsLogger;
  clock: () => Date;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Explicit option → environment → default, once, so the rest of the client never checks for undefined. */
export function resolveClientConfig(options: KkmsClientOptions = {}): ResolvedClientConfig {
  const env = options.env ?? process.env;
  return {
    region: nonEmpty(options.region ?? env[ENV.region], "region") ?? DEFAULT_REGION,
    endpoint: parseEndpoint(options.endpoint ?? nonEmptyEnv(env[ENV.endpoint]) ?? DEFAULT_ENDPOINT),
    credentials: resolveCredentials(options.credentials, env),
    signatureVersion: oneOfOption(
      options.signatureVersion ?? "v4",
      ["v4", "v4-query", "simple"],
      "signatureVersion",
    ),
    method: oneOfOption(options.method ?? "GET", ["GET", "POST"], "method"),
    maxUrlLength: positiveInteger(options.maxUrlLength ?? 4096, "maxUrlLength"),
    responseFormat: oneOfOption(options.responseFormat ?? "json", ["json", "xml"], "responseFormat"),
    timeoutMs: positiveInteger(options.timeoutMs ?? 30_000, "timeoutMs"),
    retryPolicy: resolveRetryPolicy(options),
    httpAgent: options.httpAgent ?? new http.Agent(KEEP_ALIVE_AGENT_OPTIONS),
    httpsAgent: options.httpsAgent ?? new https.Agent(KEEP_ALIVE_AGENT_OPTIONS),
    logger: options.logger ?? (env[ENV.debug] && env[ENV.debug] !== "0" ? stderrLogger : silentLogger),
    clock: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

function resolveRetryPolicy(options: KkmsClientOptions): RetryPolicy {
  const maxAttempts = positiveInteger(options.maxAttempts ?? 5, "maxAttempts");
  const retry = options.retry ?? {};
  return {
    maxAttempts,
    baseDelayMs: nonNegative(retry.baseDelayMs ?? 100, "retry.baseDelayMs"),
    maxDelayMs: nonNegative(retry.maxDelayMs ?? 5_000, "retry.maxDelayMs"),
    maxRetryAfterMs: nonNegative(retry.maxRetryAfterMs ?? 30_000, "retry.maxRetryAfterMs"),
    throttledMaxDelayMs: nonNegative(retry.throttledMaxDelayMs ?? 1_000, "retry.throttledMaxDelayMs"),
    maxThrottledAttempts: positiveInteger(
      retry.maxThrottledAttempts ?? maxAttempts,
      "retry.maxThrottledAttempts",
    ),
  };
}

/** Both halves from the same place: an access key from options never pairs with a secret from the environment. */
function resolveCredentials(
  explicit: Credentials | undefined,
  env: NodeJS.ProcessEnv,
): Credentials | undefined {
  if (explicit !== undefined) {
    if (typeof explicit !== "object" || explicit === null)
      throw configError("credentials must be an object.");
    return explicit;
  }
  const accessKeyId = nonEmptyEnv(env[ENV.accessKeyId]);
  const secretAccessKey = nonEmptyEnv(env[ENV.secretAccessKey]);
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}

function parseEndpoint(text: string): URL {
  const problem = endpointProblem(text);
  if (problem) throw configError(problem);
  return new URL(text);
}

/**
 * Why `text` cannot be the service URL (an absolute http or https URL), naming it as the caller knows it
 * (`kkms:endpoint` in stack config, say); undefined when it can.
 */
export function endpointProblem(text: string, name = "endpoint"): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${name} must be an absolute http(s) URL, got ${JSON.stringify(text)}.`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `${name} must use http or https, got ${JSON.stringify(text)}.`;
  return undefined;
}

function nonEmptyEnv(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

function nonEmpty(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "" || /[\s/]/.test(value.trim())) {
    throw configError(`${name} must be a region name such as "cn-beijing-6", got ${JSON.stringify(value)}.`);
  }
  return value.trim();
}

function oneOfOption<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  throw configError(`${name} must be one of ${allowed.join(" | ")}, got ${JSON.stringify(value)}.`);
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  throw configError(`${name} must be a positive integer, got ${JSON.stringify(value)}.`);
}

function nonNegative(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  throw configError(`${name} must be a number of milliseconds ≥ 0, got ${JSON.stringify(value)}.`);
}

function configError(message: string): KkmsError {
  return new KkmsError({ code: INVALID_CONFIGURATION, message: `KkmsClient: ${message}`, type: "Client" });
}
