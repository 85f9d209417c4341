import * as http from "http";
import * as net from "net";
import { decodeResponseDocument } from "../../../sdk/protocol/responseDocument";

/**
 * Sending requests that no well-behaved client would send. Well-formed HTTP goes through node:http with a
 * keep-alive agent (fast: thousands of requests on a few sockets); bytes node:http refuses to send (control
 * characters, bare CR or LF, broken framing) go over a raw TCP socket, one connection each.
 */
export interface WireRequest {
  method: string;
  /** The request target exactly as sent: `/?Action=...`. */
  target: string;
  /** In order; a name may repeat. */
  headers: [string, string][];
  body?: Buffer | string;
}

export interface WireAnswer {
  /** 0 when no answer came back. */
  status: number;
  headers: Record<string, string>;
  text: string;
  code?: string;
  type?: string;
  message?: string;
  requestId?: string;
  /** Why no answer came back. */
  failure?: string;
  /** Further answers on the same connection (a smuggled second request gets one). */
  extra?: WireAnswer[];
}

const ANSWER_TIMEOUT_MS = 15_000;

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

export function sendHttp(url: string, request: WireRequest, agent: http.Agent): Promise<WireAnswer> {
  const endpoint = new URL(url);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolve(noAnswer("timeout"));
    }, ANSWER_TIMEOUT_MS);
    const req = http.request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: request.method,
        path: request.target,
        headers: withLength(request).flat(),
        setHost: false,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          clearTimeout(timer);
          resolve(answerOf(res.statusCode ?? 0, flatHeaders(res.headers), Buffer.concat(chunks)));
        });
        res.on("error", (err) => {
          clearTimeout(timer);
          resolve(noAnswer(`response: ${err.message}`));
        });
      },
    );
    req.on("error", (err) => {
      clearTimeout(timer);
      resolve(noAnswer(`request: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    req.end(request.body);
  });
}

/** node:http chunks a body sent with array headers unless told its length. */
function withLength(request: WireRequest): [string, string][] {
  const framed = request.headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (framed || request.body === undefined) return request.headers;
  return [...request.headers, ["content-length", String(Buffer.byteLength(request.body))]];
}

/** Writes the bytes, half-closes, and reads until the server closes; then parses the one answer. */
export function sendRaw(url: string, bytes: Buffer): Promise<WireAnswer> {
  const endpoint = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(endpoint.port), endpoint.hostname);
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = "timeout";
      socket.destroy();
    }, ANSWER_TIMEOUT_MS);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer arrived is normal for a request the server refused mid-body.
    socket.on("error", (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message));
    socket.on("close", () => {
      clearTimeout(timer);
      const received = Buffer.concat(chunks);
      if (received.length === 0) return resolve(noAnswer(error ?? "closed without answer"));
      const [first, ...extra] = parseRawAnswers(received);
      resolve(extra.length > 0 ? { ...first, extra } : first);
    });
    socket.end(bytes);
  });
}

/** Every HTTP answer in the bytes, `100 Continue`s skipped. */
export function parseRawAnswers(received: Buffer): WireAnswer[] {
  const answers: WireAnswer[] = [];
  let rest = received;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) {
      answers.push(noAnswer(`unparsable answer: ${JSON.stringify(rest.toString("latin1").slice(0, 80))}`));
      break;
    }
    const [statusLine, ...lines] = rest.subarray(0, end).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const body = rest.subarray(end + 4);
    const length = headers["content-length"] === undefined ? body.length : Number(headers["content-length"]);
    rest = body.subarray(length);
    if (status < 100 || status >= 200) answers.push(answerOf(status, headers, body.subarray(0, length)));
  }
  return answers;
}

function answerOf(status: number, headers: Record<string, string>, body: Buffer): WireAnswer {
  const text = body.toString("utf8");
  const document = decodeResponseDocument(headers["content-type"], text);
  const error = document?.body.Error as Record<string, string> | undefined;
  const requestId = document?.body.RequestId;
  return {
    status,
    headers,
    text,
    code: error?.Code,
    type: error?.Type,
    message: error?.Message,
    requestId: typeof requestId === "string" ? requestId : undefined,
  };
}

function noAnswer(failure: string): WireAnswer {
  return { status: 0, headers: {}, text: "", failure };
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(", ") : String(value),
    ]),
  );
}

/** `METHOD target HTTP/1.1`, the headers, a blank line and the body, as bytes. */
export function rawRequestBytes(request: WireRequest): Buffer {
  const head =
    `${request.method} ${request.target} HTTP/1.1\r\n` +
    request.headers.map(([name, value]) => `${name}: ${value}\r\n`).join("") +
    "\r\n";
  return Buffer.concat([Buffer.from(head, "latin1"), Buffer.from(request.body ?? "")]);
}

/** Runs `work` over the items with at most `limit` running at once; results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
