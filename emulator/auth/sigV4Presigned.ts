import {
  ALGORITHM,
  AMZ_ALGORITHM_QUERY_PARAM,
  AMZ_CREDENTIAL_QUERY_PARAM,
  AMZ_DATE_QUERY_PARAM,
  AMZ_EXPIRES_QUERY_PARAM,
  AMZ_SIGNATURE_QUERY_PARAM,
  AMZ_SIGNED_HEADERS_QUERY_PARAM,
} from "../../sdk/signing/constants";
import {
  dateNotBasicFormat,
  invalidParameterValue,
  missingQueryAuthParameter,
  unsupportedAlgorithm,
} from "../errors";
import type { RequestParameters } from "../http/requestParameters";
import { checkRequestTime, parseAmzDate } from "./clockWindow";
import {
  checkScopeDate,
  checkSignedHeaders,
  findAccount,
  parseCredential,
  verifyV4Signature,
} from "./sigV4Checks";
import type { AuthRequest, AuthSettings, Caller } from "./types";

/** The longest validity AWS allows a presigned URL: seven days. */
export const MAX_EXPIRES_SECONDS = 604_800;

const REQUIRED = [
  AMZ_ALGORITHM_QUERY_PARAM,
  AMZ_CREDENTIAL_QUERY_PARAM,
  AMZ_SIGNATURE_QUERY_PARAM,
  AMZ_DATE_QUERY_PARAM,
  AMZ_SIGNED_HEADERS_QUERY_PARAM,
] as const;

/**
 * SigV4 in the query string. Valid from 15 minutes (the skew) before X-Amz-Date until X-Amz-Expires seconds
 * after it, or, without X-Amz-Expires, within the skew either way.
 */
export function verifyPresignedSignature(request: AuthRequest, settings: AuthSettings): Caller {
  const auth = requiredParameters(request.parameters);
  if (auth[AMZ_ALGORITHM_QUERY_PARAM] !== ALGORITHM)
    throw unsupportedAlgorithm(auth[AMZ_ALGORITHM_QUERY_PARAM]);
  const scope = parseCredential(auth[AMZ_CREDENTIAL_QUERY_PARAM], settings);
  const signedHeaderNames = checkSignedHeaders(request, auth[AMZ_SIGNED_HEADERS_QUERY_PARAM]);
  const amzDate = auth[AMZ_DATE_QUERY_PARAM];
  const date = parseAmzDate(amzDate);
  if (date === undefined) throw dateNotBasicFormat(amzDate);
  checkScopeDate(scope, date);
  const expires = expiresSeconds(request.parameters);
  // A presigned URL stays valid for X-Amz-Expires after its date: that much of the past is accepted.
  const validForMs = expires === undefined ? settings.skewMs : expires * 1000;
  checkRequestTime(amzDate, date, settings.now, { beforeMs: validForMs, afterMs: settings.skewMs });
  const account = findAccount(settings, scope.accessKeyId);
  const signature = auth[AMZ_SIGNATURE_QUERY_PARAM];
  verifyV4Signature({ request, account, scope, amzDate, signedHeaderNames, signature });
  return { account, region: scope.region, signatureKind: "v4-query" };
}

function requiredParameters(parameters: RequestParameters): Record<(typeof REQUIRED)[number], string> {
  const values = {} as Record<(typeof REQUIRED)[number], string>;
  for (const name of REQUIRED) {
    const value = parameters.get(name);
    if (value === undefined || value === "") throw missingQueryAuthParameter(name);
    values[name] = value;
  }
  return values;
}

function expiresSeconds(parameters: RequestParameters): number | undefined {
  const text = parameters.get(AMZ_EXPIRES_QUERY_PARAM);
  if (text === undefined) return undefined;
  const seconds = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_EXPIRES_SECONDS)) throw invalidParameterValue(AMZ_EXPIRES_QUERY_PARAM);
  return seconds;
}
