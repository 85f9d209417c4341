import { SIMPLE_SIGNATURE_PARAM } from "./constants";
import { encodeRfc3986 } from "./encodeRfc3986";
import { compareCodeUnits, type QueryParameter } from "./getCanonicalQuery";
import { hmacSha256 } from "./hashing";

/**
 * The simplified signature's string to sign: every parameter but `Signature`, sorted by name (then value),
 * names and values RFC 3986-encoded, joined as `k=v` with `&`. Method, host and path are not signed.
 */
export function createSimpleStringToSign(params: readonly QueryParameter[]): string {
  return params
    .filter(([name]) => name !== SIMPLE_SIGNATURE_PARAM)
    .slice()
    .sort(([n1, v1], [n2, v2]) => compareCodeUnits(n1, n2) || compareCodeUnits(v1, v2))
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .join("&");
}

/** Lower-case hex HMAC-SHA256 of the string to sign under the secret key. */
export function computeSimpleSignature(secretAccessKey: string, params: readonly QueryParameter[]): string {
  return hmacSha256(secretAccessKey, createSimpleStringToSign(params)).toString("hex");
}
