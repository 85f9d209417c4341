import { THROTTLING_CODES, TRANSIENT_CODES } from "../protocol/errorCatalog";

/** 409 (the seed's LimitExceeded) and every 5xx are worth another attempt; other 4xx never are. */
export function isRetryableStatus(status: number): boolean {
  return status === 409 || status === 429 || status >= 500;
}

export function isRetryableCode(code: string): boolean {
  return THROTTLING_CODES.has(code) || TRANSIENT_CODES.has(code);
}

/** A throttled request was refused before any work was done. */
export function isSurelyNotProcessedStatus(status: number, code: string): boolean {
  return status === 409 || status === 429 || THROTTLING_CODES.has(code);
}
