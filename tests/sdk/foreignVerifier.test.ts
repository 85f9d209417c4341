import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import * as aws4 from "aws4";
import { KkmsClient, type KkmsClientOptions } from "../../sdk";
import { SEED_SAMPLES } from "./fixtures/seedSamples";
import {
  actionOf,
  startScriptedServer,
  xmlAnswer,
  type RecordedRequest,
  type ScriptedServer,
} from "./support/scriptedServer";

/**
 * Every request our client signs is checked by two signers written by others — AWS SDK v3's
 * @smithy/signature-v4 and mhart's aws4 — recomputing the signature from what arrived on the wire.
 */
const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const REGION = "cn-shanghai-2";
const NOW = new Date("2026-11-27T02:40:09Z");
const NASTY = "a b&c=d/ü+%2B*~'()!#?[]@$,;:中文🔑\"<>\\^`{|}";

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer((request) => {
    const action = actionOf(request);
    if (action === "DescribeKeys") return xmlAnswer(SEED_SAMPLES.DescribeKeys);
    if (action === "Encrypt") return xmlAnswer(SEED_SAMPLES.Encrypt);
    return xmlAnswer(SEED_SAMPLES.CreateKey);
  });
});

afterAll(() => server.close());

function client(options: Partial<KkmsClientOptions>): KkmsClient {
  return new KkmsClient({
    endpoint: server.url,
    region: REGION,
    credentials: CREDENTIALS,
    clock: () => NOW,
    ...options,
  });
}

async function lastRequestOf(
  call: (c: KkmsClient) => Promise<unknown>,
  options: Partial<KkmsClientOptions>,
): Promise<RecordedRequest> {
  const c = client(options);
  await call(c);
  c.destroy();
  return server.requests[server.requests.length - 1];
}

function decodedQuery(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(url, "http://x").searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return query;
}

function authorizationParts(header: string): { signedHeaders: string; signature: string } {
  const match = /SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(header);
  if (!match) throw new Error(`unexpected Authorization header: ${header}`);
  return { signedHeaders: match[1], signature: match[2] };
}

async function smithySignature(recorded: RecordedRequest, signedHeaders: string): Promise<string> {
  const signer = new SignatureV4({
    service: "kkms",
    region: REGION,
    credentials: CREDENTIALS,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(";")) headers[name] = String(recorded.headers[name]);
  const [hostname, port] = String(recorded.headers.host).split(":");
  const request = new HttpRequest({
    method: recorded.method,
    protocol: "http:",
    hostname,
    port: Number(port),
    path: recorded.url.split("?")[0],
    query: decodedQuery(recorded.url),
    headers,
    body: recorded.body,
  });
  const signingDate = new Date(NOW);
  const signed = await signer.sign(request, { signingDate });
  return authorizationParts(String(signed.headers.authorization)).signature;
}

function aws4Signature(recorded: RecordedRequest): string {
  const options = {
    host: String(recorded.headers.host),
    path: recorded.url,
    method: recorded.method,
    service: "kkms",
    region: REGION,
    headers: { "X-Amz-Date": String(recorded.headers["x-amz-date"]) },
    doNotEncodePath: true,
  };
  const signed = aws4.sign(options, CREDENTIALS) as { headers: Record<string, string> };
  return authorizationParts(signed.headers.Authorization).signature;
}

const CALLS: [string, (c: KkmsClient) => Promise<unknown>][] = [
  [
    "CreateKey with unicode and reserved characters",
    (c) => c.createKey({ keyName: NASTY, description: `desc ${NASTY}` }),
  ],
  ["DescribeKeys with several ids", (c) => c.describeKeys({ keyIds: ["k-2", "k 1", NASTY] })],
  [
    "Encrypt (a plaintext always goes as POST)",
    (c) => c.encrypt({ keyId: NASTY, plaintext: Buffer.from([0xfb, 0xff, 0x00, 0x3e]) }),
  ],
];

describe.each(["GET", "POST"] as const)("header-signed %s requests", (method) => {
  test.each(CALLS)("%s verify with @smithy/signature-v4", async (_name, call) => {
    const recorded = await lastRequestOf(call, { method });
    const { signedHeaders, signature } = authorizationParts(String(recorded.headers.authorization));
    expect(signedHeaders).toBe("host;x-amz-date");
    expect(recorded.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
    await expect(smithySignature(recorded, signedHeaders)).resolves.toBe(signature);
  });
});

describe("header-signed GET requests", () => {
  test.each(CALLS.slice(0, 2))("%s verify with aws4", async (_name, call) => {
    const recorded = await lastRequestOf(call, { method: "GET" });
    expect(recorded.method).toBe("GET");
    expect(aws4Signature(recorded)).toBe(
      authorizationParts(String(recorded.headers.authorization)).signature,
    );
  });

  test("a tampered request no longer verifies", async () => {
    const recorded = await lastRequestOf(CALLS[0][1], { method: "GET" });
    const tampered = { ...recorded, url: recorded.url.replace("KeyName=a", "KeyName=b") };
    const { signedHeaders, signature } = authorizationParts(String(recorded.headers.authorization));
    await expect(smithySignature(tampered, signedHeaders)).resolves.not.toBe(signature);
  });
});

describe("presigned (query-string) requests", () => {
  test.each(CALLS.slice(0, 2))("%s verify with @smithy/signature-v4's presign", async (_name, call) => {
    const recorded = await lastRequestOf(call, { signatureVersion: "v4-query" });
    const query = decodedQuery(recorded.url);
    expect(query["X-Amz-SignedHeaders"]).toBe("host");
    expect(recorded.headers.authorization).toBeUndefined();
    const signer = new SignatureV4({
      service: "kkms",
      region: REGION,
      credentials: CREDENTIALS,
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false,
    });
    const unsignedQuery = Object.fromEntries(
      Object.entries(query).filter(([name]) => !name.startsWith("X-Amz-")),
    );
    const [hostname, port] = String(recorded.headers.host).split(":");
    const presigned = await signer.presign(
      new HttpRequest({
        method: recorded.method,
        protocol: "http:",
        hostname,
        port: Number(port),
        path: "/",
        query: unsignedQuery,
        headers: { host: String(recorded.headers.host) },
      }),
      { signingDate: NOW, expiresIn: Number(query["X-Amz-Expires"]) },
    );
    expect(presigned.query?.["X-Amz-Signature"]).toBe(query["X-Amz-Signature"]);
  });
});
