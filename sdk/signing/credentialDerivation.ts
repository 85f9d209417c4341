import { KEY_TYPE_IDENTIFIER } from "./constants";
import { hmacSha256 } from "./hashing";

const MAX_CACHED_KEYS = 64;
const signingKeyCache = new Map<string, Buffer>();

/**
 * kDate → kRegion → kService → kSigning. Derived keys are cached (they change once a day per scope), which
 * saves four HMACs per request.
 */
export function getSigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Buffer {
  const cacheKey = `${shortDate}\n${region}\n${service}\n${secretAccessKey}`;
  const cached = signingKeyCache.get(cacheKey);
  if (cached) return cached;
  const key = deriveSigningKey(secretAccessKey, shortDate, region, service);
  if (signingKeyCache.size >= MAX_CACHED_KEYS)
    signingKeyCache.delete(signingKeyCache.keys().next().value as string);
  signingKeyCache.set(cacheKey, key);
  return key;
}

export function deriveSigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Buffer {
  const kDate = hmacSha256(`AWS4${secretAccessKey}`, shortDate);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  return hmacSha256(kService, KEY_TYPE_IDENTIFIER);
}

export function computeSignature(signingKey: Buffer, stringToSign: string): string {
  return hmacSha256(signingKey, stringToSign).toString("hex");
}
