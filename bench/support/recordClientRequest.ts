import * as http from "http";
import * as net from "net";
import type { AddressInfo } from "net";
import { KkmsClient } from "pulumi-kkms/sdk";
import { BENCH_KEY_ID, CREDENTIALS, PLAINTEXT, REGION } from "./kkmsRequests";
import type { ReplayRequest } from "./loadTypes";

/** Headers autocannon writes itself: replaying them too would send them twice. */
const SET_BY_LOAD_GENERATOR = new Set(["content-length", "connection"]);

/**
 * The exact request KkmsClient sends for `encrypt` to `endpoint`: the client is pointed at the real endpoint (so
 * it signs the right Host), but its agent's connection goes to a recorder that keeps the bytes and answers 503.
 */
export async function recordEncryptRequest(endpoint: string): Promise<ReplayRequest> {
  let recorded: ReplayRequest | undefined;
  const recorder = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      recorded = {
        method: request.method as "GET" | "POST",
        path: request.url ?? "/",
        headers: replayHeaders(request.rawHeaders),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      response.writeHead(503, { Connection: "close" }).end();
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
  const port = (recorder.address() as AddressInfo).port;
  const client = new KkmsClient({
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    httpAgent: new RedirectingAgent(port),
  });
  try {
    await client.encrypt({ keyId: BENCH_KEY_ID, plaintext: PLAINTEXT }).catch(() => undefined);
  } finally {
    recorder.close();
  }
  if (!recorded) throw new Error("KkmsClient sent nothing to the recorder");
  return recorded;
}

function replayHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!SET_BY_LOAD_GENERATOR.has(rawHeaders[i].toLowerCase())) headers[rawHeaders[i]] = rawHeaders[i + 1];
  }
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
