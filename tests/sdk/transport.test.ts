import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import type { AddressInfo } from "net";
import * as util from "util";
import * as zlib from "zlib";
import { isKkmsError, KkmsClient, type KkmsError } from "../../sdk";

/**
 * The transport under the client: axios's node:http adapter over the client's keep-alive agents. These tests
 * use a real server on 127.0.0.1:0 and look at what reaches it (connections, headers) and what comes back.
 */
const CREDENTIALS = { accessKeyId: "AK-transport", secretAccessKey: "SK-transport-secret" };
const ENCRYPT_ANSWER = { RequestId: "req-1", KeyId: "k1", CiphertextBlob: "Y2lwaGVy" };

interface TestServer {
  url: string;
  connections: number;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: KkmsClient[] = [];

afterEach(async () => {
  jest.restoreAllMocks();
  clients.splice(0).forEach((client) => client.destroy());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request);
    request.resume();
    request.on("end", () => answer(request, response));
  });
  const state: TestServer = {
    url: "",
    connections: 0,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(state);
  return state;
}

function json(response: http.ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function clientOf(url: string, maxAttempts = 1): KkmsClient {
  const client = new KkmsClient({ endpoint: url, credentials: CREDENTIALS, maxAttempts, env: {} });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<KkmsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKkmsError(error)) throw new Error(`expected a KkmsError, got ${String(error)}`);
  return error;
}

test("sequential calls share one keep-alive connection; concurrent ones one each", async () => {
  const server = await serve((_request, response) => json(response, ENCRYPT_ANSWER));
  const client = clientOf(server.url);
  for (let i = 0; i < 20; i++) await client.encrypt({ keyId: "k1", plaintext: "p" });
  expect(server.connections).toBe(1);

  await Promise.all(Array.from({ length: 4 }, () => client.encrypt({ keyId: "k1", plaintext: "p" })));
  expect(server.connections).toBeLessThanOrEqual(4);
  expect(server.requests).toHaveLength(24);
  expect(server.requests.every((request) => request.headers.connection === "keep-alive")).toBe(true);
});

test("TCP keep-alive is set once per socket, not re-armed on every call", async () => {
  // axios sets (true, 60 s) on each request's socket and the agent (true, keepAliveMsecs) on each free one: when
  // the two differ, node:net makes a setsockopt call for every one of them.
  const delaysBySocket = new Map<net.Socket, Set<number>>();
  const original = net.Socket.prototype.setKeepAlive;
  jest.spyOn(net.Socket.prototype, "setKeepAlive").mockImplementation(function (
    this: net.Socket,
    enable?: boolean,
    initialDelay?: number,
  ) {
    const delays = delaysBySocket.get(this) ?? new Set<number>();
    delays.add(enable ? Math.floor((initialDelay ?? 0) / 1000) : -1);
    delaysBySocket.set(this, delays);
    return original.call(this, enable, initialDelay);
  });
  const server = await serve((_request, response) => json(response, ENCRYPT_ANSWER));
  const client = clientOf(server.url);
  for (let i = 0; i < 5; i++) await client.encrypt({ keyId: "k1", plaintext: "p" });

  const clientSockets = [...delaysBySocket].filter(([socket]) => socket.remotePort !== undefined);
  expect(clientSockets.length).toBeGreaterThan(0);
  for (const [, delays] of clientSockets) expect([...delays]).toHaveLength(1);
});

test("a gzip-compressed answer is decompressed", async () => {
  const server = await serve((request, response) => {
    const accepts = String(request.headers["accept-encoding"] ?? "");
    if (!accepts.includes("gzip")) return json(response, { RequestId: "r", Error: { Code: "NoGzip" } }, 400);
    response
      .writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
      .end(zlib.gzipSync(JSON.stringify(ENCRYPT_ANSWER)));
  });
  await expect(clientOf(server.url).encrypt({ keyId: "k1", plaintext: "p" })).resolves.toMatchObject({
    requestId: "req-1",
    keyId: "k1",
    ciphertextBlob: "Y2lwaGVy",
  });
});

test("a redirect is not followed: its status comes back as an unexpected answer", async () => {
  const server = await serve((_request, response) => {
    response.writeHead(301, { location: "http://127.0.0.1:1/elsewhere" }).end();
  });
  const error = await failure(clientOf(server.url).describeKeys());
  expect(error.statusCode).toBe(301);
  expect(server.requests).toHaveLength(1);
});

test("a failed request's error holds no part of the request: no signature, credential or plaintext", async () => {
  const server = await serve((request) => request.socket.destroy());
  const plaintext = "plaintext that must not leak";
  const error = await failure(clientOf(server.url).encrypt({ keyId: "k1", plaintext }));
  expect(error.code).toBe("NetworkError");
  const shown = util.inspect(error, { depth: 10, showHidden: true }) + JSON.stringify(error);
  const sent = server.requests[0];
  const signature = /Signature=([0-9a-f]+)/.exec(String(sent.headers.authorization))?.[1];
  expect(signature).toBeDefined();
  for (const secret of [
    signature as string,
    CREDENTIALS.accessKeyId,
    CREDENTIALS.secretAccessKey,
    Buffer.from(plaintext).toString("base64"),
  ]) {
    expect(shown).not.toContain(secret);
  }
});

test("an answer whose body stalls is cut off by the attempt's deadline and reported as RequestTimeout", async () => {
  let closed: Promise<void> = Promise.resolve();
  const server = await serve((request, response) => {
    closed = new Promise((resolve) => request.socket.once("close", () => resolve()));
    response.writeHead(200, { "content-type": "application/json", "content-length": "500" });
    response.write('{"RequestId":"stalled",'); // and never the rest
  });
  const client = new KkmsClient({
    endpoint: server.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    timeoutMs: 200,
    env: {},
  });
  clients.push(client);
  const error = await failure(client.describeKeys());
  expect(error).toMatchObject({ code: "RequestTimeout", statusCode: 0 });
  expect(error.message).toContain("timeout of 200ms exceeded");
  await closed; // the stalled connection is closed, not left to the pool
});

describe("an https endpoint", () => {
  let dir: string;
  let server: https.Server;
  let endpoint: string;
  let cert: Buffer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-transport-tls-"));
    const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    // A certificate for 127.0.0.1 made for this test alone.
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
        ...["-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=127.0.0.1"],
        ...["-addext", "subjectAltName=IP:127.0.0.1"],
      ],
      { stdio: "pipe" },
    );
    cert = fs.readFileSync(certFile);
    server = https.createServer({ key: fs.readFileSync(keyFile), cert }, (request, response) => {
      request.resume();
      request.on("end", () => json(response, ENCRYPT_ANSWER));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("is reached over TLS through the client's https agent", async () => {
    const client = new KkmsClient({
      endpoint,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      env: {},
      httpsAgent: new https.Agent({ keepAlive: true, ca: cert }),
    });
    clients.push(client);
    await expect(client.encrypt({ keyId: "k1", plaintext: "p" })).resolves.toMatchObject({ keyId: "k1" });
  });

  test("with a certificate the agent does not trust fails, never falling back to trusting it", async () => {
    const error = await failure(clientOf(endpoint).encrypt({ keyId: "k1", plaintext: "p" }));
    expect(error.code).toBe("NetworkError");
    expect(error.message).toMatch(/self[- ]signed certificate/);
  });
});
