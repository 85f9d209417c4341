/** kkms-local's own limits where the seed gives none (documented in the README). */
export const EMULATOR_LIMITS = {
  /** KeyName length in characters (Unicode code points). */
  keyName: { min: 1, max: 256 },
  /** Description length in characters; empty is allowed. */
  description: { min: 0, max: 1024 },
  /** KeyId parameters in one DescribeKeys. */
  maxDescribeKeyIds: 100,
  /** Request body size. */
  maxBodyBytes: 65_536,
} as const;
