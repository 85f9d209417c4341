import { timingSafeEqual } from "crypto";
import { computeV4Signature } from "../../sdk/signing/computeV4Signature";
import {
  CONTENT_SHA256_HEADER,
  HOST_HEADER,
  KEY_TYPE_IDENTIFIER,
  KKMS_SERVICE,
} from "../../sdk/signing/constants";
import { getPayloadHash } from "../../sdk/signing/getPayloadHash";
import type { Account } from "./accounts";
import {
  badRegion,
  badService,
  badTerminator,
  headerNotPresent,
  hostNotSigned,
  invalidClientTokenId,
  malformedCredential,
  missingHost,
  scopeDateMismatch,
  signatureMismatch,
} from "../errors";
import type { AuthRequest, AuthSettings } from "./types";

/** The checks the header form and the presigned form of SigV4 share, each mapped to the seed's error. */
export interface CredentialScope {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
}

/** `AK/YYYYMMDD/region/kkms/aws4_request`: five parts, our terminator, our service, a known region. */
export function parseCredential(credential: string, settings: AuthSettings): CredentialScope {
  const parts = credential.split("/");
  if (parts.length !== 5) throw malformedCredential(credential);
  const [accessKeyId, shortDate, region, service, terminator] = parts;
  if (terminator !== KEY_TYPE_IDENTIFIER) throw badTerminator(terminator);
  if (service !== KKMS_SERVICE) throw badService(service);
  if (!settings.regions.has(region)) throw badRegion(region);
  return { accessKeyId, shortDate, region, service };
}

/** `host;x-amz-date` → names; host must be present in the request and signed, every signed header present. */
export function checkSignedHeaders(request: AuthRequest, signedHeaders: string): string[] {
  const names = signedHeaders
    .split(";")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  if (request.headers[HOST_HEADER] === undefined) throw missingHost();
  if (!names.includes(HOST_HEADER)) throw hostNotSigned();
  const absent = names.find((name) => request.headers[name] === undefined);
  if (absent !== undefined) throw headerNotPresent(absent);
  return names;
}

export function checkScopeDate(scope: CredentialScope, date: Date): void {
  if (scope.shortDate !== shortDateOf(date)) throw scopeDateMismatch();
}

/** `YYYYMMDD` in UTC, from numbers: no ISO string to build, cut and search per request. */
export function shortDateOf(date: Date): string {
  const digits = date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  return String(digits).padStart(8, "0");
}

export function findAccount(settings: AuthSettings, accessKeyId: string): Account {
  const account = settings.accounts.find(accessKeyId);
  if (account === undefined) throw invalidClientTokenId();
  return account;
}

export interface V4Verification {
  request: AuthRequest;
  account: Account;
  scope: CredentialScope;
  /** The date exactly as the string to sign carries it. */
  amzDate: string;
  signedHeaderNames: readonly string[];
  signature: string;
}

/**
 * Recomputes the signature over the URL's query, the listed headers and the raw body, and compares in
 * constant time. A sent `x-amz-content-sha256` must be the body's hash.
 */
export function verifyV4Signature(input: V4Verification): void {
  const { request } = input;
  // Every GET, and so every presigned request, has an empty body: its hash is a constant, not a SHA-256 run.
  const payloadHash = getPayloadHash(request.body);
  const declared = request.headers[CONTENT_SHA256_HEADER];
  if (declared !== undefined && declared.join(",").trim().toLowerCase() !== payloadHash) {
    throw signatureMismatch();
  }
  const expected = computeV4Signature({
    request: {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body,
    },
    secretAccessKey: input.account.secretAccessKey,
    amzDate: input.amzDate,
    shortDate: input.scope.shortDate,
    region: input.scope.region,
    service: input.scope.service,
    signedHeaderNames: input.signedHeaderNames,
    payloadHash,
  }).signature;
  if (!sameSignature(expected, input.signature)) throw signatureMismatch();
}

export function sameSignature(expectedHex: string, providedHex: string): boolean {
  const provided = providedHex.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(provided) || provided.length !== expectedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, "hex"), Buffer.from(provided, "hex"));
}
