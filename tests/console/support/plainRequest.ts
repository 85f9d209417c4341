import * as http from "http";

export interface PlainRequest {
  method?: string;
  path: string;
  /** Sent exactly; `host` defaults to the URL's, and `host: null` sends none. */
  headers?: Record<string, string | null>;
  body?: string;
}

export interface PlainResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The KKMS error document's `Error`, if the body is one. */
  error?: { Type: string; Code: string; Message: string };
}

/** One request with exactly these headers, over its own connection: what a browser, curl or a rebinding page sends. */
export function plainRequest(url: string, request: PlainRequest): Promise<PlainResponse> {
  const endpoint = new URL(url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ host: endpoint.host, ...request.headers })) {
    if (value !== null) headers[name] = value;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: request.method ?? "GET",
        path: request.path,
        headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve(toResponse(res, text)));
      },
    );
    req.on("error", reject);
    req.end(request.body ?? "");
  });
}

function toResponse(res: http.IncomingMessage, text: string): PlainResponse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const error = (json as { Error?: PlainResponse["error"] } | undefined)?.Error;
  return { status: res.statusCode ?? 0, headers: res.headers, text, json, ...(error ? { error } : {}) };
}

/** GET of an admin endpoint as curl sends it; fails the test unless it answers 200. */
export async function readAdmin<T>(url: string, path: string): Promise<T> {
  const response = await plainRequest(url, { path });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
  return response.json as T;
}
