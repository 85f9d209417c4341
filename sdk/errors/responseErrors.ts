import { errorTypeForStatus } from "../protocol/errorCatalog";
import type { WireError } from "../protocol/errorDocument";
import { NETWORK_ERROR, REQUEST_TIMEOUT, UNEXPECTED_RESPONSE } from "./clientErrorCodes";
import { KkmsError } from "./KkmsError";
import { isRetryableStatus, isRetryableCode, isSurelyNotProcessedStatus } from "./retryableFailures";

const EXCERPT_LENGTH = 200;

/** The service's own error answer. */
export function serviceError(action: string, statusCode: number, wire: WireError): KkmsError {
  const retryable = isRetryableStatus(statusCode) || isRetryableCode(wire.code);
  return new KkmsError({
    code: wire.code,
    message: wire.message,
    type: wire.type === "Receiver" || wire.type === "Sender" ? wire.type : errorTypeForStatus(statusCode),
    requestId: wire.requestId,
    statusCode,
    action,
    retryable,
    maybeProcessed: retryable && !isSurelyNotProcessedStatus(statusCode, wire.code),
  });
}

/** A response that is not a KKMS document: keep the status and a short excerpt to show what came back. */
export function unexpectedBody(action: string, statusCode: number, text: string): KkmsError {
  const excerpt = text.replace(/\s+/g, " ").trim().slice(0, EXCERPT_LENGTH);
  const retryable = isRetryableStatus(statusCode);
  return new KkmsError({
    code: UNEXPECTED_RESPONSE,
    message: `${action} got HTTP ${statusCode} with a body that is not a KKMS answer: ${excerpt === "" ? "(empty)" : JSON.stringify(excerpt)}`,
    type: errorTypeForStatus(statusCode),
    statusCode,
    action,
    retryable,
    maybeProcessed: statusCode >= 500 || statusCode === 200,
  });
}

/** A 200 whose document lacks what the action must return. */
export function unexpectedResponse(action: string, detail: string, requestId?: string): KkmsError {
  return new KkmsError({
    code: UNEXPECTED_RESPONSE,
    message: `${action}: ${detail}`,
    type: "Receiver",
    requestId,
    statusCode: 200,
    action,
    maybeProcessed: true,
  });
}

// Failures where the request surely never reached the service: safe to repeat even when not idempotent.
const NOT_SENT_ERRNOS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const RETRYABLE_ERRNOS = new Set([
  ...NOT_SENT_ERRNOS,
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ESOCKETTIMEDOUT",
]);

/** No response: connection refused or reset, DNS failure, or the per-attempt timeout. */
export function networkError(action: string, cause: unknown, timedOut: boolean): KkmsError {
  const errno = errnoOf(cause);
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new KkmsError({
    code: timedOut ? REQUEST_TIMEOUT : NETWORK_ERROR,
    message: timedOut ? `${action} timed out: ${reason}` : `${action} failed before any answer: ${reason}`,
    type: "Client",
    action,
    retryable: timedOut || (errno !== undefined && RETRYABLE_ERRNOS.has(errno)),
    maybeProcessed: !(errno !== undefined && NOT_SENT_ERRNOS.has(errno)),
    cause,
  });
}

function errnoOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}
