import { decryptCore } from "./decrypt";
import { encryptCore } from "./encrypt";
import { generateDataKeyCore } from "./generateDataKey";
import { getKeyCore } from "./getKey";
import { getKeysCore } from "./getKeys";
import type { FunctionCore } from "./functionCore";

/** Every function's core by name: what the native plugin's Invoke serves as `kkms:index:<name>`. */
export const FUNCTION_CORES = {
  getKey: getKeyCore,
  getKeys: getKeysCore,
  generateDataKey: generateDataKeyCore,
  decrypt: decryptCore,
  encrypt: encryptCore,
} as const satisfies Record<string, FunctionCore<never, unknown>>;

export type FunctionName = keyof typeof FUNCTION_CORES;
