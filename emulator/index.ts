/**
 * pulumi-kkms/emulator — kkms-local, a faithful, durable, offline KKMS server (OpenAPI Version 2016-03-04).
 */
export { startEmulator, type RunningEmulator } from "./emulator";
export type { EmulatorOptions } from "./options";
export { DEVELOPMENT_ACCOUNT, type Account } from "./accounts";
export { ACTION_NAMES, type ActionName } from "./actionNames";
export { KEY_STATE_RULES, isActionAllowed, type KeyAction } from "./keyState";
export { EMULATOR_LIMITS } from "./limits";
export { FAULT_ERRORS, type FaultRule, type FaultSettings, type FaultPhase } from "./faults";
export type { MetricsSnapshot, RequestCount } from "./metrics";
export type { SeedKey } from "./seedKeys";
export type { RequestLogEntry } from "./requestLog";
export { ConfigurationError } from "./errors";
export { CREATE_TIME_OFFSET_MS, formatCreateTime } from "./time";
