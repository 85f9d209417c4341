/**
 * pulumi-kkms/native — the TypeScript SDK of the native provider plugin `pulumi-resource-kkms` (package `kkms`),
 * shaped as `pulumi package gen-sdk` shapes one. Resources are served by the plugin, so explicit providers,
 * `pulumi import` and previews work as for any first-party provider.
 */
export { Provider, type ProviderArgs } from "./provider";
export { Key, type KeyArgs, type KeyState } from "./key";
export { DataKey, type DataKeyArgs, type DataKeyState } from "./dataKey";
export { Ciphertext, type CiphertextArgs, type CiphertextState } from "./ciphertext";
export * from "./getKey";
export * from "./getKeys";
export * from "./generateDataKey";
export * from "./decrypt";
export * from "./encrypt";
/** Typed getters for the `kkms:` stack config the default provider reads (`kkms.config.region`). */
export * as config from "./config";
/** The object types of the schema (`kkms:index:KmsKey`), as `pulumi package gen-sdk` names them. */
export * as types from "./types/output";
