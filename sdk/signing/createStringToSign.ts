import { ALGORITHM, KEY_TYPE_IDENTIFIER } from "./constants";
import { sha256Hex } from "./hashing";

/** `YYYYMMDD/region/service/aws4_request` */
export function createCredentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/${KEY_TYPE_IDENTIFIER}`;
}

/**
 * The date line is the X-Amz-Date value exactly as sent: Kingsoft's Node SDK sends `20261127T024009+00:00`
 * and signs that text, so a verifier must not reformat it.
 */
export function createStringToSign(
  amzDate: string,
  credentialScope: string,
  canonicalRequest: string,
): string {
  return [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join("\n");
}
