/**
 * pulumi-kkms — Pulumi resources and functions for Kingsoft Cloud's Key Management Service (KKMS).
 * The SDK is `pulumi-kkms/sdk`; the kkms-local emulator is `pulumi-kkms/emulator`.
 */
export { Key, type KeyArgs } from "./key";
export { DataKey, type DataKeyArgs } from "./dataKey";
export { Ciphertext, type CiphertextArgs } from "./ciphertext";
export * from "./functions";
export { CONFIG_KEYS } from "./runtime/stackConfig";
