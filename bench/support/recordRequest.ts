import * as http from "http";
import * as net from "net";
import type { AddressInfo } from "net";
import type { ReplayRequest } from "./loadTypes";

/**
 * The exact request a sender makes: it is handed an agent whose every connection goes to a recorder, which keeps
 * the bytes and answers 503. The sender still names (and signs) the real endpoint's host.
 */
export async function recordRequest(send: (agent: http.Agent) => Promise<unknown>): Promise<ReplayRequest> {
  let recorded: ReplayRequest | undefined;
  const recorder = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      recorded = {
        method: request.method as "GET" | "POST",
        path: request.url ?? "/",
        headers: lowerCaseHeaders(request.rawHeaders),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      response.writeHead(503, { Connection: "close" }).end();
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
  const agent = new RedirectingAgent((recorder.address() as AddressInfo).port);
  try {
    await send(agent).catch(() => undefined);
  } finally {
    agent.destroy();
    recorder.close();
  }
  if (!recorded) throw new Error("nothing reached the recorder");
  return recorded;
}

function lowerCaseHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
  return headers;
}

/** Connects every request to the recorder, whatever host the request names. */
class RedirectingAgent extends http.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
  }

  override createConnection(): net.Socket {
    return net.createConnection({ host: "127.0.0.1", port: this.port });
  }
}
