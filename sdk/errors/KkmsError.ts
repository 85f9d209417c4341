import type { ErrorType } from "../protocol/errorCatalog";

export interface KkmsErrorDetails {
  code: string;
  message: string;
  /** `Sender` (the request was wrong) or `Receiver` (the service failed); `Client` for errors raised locally. */
  type?: ErrorType | "Client";
  requestId?: string;
  /** HTTP status; 0 when no response arrived. */
  statusCode?: number;
  action?: string;
  retryable?: boolean;
  /** True when the request may have been carried out although it failed (a timeout after sending, a 5xx). */
  maybeProcessed?: boolean;
  /** The request parameter a validation error is about. */
  parameter?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

/** Every failure of the SDK: the service's answer, a network failure, or a bad argument caught before sending. */
export class KkmsError extends Error {
  readonly code: string;
  readonly type: ErrorType | "Client";
  readonly requestId: string | undefined;
  readonly statusCode: number;
  readonly action: string | undefined;
  readonly retryable: boolean;
  readonly maybeProcessed: boolean;
  readonly parameter: string | undefined;
  readonly attempts: number;

  constructor(details: KkmsErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "KkmsError";
    this.code = details.code;
    this.type = details.type ?? "Client";
    this.requestId = details.requestId;
    this.statusCode = details.statusCode ?? 0;
    this.action = details.action;
    this.retryable = details.retryable ?? false;
    this.maybeProcessed = details.maybeProcessed ?? false;
    this.parameter = details.parameter;
    this.attempts = details.attempts ?? 0;
  }

  /** A copy with some fields changed (the attempt count, maybeProcessed) — errors stay immutable. */
  with(changes: Partial<KkmsErrorDetails>): KkmsError {
    return new KkmsError({ ...this.details(), ...changes });
  }

  details(): KkmsErrorDetails {
    return {
      code: this.code,
      message: this.message,
      type: this.type,
      requestId: this.requestId,
      statusCode: this.statusCode,
      action: this.action,
      retryable: this.retryable,
      maybeProcessed: this.maybeProcessed,
      parameter: this.parameter,
      attempts: this.attempts,
      cause: this.cause,
    };
  }
}
