import axios, { type AxiosInstance } from "axios";
import type * as http from "http";
import type * as https from "https";
import type { HttpRequest } from "./buildHttpRequest";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

export interface HttpTransport {
  send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse>;
}

/** Thrown when no response arrived; `timedOut` tells a timeout from a connection failure. */
export class TransportError extends Error {
  constructor(
    cause: Error,
    readonly timedOut: boolean,
  ) {
    super(cause.message, { cause });
    this.name = "TransportError";
  }
}

/** axios, configured to hand back every status and the raw text, never to follow redirects or parse. */
export function createAxiosTransport(agents: {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}): HttpTransport {
  const instance: AxiosInstance = axios.create({
    httpAgent: agents.httpAgent,
    httpsAgent: agents.httpsAgent,
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    proxy: false,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
  });
  return {
    async send(request, timeoutMs) {
      try {
        const response = await instance.request<string>({
          method: request.method,
          url: request.url,
          headers: request.headers,
          data: request.method === "POST" ? request.body : undefined,
          timeout: timeoutMs,
        });
        return {
          status: response.status,
          headers: flattenHeaders(response.headers),
          text: String(response.data ?? ""),
        };
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new TransportError(causeOf(err), code === "ETIMEDOUT" || code === "ECONNABORTED");
      }
    },
  };
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name.toLowerCase()] = Array.isArray(value)
      ? value.join(", ")
      : value === undefined
        ? undefined
        : String(value);
  }
  return flat;
}

/**
 * Only the message and errno survive: axios errors hold the request config, whose URL can carry parameters
 * (a plaintext, with the simplified signature the access key) that must never reach a log through `cause`.
 */
function causeOf(err: unknown): Error {
  const inner = (err as { cause?: unknown }).cause;
  const source =
    inner instanceof Error && typeof (inner as { code?: unknown }).code === "string" ? inner : err;
  const message = source instanceof Error ? source.message : String(source);
  const code = (source as { code?: unknown }).code ?? (err as { code?: unknown }).code;
  return Object.assign(new Error(message), typeof code === "string" ? { code } : {});
}
