import { sha256Hex } from "./hashing";

/** Hex SHA-256 of the body; a GET's empty body hashes to the empty string's digest. */
export function getPayloadHash(body: string | Buffer): string {
  return sha256Hex(body);
}
