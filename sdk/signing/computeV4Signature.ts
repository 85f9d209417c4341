import { createCanonicalRequest } from "./createCanonicalRequest";
import { createCredentialScope, createStringToSign } from "./createStringToSign";
import { computeSignature, getSigningKey } from "./credentialDerivation";
import { getCanonicalHeaders } from "./getCanonicalHeaders";
import { getCanonicalQuery } from "./getCanonicalQuery";
import { getCanonicalUri } from "./getCanonicalUri";
import { getPayloadHash } from "./getPayloadHash";
import { AMZ_SIGNATURE_QUERY_PARAM } from "./constants";
import type { SignableRequest, SignatureTrace } from "./types";

export interface V4SignatureInput {
  request: SignableRequest;
  secretAccessKey: string;
  /** X-Amz-Date exactly as sent. */
  amzDate: string;
  /** `YYYYMMDD` of the credential scope. */
  shortDate: string;
  region: string;
  service: string;
  signedHeaderNames: readonly string[];
  /** Overrides the body hash (the presigned form and `x-amz-content-sha256` senders). */
  payloadHash?: string;
}

/**
 * The whole SigV4 chain for one request, shared by the client (to sign) and kkms-local (to verify).
 * In the presigned form the signature parameter itself is left out of the canonical query.
 */
export function computeV4Signature(input: V4SignatureInput): SignatureTrace {
  const { request } = input;
  const { canonicalHeaders, signedHeaders } = getCanonicalHeaders(request.headers, input.signedHeaderNames);
  const canonicalRequest = createCanonicalRequest({
    method: request.method,
    canonicalUri: getCanonicalUri(request.path),
    canonicalQuery: getCanonicalQuery(request.query, AMZ_SIGNATURE_QUERY_PARAM),
    canonicalHeaders,
    signedHeaders,
    payloadHash: input.payloadHash ?? getPayloadHash(request.body),
  });
  const credentialScope = createCredentialScope(input.shortDate, input.region, input.service);
  const stringToSign = createStringToSign(input.amzDate, credentialScope, canonicalRequest);
  const signingKey = getSigningKey(input.secretAccessKey, input.shortDate, input.region, input.service);
  const signature = computeSignature(signingKey, stringToSign);
  return { canonicalRequest, stringToSign, signature, credentialScope, signedHeaders };
}
