/**
 * The provider logic the Pulumi provider host loads at run time (`require("pulumi-kkms/provider/runtime")`).
 * Only the tiny shims in ../providerShims.ts are serialized into state; this code comes from the installed
 * package, so upgrading the package upgrades what refresh and destroy run.
 */
import { configureHost } from "./hostContext";
export { keyProvider } from "./keyProvider";
export { dataKeyProvider } from "./dataKeyProvider";
export { ciphertextProvider } from "./ciphertextProvider";
export { RUNTIME_PROTOCOL_VERSION } from "./protocolVersion";

/** The host's configure request: the whole stack config, keys like `kkms:region`, secrets unwrapped. */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

/**
 * Builds this configured provider's context. Synchronous inside: the host caches the provider before awaiting
 * this (DESIGN.md). A bad value is reported by the first call that uses the settings, naming the key.
 */
export function configure(request: ConfigureRequest): Promise<void> {
  configureHost((key) => request.config.get(key));
  return Promise.resolve();
}
