/**
 * pulumi-kkms — Pulumi resources and functions for Kingsoft Cloud's Key Management Service (KKMS).
 * The SDK is `pulumi-kkms/sdk`; the kkms-local emulator is `pulumi-kkms/emulator`.
 */
export { Key, type KeyArgs, type KeyResourceState } from "./key";
export { DataKey, type DataKeyArgs, type DataKeyResourceState } from "./dataKey";
export { Ciphertext, type CiphertextArgs, type CiphertextResourceState } from "./ciphertext";
export * from "./functions";
export { CONFIG_KEYS } from "./runtime/stackConfig";
/** The `kkms:` stack config the resources and functions read, with their environment fallbacks (`kkms.config.region`). */
export * as config from "./config";
