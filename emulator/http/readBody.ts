import type { IncomingMessage } from "http";
import { malformedRequest, requestTimeout, requestTooLarge } from "../errors";

const EMPTY_BODY = Buffer.alloc(0);

/** Refusals that leave part of the body unread on the wire: the answer closes the connection. */
export const BODY_LEFT_UNREAD: ReadonlySet<string> = new Set([
  "RequestEntityTooLarge",
  "RequestTimeout",
  "MalformedRequest",
]);

/**
 * The whole body, or RequestEntityTooLarge as soon as it (or its declared Content-Length) passes the limit, or
 * RequestTimeout when it has not all arrived within `timeoutMs` (a stalled upload would otherwise hold the
 * connection for minutes). Reading stops there; the caller answers and closes the connection.
 */
export function readBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  // HTTP/1.1 (RFC 9112 §6.3): a request with neither header has no body, and Node's parser reads none. Every
  // GET is one: skip the listeners and the wait for "end". Node drains the stream itself after the answer.
  if (!hasBody(request)) return Promise.resolve(EMPTY_BODY);
  const declared = Number(request.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(requestTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(requestTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    // The client went away mid-body: answer something well-formed, though nobody may read it.
    const onError = () => {
      cleanup();
      reject(malformedRequest("the body could not be read"));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(requestTimeout(timeoutMs));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}

function hasBody(request: IncomingMessage): boolean {
  return (
    request.headers["content-length"] !== undefined || request.headers["transfer-encoding"] !== undefined
  );
}
