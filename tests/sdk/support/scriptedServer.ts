import * as http from "http";
import type { AddressInfo } from "net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Drop the connection without answering (a reset). */
  destroy?: boolean;
  /** Wait before answering (to provoke client timeouts). */
  delayMs?: number;
}

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1:0 that answers from a script (the last entry repeats) and records every
 * request, so tests can count what the client sent — for answers kkms-local never gives (proxy pages, quirks).
 */
export async function startScriptedServer(
  script: ScriptedResponse[] | ((request: RecordedRequest, index: number) => ScriptedResponse),
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(recorded);
      const index = requests.length - 1;
      const answer =
        typeof script === "function" ? script(recorded, index) : script[Math.min(index, script.length - 1)];
      setTimeout(() => respond(res, answer), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(res: http.ServerResponse, answer: ScriptedResponse): void {
  if (answer.destroy) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(answer.status ?? 200, answer.headers ?? {});
  res.end(answer.body ?? "");
}

export function xmlAnswer(body: string, status = 200): ScriptedResponse {
  return { status, headers: { "content-type": "text/xml; charset=utf-8" }, body };
}

export function jsonAnswer(body: unknown, status = 200): ScriptedResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

export function kkmsErrorAnswer(status: number, code: string, message = code): ScriptedResponse {
  return jsonAnswer(
    {
      RequestId: `req-${code}`,
      Error: { Type: status >= 500 ? "Receiver" : "Sender", Code: code, Message: message },
    },
    status,
  );
}

/** The Action parameter, from the query or the form body. */
export function actionOf(request: RecordedRequest): string | undefined {
  const fromQuery = new URL(request.url, "http://x").searchParams.get("Action");
  return fromQuery ?? new URLSearchParams(request.body).get("Action") ?? undefined;
}
