import { ALGORITHM, AMZ_DATE_HEADER, AUTHORIZATION_HEADER } from "../../sdk/signing/constants";
import { toAmzDate } from "../../sdk/signing/formatDate";
import {
  authorizationFormat,
  dateNotBasicFormat,
  missingCredential,
  missingDate,
  missingSignature,
  missingSignedHeaders,
  unsupportedAlgorithm,
} from "../errors";
import { checkRequestTime, parseAmzDate, parseHttpDate } from "./clockWindow";
import {
  checkScopeDate,
  checkSignedHeaders,
  findAccount,
  parseCredential,
  verifyV4Signature,
} from "./sigV4Checks";
import type { AuthRequest, AuthSettings, Caller } from "./types";

export interface AuthorizationHeader {
  algorithm: string;
  credential?: string;
  signedHeaders?: string;
  signature?: string;
}

/** SigV4 in the `Authorization` header. Each failure is the seed's own code and message. */
export function verifyHeaderSignature(request: AuthRequest, settings: AuthSettings): Caller {
  const raw = (request.headers[AUTHORIZATION_HEADER] ?? []).join(",");
  const auth = parseAuthorizationHeader(raw);
  const shown = maskSignature(raw);
  if (auth.credential === undefined) throw missingCredential(shown);
  if (auth.signedHeaders === undefined) throw missingSignedHeaders(shown);
  if (auth.signature === undefined) throw missingSignature(shown);
  const scope = parseCredential(auth.credential, settings);
  const signedHeaderNames = checkSignedHeaders(request, auth.signedHeaders);
  const { amzDate, date } = requestDate(request, shown);
  checkScopeDate(scope, date);
  checkRequestTime(amzDate, date, settings.now, { beforeMs: settings.skewMs, afterMs: settings.skewMs });
  const account = findAccount(settings, scope.accessKeyId);
  verifyV4Signature({ request, account, scope, amzDate, signedHeaderNames, signature: auth.signature });
  return { account, region: scope.region, signatureKind: "v4-header" };
}

/**
 * `AWS4-HMAC-SHA256 Credential=AK/scope, SignedHeaders=a;b, Signature=hex`: the algorithm, a space, then
 * comma-separated `name=value` pairs (spaces after commas optional).
 */
export function parseAuthorizationHeader(value: string): AuthorizationHeader {
  const text = value.trim();
  if (text === "") throw authorizationFormat();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  if (algorithm !== ALGORITHM) throw unsupportedAlgorithm(algorithm);
  const fields = new Map<string, string>();
  for (const part of (space < 0 ? "" : text.slice(space + 1)).split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq <= 0) throw authorizationFormat();
    fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  return {
    algorithm,
    credential: fields.get("Credential"),
    signedHeaders: fields.get("SignedHeaders"),
    signature: fields.get("Signature"),
  };
}

/** The Authorization value as echoed in a message: everything but the signature itself. */
export function maskSignature(authorization: string): string {
  return authorization.replace(/(Signature=)[^,\s]*/g, "$1****");
}

/** X-Amz-Date as sent (the string to sign carries it verbatim), else an HTTP Date header. */
function requestDate(request: AuthRequest, shownAuthorization: string): { amzDate: string; date: Date } {
  const amzDate = request.headers[AMZ_DATE_HEADER]?.join(",").trim();
  if (amzDate !== undefined) {
    const date = parseAmzDate(amzDate);
    if (date === undefined) throw dateNotBasicFormat(amzDate);
    return { amzDate, date };
  }
  const httpDate = request.headers["date"]?.join(",").trim();
  if (httpDate === undefined) throw missingDate(shownAuthorization);
  const date = parseHttpDate(httpDate);
  if (date === undefined) throw dateNotBasicFormat(httpDate);
  return { amzDate: toAmzDate(date), date };
}
