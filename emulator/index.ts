/**
 * pulumi-kkms/emulator — kkms-local, a faithful, durable, offline KKMS server (OpenAPI Version 2016-03-04).
 *
 * Layout: `emulator.ts` wires the parts below into `startEmulator`; `cli.ts` is the `kkms-local` bin, its flags in
 * `cliOptions.ts`, the library options in `options.ts`; `errors.ts` and `jsonRules.ts` serve every part.
 *   http/        the server, request decoding, the API pipeline, answers; web-page and loopback rules,
 *                timeouts and the connection cap
 *   auth/        accounts and the three signature forms
 *   actions/     the action map, one handler per action, key-state and parameter rules, limits
 *   storage/     SQLite store, schema and integrity, the root key (written durably), key material at rest,
 *                storage failures (full disk, damage), seeding
 *   operations/  metrics, health, faults, throttle, the request log and the CLI's output, the admin path
 */
export { startEmulator, type RunningEmulator } from "./emulator";
export type { EmulatorOptions } from "./options";
export { DEVELOPMENT_ACCOUNT, type Account } from "./auth/accounts";
export { ACTION_NAMES, type ActionName } from "./actions/actionNames";
export { KEY_STATE_RULES, isActionAllowed, type KeyAction } from "./actions/keyState";
export { EMULATOR_LIMITS } from "./actions/limits";
export { FAULT_ERRORS, type FaultRule, type FaultSettings, type FaultPhase } from "./operations/faults";
export type { MetricsSnapshot, RequestCount } from "./operations/metrics";
export type { SeedKey } from "./storage/seedKeys";
export type { RequestLogEntry } from "./operations/requestLog";
export { ConfigurationError, DataDirError } from "./errors";
export { CREATE_TIME_OFFSET_MS, formatCreateTime } from "./actions/time";
