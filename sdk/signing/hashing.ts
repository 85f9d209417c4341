import * as crypto from "crypto";

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object: the signer's hottest step.
const oneShotHash = (
  crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: "hex") => string }
).hash;

export function sha256Hex(data: string | Buffer): string {
  return oneShotHash
    ? oneShotHash("sha256", data, "hex")
    : crypto.createHash("sha256").update(data).digest("hex");
}

export function hmacSha256(key: string | Buffer, data: string): Buffer {
  return crypto.createHmac("sha256", key).update(data, "utf8").digest();
}
