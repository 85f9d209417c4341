import { randomUUID } from "crypto";
import * as http from "http";
import type { Duplex } from "stream";
import type { Socket } from "net";
import { malformedRequest, requestTimeout, type ApiError } from "../errors";
import type { ConnectionLimiter } from "./connectionLimiter";
import { renderError, XML_CONTENT_TYPE } from "./responses";

/** Added to the header and body timeouts for Node's whole-request limit, a backstop behind readBody's timer. */
export const BACKSTOP_SLACK_MS = 1000;

export interface SocketAnswerContext {
  connections: ConnectionLimiter;
  headerTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** Node's whole-request limit: readBody times a body itself, so this fires only for bodies nobody reads. */
export function requestBackstopMs(context: SocketAnswerContext): number {
  return context.headerTimeoutMs + context.bodyTimeoutMs + BACKSTOP_SLACK_MS;
}

/**
 * Requests Node's HTTP parser refuses (bad bytes in the URL, broken headers or chunks) still get a KKMS error
 * document; so do requests that did not arrive in time (408: headers past the header timeout, or a request
 * nobody reads past Node's whole-request backstop). Once an answer has begun on the socket nothing more can be
 * written into it: the socket is just closed.
 */
export function answerClientError(
  context: SocketAnswerContext,
  err: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (context.connections.isAnswering(socket)) {
    socket.destroy();
    return;
  }
  if (err.code !== "ERR_HTTP_REQUEST_TIMEOUT") {
    answerOnSocket(socket, malformedRequest(err.code ?? "HPE_INVALID"));
    return;
  }
  const limitMs = context.connections.isBusy(socket) ? requestBackstopMs(context) : context.headerTimeoutMs;
  answerOnSocket(socket, requestTimeout(limitMs));
}

/** An XML error document written straight to the socket, which is then closed. */
export function answerOnSocket(socket: Duplex, error: ApiError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const rendered = renderError("xml", randomUUID(), error);
  const body = Buffer.from(rendered.body, "utf8");
  socket.end(
    `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status]}\r\n` +
      `Content-Type: ${XML_CONTENT_TYPE}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n` +
      body.toString("utf8"),
  );
}
