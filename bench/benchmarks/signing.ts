import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import * as aws4 from "aws4";
import { protocol, signing, type Credentials } from "pulumi-kkms/sdk";
import type { Benchmark } from "../benchmark";
import type { BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Table } from "../report";
import { elapsedMs, figure, nowNs, ratioFigure, runRounds } from "../stats";

/**
 * Signing: our SigV4 signer (signRequestV4, what KkmsClient calls for every request) against AWS SDK v3's
 * @smithy/signature-v4 and aws4, on the same KKMS requests, with the signing key cached and not.
 */

const HOST = "kkms.api.ksyun.com";
const REGION = "cn-beijing-6";
const SERVICE = "kkms";
const KEY_ID = "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7";
const ACCESS_KEY_ID = "AKLTBENCHSIGNING";
/**
 * More distinct secrets than any of the three caches holds (ours 64, smithy 50, aws4 an LRU of 1000), cycled in
 * order: every signature then derives its key afresh, in all three.
 */
const UNCACHED_SECRETS = 2048;

type Signer = "ours" | "smithy" | "aws4";
const SIGNERS: readonly Signer[] = ["ours", "smithy", "aws4"];

interface KkmsRequest {
  name: "GET DescribeKeys" | "POST Encrypt";
  method: "GET" | "POST";
  query: [string, string][];
  headers: Record<string, string>;
  body: string;
}

interface Scenario {
  request: KkmsRequest;
  cached: boolean;
}

/** One signer bound to one scenario: signs once, returns the Authorization header. */
type SignOnce = (credentials: Credentials, now: Date) => string | Promise<string>;

export const benchmark: Benchmark = { order: 1, name: "signing", run: runSigningBenchmark };

async function runSigningBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const requests = kkmsRequests();
  const scenarios = requests.flatMap((request) => [
    { request, cached: true },
    { request, cached: false },
  ]);
  const sameWork = await Promise.all(scenarios.map(checkSameSignatures));
  const rows: Table["rows"] = [];
  const figures: FigureEntry[] = [];
  for (const scenario of scenarios) {
    const { row, figure } = await measureScenario(scenario, context);
    rows.push(row);
    figures.push(figure);
  }
  return {
    name: "signing",
    title: "SigV4 signing: ours vs @smithy/signature-v4 and aws4",
    sameWork: [`identical Authorization headers from all three signers in ${sameWork.length} scenarios`],
    tables: [
      {
        columns: ["request", "signing key", "ours", "@smithy/signature-v4", "aws4", "ours ÷ faster peer"],
        rows,
      },
    ],
    figures,
    notes: [
      "Each signer gets the request in its own input form, built once outside the timed loop; smithy's sign() is " +
        "async by design and is awaited one call at a time.",
      `"not cached": ${UNCACHED_SECRETS} secrets cycled, more than any signer's cache holds, so every call derives ` +
        "the signing key (four extra HMACs).",
    ],
    durationMs: elapsedMs(started),
  };
}

/** The two request shapes KkmsClient sends: a GET with every parameter in the query, a POST form body. */
function kkmsRequests(): KkmsRequest[] {
  const plaintext = Buffer.alloc(64, 7).toString("base64");
  const encryptParams: [string, string][] = [
    ["Action", "Encrypt"],
    ["Version", "2016-03-04"],
    ["KeyId", KEY_ID],
    ["Plaintext", plaintext],
  ];
  return [
    {
      name: "GET DescribeKeys",
      method: "GET",
      query: [
        ["Action", "DescribeKeys"],
        ["Version", "2016-03-04"],
        ["KeyId.1", KEY_ID],
      ],
      headers: { host: HOST, accept: "application/json" },
      body: "",
    },
    {
      name: "POST Encrypt",
      method: "POST",
      query: [],
      headers: {
        host: HOST,
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: protocol.encodeParameters(encryptParams),
    },
  ];
}

function signerFor(signer: Signer, request: KkmsRequest): SignOnce {
  if (signer === "ours") return oursSigner(request);
  if (signer === "smithy") return smithySigner(request);
  return aws4Signer(request);
}

/** What KkmsClient does per request: signRequestV4 over host and x-amz-date. */
function oursSigner(request: KkmsRequest): SignOnce {
  const signable = {
    method: request.method,
    path: "/",
    query: request.query,
    headers: request.headers,
    body: request.body,
  };
  return (credentials, now) =>
    signing.signRequestV4(signable, { credentials, region: REGION, service: SERVICE, now }).headers
      .authorization;
}

/**
 * AWS SDK v3's signer, told to sign what KKMS signs: no x-amz-content-sha256 header (applyChecksum off) and
 * accept/content-type left unsigned. Credentials come from a provider function, as in the SDK.
 */
function smithySigner(request: KkmsRequest): SignOnce {
  let current: Credentials = { accessKeyId: "", secretAccessKey: "" };
  const signer = new SignatureV4({
    credentials: () => Promise.resolve(current),
    region: REGION,
    service: SERVICE,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const httpRequest = new HttpRequest({
    method: request.method,
    protocol: "https:",
    hostname: HOST,
    path: "/",
    query: Object.fromEntries(request.query),
    headers: request.headers,
    body: request.body === "" ? undefined : request.body,
  });
  const unsignableHeaders = new Set(["accept", "content-type"]);
  return async (credentials, now) => {
    current = credentials;
    const signed = await signer.sign(httpRequest, { signingDate: now, unsignableHeaders });
    return signed.headers.authorization;
  };
}

/** aws4 with the same signed headers: its automatic content-type/-length and the Date it reads stay unsigned. */
function aws4Signer(request: KkmsRequest): SignOnce {
  const query = protocol.encodeParameters(request.query);
  const path = query === "" ? "/" : `/?${query}`;
  const extraHeadersToIgnore = { accept: true, "content-type": true, "content-length": true, date: true };
  return (credentials, now) => {
    // aws4 writes into the request object it is given, so each call gets a fresh (shallow) one.
    const options = {
      method: request.method,
      path,
      body: request.body === "" ? undefined : request.body,
      service: SERVICE,
      region: REGION,
      headers: { ...request.headers, Date: now as unknown as string },
      extraHeadersToIgnore,
    };
    const signed = aws4.sign(options, credentials);
    return String((signed.headers as Record<string, unknown>).Authorization);
  };
}

function credentialsList(cached: boolean): Credentials[] {
  const count = cached ? 1 : UNCACHED_SECRETS;
  return Array.from({ length: count }, (_, i) => ({
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: `bench-signing-secret-${i}`,
  }));
}

/** The same Authorization from all three, for the first few credentials at a fixed instant; else no timing. */
async function checkSameSignatures(scenario: Scenario): Promise<string> {
  const now = new Date("2026-11-27T02:40:09Z");
  for (const credentials of credentialsList(scenario.cached).slice(0, 3)) {
    const expected = await signerFor("ours", scenario.request)(credentials, now);
    for (const signer of ["smithy", "aws4"] as const) {
      const actual = await signerFor(signer, scenario.request)(credentials, now);
      if (actual !== expected) {
        throw new Error(`${signer} signed ${scenario.request.name} differently:\n${actual}\n${expected}`);
      }
    }
  }
  return scenario.request.name;
}

async function measureScenario(scenario: Scenario, context: BenchContext) {
  const credentials = credentialsList(scenario.cached);
  const timed = Object.fromEntries(
    SIGNERS.map((signer) => [signer, timedSigner(signerFor(signer, scenario.request), credentials)]),
  ) as Record<Signer, (ms: number) => Promise<number>>;
  for (const signer of SIGNERS) await timed[signer](context.quick ? 50 : 200); // warm up the JIT
  // Many short rounds rather than a few long ones: on a shared machine a burst of someone else's work then
  // spoils a few paired samples, not a whole side of the comparison.
  const sampleMs = context.quick ? 50 : 100;
  const samples = await runRounds(
    { rounds: context.quick ? 8 : 25 },
    {
      ours: () => timed.ours(sampleMs),
      smithy: () => timed.smithy(sampleMs),
      aws4: () => timed.aws4(sampleMs),
    },
  );
  const fasterPeer = samples.smithy.map((value, i) => Math.max(value, samples.aws4[i]));
  const ratio = measure(ratioFigure(samples.ours, fasterPeer), "x");
  const label = `${scenario.request.name}, key ${scenario.cached ? "cached" : "not cached"}`;
  return {
    row: [
      scenario.request.name,
      scenario.cached ? "cached" : "not cached",
      measure(figure(samples.ours), "ops/s"),
      measure(figure(samples.smithy), "ops/s"),
      measure(figure(samples.aws4), "ops/s"),
      ratio,
    ],
    figure: entry(
      `signing.${scenario.request.name === "GET DescribeKeys" ? "get" : "post"}.${scenario.cached ? "cached" : "uncached"}`,
      `our signer ÷ the faster of @smithy/signature-v4 and aws4, ${label}`,
      ratio,
      { atLeast: 1 },
    ),
  };
}

/**
 * Signs in a loop for about `ms` and returns signatures per second. Sync signers are called straight; an async one
 * is awaited per call, which is its real cost.
 */
function timedSigner(sign: SignOnce, credentials: readonly Credentials[]) {
  let next = 0;
  return async (ms: number): Promise<number> => {
    const started = nowNs();
    let done = 0;
    let sink = 0;
    while (elapsedMs(started) < ms) {
      for (let i = 0; i < 64; i++) {
        const result = sign(credentials[next++ % credentials.length], new Date());
        const text = typeof result === "string" ? result : await result;
        sink += text.length;
      }
      done += 64;
    }
    if (sink === 0) throw new Error("no signatures");
    return done / (elapsedMs(started) / 1000);
  };
}
