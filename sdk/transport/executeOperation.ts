import type { ResolvedClientConfig } from "../config";
import { isThrottled } from "../errors/guards";
import { KkmsError } from "../errors/KkmsError";
import { networkError, serviceError, unexpectedBody } from "../errors/responseErrors";
import type { Operation } from "../operations";
import { readWireError } from "../protocol/errorDocument";
import { decodeResponseDocument } from "../protocol/responseDocument";
import { decideRetry, parseRetryAfter } from "../retry";
import type { QueryParameter } from "../signing/getCanonicalQuery";
import type { Credentials } from "../signing/types";
import { buildHttpRequest } from "./buildHttpRequest";
import { TransportError, type HttpResponse, type HttpTransport } from "./sendHttpRequest";

export interface OperationCall<Result> {
  config: ResolvedClientConfig;
  transport: HttpTransport;
  operation: Operation<unknown, Result> | Operation<never, Result>;
  parameters: readonly QueryParameter[];
  credentials: Credentials;
}

/** Sends, decodes and retries one call until it succeeds or the retry policy says stop. */
export async function executeOperation<Result>(call: OperationCall<Result>): Promise<Result> {
  const { config, operation } = call;
  let throttledAttempts = 0;
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const outcome = await attemptOnce(call);
    const durationMs = Date.now() - started;
    if (outcome.ok) {
      log(config, "kkms call succeeded", { action: operation.action, attempt, outcome, durationMs });
      return outcome.result;
    }
    if (isThrottled(outcome.error)) throttledAttempts++;
    const decision = decideRetry(outcome.error, {
      attempt,
      throttledAttempts,
      idempotent: operation.idempotent,
      policy: config.retryPolicy,
      retryAfterMs: outcome.retryAfterMs,
      random: config.random,
    });
    const retryInMs = decision.retry ? decision.delayMs : undefined;
    log(config, "kkms call failed", { action: operation.action, attempt, outcome, durationMs, retryInMs });
    if (!decision.retry) throw outcome.error.with({ attempts: attempt });
    await config.sleep(decision.delayMs);
  }
}

type Outcome<Result> =
  | { ok: true; result: Result; status: number; requestId?: string; method: string }
  | { ok: false; error: KkmsError; status?: number; retryAfterMs?: number; method: string };

async function attemptOnce<Result>(call: OperationCall<Result>): Promise<Outcome<Result>> {
  const { config, operation } = call;
  const request = buildHttpRequest(config, operation, call.parameters, call.credentials, config.clock());
  let response: HttpResponse;
  try {
    response = await call.transport.send(request, config.timeoutMs);
  } catch (err) {
    const timedOut = err instanceof TransportError && err.timedOut;
    const cause = err instanceof TransportError ? err.cause : err;
    return { ok: false, error: networkError(operation.action, cause, timedOut), method: request.method };
  }
  return interpretResponse(call, response, request.method);
}

function interpretResponse<Result>(
  call: OperationCall<Result>,
  response: HttpResponse,
  method: string,
): Outcome<Result> {
  const { action } = call.operation;
  const document = decodeResponseDocument(response.contentType, response.text);
  const failure = (error: KkmsError): Outcome<Result> => ({
    ok: false,
    error,
    status: response.status,
    retryAfterMs: parseRetryAfter(response.retryAfter, call.config.clock()),
    method,
  });
  if (!document) return failure(unexpectedBody(action, response.status, response.text));
  const wireError = readWireError(document);
  if (response.status !== 200 || wireError) {
    if (!wireError) return failure(unexpectedBody(action, response.status, response.text));
    return failure(serviceError(action, response.status === 200 ? 500 : response.status, wireError));
  }
  try {
    const result = call.operation.toResult(document.body) as Result;
    return {
      ok: true,
      result,
      status: response.status,
      requestId: (result as { requestId?: string }).requestId,
      method,
    };
  } catch (err) {
    if (err instanceof KkmsError) return failure(err);
    throw err;
  }
}

interface LogInput<Result> {
  action: string;
  attempt: number;
  outcome: Outcome<Result>;
  durationMs: number;
  retryInMs?: number;
}

function log<Result>(config: ResolvedClientConfig, message: string, input: LogInput<Result>): void {
  const { outcome } = input;
  config.logger.debug(message, {
    action: input.action,
    attempt: input.attempt,
    method: outcome.method,
    status: outcome.status,
    code: outcome.ok ? undefined : outcome.error.code,
    requestId: outcome.ok ? outcome.requestId : outcome.error.requestId,
    durationMs: input.durationMs,
    retryInMs: input.retryInMs,
  });
}
