import { sha256Hex } from "./hashing";

/** SHA-256 of the empty body: every GET signs it. */
export const EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** Hex SHA-256 of the body. */
export function getPayloadHash(body: string | Buffer): string {
  return body.length === 0 ? EMPTY_PAYLOAD_HASH : sha256Hex(body);
}
