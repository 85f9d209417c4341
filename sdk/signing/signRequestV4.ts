import { ALGORITHM, AMZ_DATE_HEADER, AUTHORIZATION_HEADER, HOST_HEADER } from "./constants";
import { computeV4Signature } from "./computeV4Signature";
import { toAmzDate } from "./formatDate";
import type { Credentials, SignableRequest, SignatureTrace } from "./types";

export interface V4SigningOptions {
  credentials: Credentials;
  region: string;
  service: string;
  now: Date;
  /** Headers to sign besides `host` and `x-amz-date` (which are always signed). */
  extraSignedHeaders?: readonly string[];
}

export interface SignedV4Headers {
  headers: Record<string, string>;
  trace: SignatureTrace;
}

/** Header form: returns `x-amz-date` and `Authorization` to add to the request. */
export function signRequestV4(request: SignableRequest, options: V4SigningOptions): SignedV4Headers {
  const amzDate = toAmzDate(options.now);
  const headers = { ...request.headers, [AMZ_DATE_HEADER]: amzDate };
  const signedHeaderNames = [HOST_HEADER, AMZ_DATE_HEADER, ...(options.extraSignedHeaders ?? [])];
  const trace = computeV4Signature({
    request: { ...request, headers },
    secretAccessKey: options.credentials.secretAccessKey,
    amzDate,
    shortDate: amzDate.slice(0, 8),
    region: options.region,
    service: options.service,
    signedHeaderNames,
  });
  const authorization =
    `${ALGORITHM} Credential=${options.credentials.accessKeyId}/${trace.credentialScope}, ` +
    `SignedHeaders=${trace.signedHeaders}, Signature=${trace.signature}`;
  return { headers: { [AMZ_DATE_HEADER]: amzDate, [AUTHORIZATION_HEADER]: authorization }, trace };
}
