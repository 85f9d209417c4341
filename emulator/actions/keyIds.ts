import { randomBytes } from "crypto";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/**
 * A new KeyId shaped like the seed's `0kes2r8k-vbse-87pj-icck-qu9cao8vubi7`: 32 random base32hex characters
 * (160 bits) grouped 8-4-4-4-12.
 */
export function newKeyId(): string {
  const chars = [...randomBytes(32)].map((byte) => BASE32HEX[byte & 31]).join("");
  return [
    chars.slice(0, 8),
    chars.slice(8, 12),
    chars.slice(12, 16),
    chars.slice(16, 20),
    chars.slice(20),
  ].join("-");
}

/** What a seeded key may use as its fixed KeyId: the KKMS shape, or a readable id such as `test-key-1`. */
export const SEED_KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
