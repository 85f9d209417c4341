import {
  ALGORITHM,
  AMZ_ALGORITHM_QUERY_PARAM,
  AMZ_CREDENTIAL_QUERY_PARAM,
  AMZ_DATE_QUERY_PARAM,
  AMZ_EXPIRES_QUERY_PARAM,
  AMZ_SIGNATURE_QUERY_PARAM,
  AMZ_SIGNED_HEADERS_QUERY_PARAM,
  HOST_HEADER,
} from "./constants";
import { computeV4Signature } from "./computeV4Signature";
import { createCredentialScope } from "./createStringToSign";
import { toAmzDate } from "./formatDate";
import type { QueryParameter } from "./getCanonicalQuery";
import type { SignableRequest, SignatureTrace } from "./types";
import type { V4SigningOptions } from "./signRequestV4";

export interface PresignedV4 {
  /** The request's parameters plus the five `X-Amz-*` ones, signature last. */
  query: QueryParameter[];
  trace: SignatureTrace;
}

/** Query-string form: the signature travels in the URL and only `host` is signed. */
export function presignRequestV4(
  request: SignableRequest,
  options: V4SigningOptions & { expiresInSeconds?: number },
): PresignedV4 {
  const amzDate = toAmzDate(options.now);
  const shortDate = amzDate.slice(0, 8);
  const scope = createCredentialScope(shortDate, options.region, options.service);
  const signedHeaderNames = [HOST_HEADER, ...(options.extraSignedHeaders ?? [])]
    .map((h) => h.toLowerCase())
    .sort();
  const authParams: QueryParameter[] = [
    [AMZ_ALGORITHM_QUERY_PARAM, ALGORITHM],
    [AMZ_CREDENTIAL_QUERY_PARAM, `${options.credentials.accessKeyId}/${scope}`],
    [AMZ_DATE_QUERY_PARAM, amzDate],
    [AMZ_SIGNED_HEADERS_QUERY_PARAM, [...new Set(signedHeaderNames)].join(";")],
  ];
  if (options.expiresInSeconds !== undefined)
    authParams.push([AMZ_EXPIRES_QUERY_PARAM, String(options.expiresInSeconds)]);
  const query = [...request.query, ...authParams];
  const trace = computeV4Signature({
    request: { ...request, query },
    secretAccessKey: options.credentials.secretAccessKey,
    amzDate,
    shortDate,
    region: options.region,
    service: options.service,
    signedHeaderNames,
  });
  return { query: [...query, [AMZ_SIGNATURE_QUERY_PARAM, trace.signature]], trace };
}
