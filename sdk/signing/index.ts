export * from "./constants";
export { encodeRfc3986 } from "./encodeRfc3986";
export { sha256Hex, hmacSha256 } from "./hashing";
export { getCanonicalQuery, compareCodeUnits, type QueryParameter } from "./getCanonicalQuery";
export {
  getCanonicalHeaders,
  lowerCaseHeaderMap,
  type HeaderMap,
  type CanonicalHeaders,
} from "./getCanonicalHeaders";
export { getCanonicalUri } from "./getCanonicalUri";
export { getPayloadHash, EMPTY_PAYLOAD_HASH } from "./getPayloadHash";
export { createCanonicalRequest, type CanonicalRequestParts } from "./createCanonicalRequest";
export { createCredentialScope, createStringToSign } from "./createStringToSign";
export { getSigningKey, deriveSigningKey, computeSignature } from "./credentialDerivation";
export { computeV4Signature, type V4SignatureInput } from "./computeV4Signature";
export { signRequestV4, type V4SigningOptions, type SignedV4Headers } from "./signRequestV4";
export { presignRequestV4, type PresignedV4 } from "./presignRequestV4";
export { createSimpleStringToSign, computeSimpleSignature } from "./simpleSignature";
export { toAmzDate, toIsoSeconds } from "./formatDate";
export type { Credentials, SignableRequest, SignatureTrace } from "./types";
