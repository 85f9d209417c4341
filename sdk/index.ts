/**
 * pulumi-kkms/sdk — a client of Kingsoft Cloud's Key Management Service (KKMS OpenAPI, Version 2016-03-04).
 */
export { KkmsClient } from "./client";
export {
  resolveClientConfig,
  DEFAULT_ENDPOINT,
  DEFAULT_REGION,
  ENV,
  type KkmsClientOptions,
  type ResolvedClientConfig,
  type SignatureVersion,
  type HttpMethod,
} from "./config";
export * from "./errors";
export * from "./types";
export type { KkmsLogger, KkmsLogEvent } from "./logger";
export {
  decideRetry,
  fullJitterDelay,
  parseRetryAfter,
  type RetryOptions,
  type RetryPolicy,
  type RetryDecision,
} from "./retry";
export type { Credentials } from "./signing/types";
export * as signing from "./signing";
export * as protocol from "./protocol";
export { OPERATIONS, type Operation } from "./operations";
export { KNOWN_REGIONS } from "./regions";
