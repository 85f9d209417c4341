import { randomFillSync } from "crypto";

/** Bytes drawn from the CSPRNG per refill: 256 IVs of 12 bytes. */
const POOL_BYTES = 12 * 256;

const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

/**
 * Writes `length` fresh random bytes at `target[at]`, for an AES-GCM IV. One CSPRNG call costs about 2 µs
 * however few bytes it returns, so bytes are drawn in batches (as Node's own randomUUID does) and each is
 * handed out exactly once before the batch is refilled. IVs only: they are public, while a data key or key
 * material copied out of a shared batch would linger in it until the next refill.
 */
export function fillRandomIv(target: Buffer, at: number, length: number): void {
  if (length > POOL_BYTES) throw new RangeError(`An IV of ${length} bytes is longer than the pool.`);
  if (next + length > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  pool.copy(target, at, next, next + length);
  next += length;
}
