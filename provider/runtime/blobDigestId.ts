import { createHash } from "crypto";

/** A stable, non-secret resource id derived from the blob (shorter than the blob itself). */
export function blobDigestId(prefix: string, ciphertextBlob: string): string {
  return prefix + createHash("sha256").update(ciphertextBlob).digest("hex").slice(0, 32);
}
