/**
 * The contract between serialized shims (in users' state) and this runtime. Bump only with a compatible
 * fallback: shims written by every earlier version must keep working.
 */
export const RUNTIME_PROTOCOL_VERSION = 1;
