import { configLookup } from "./providerConfig";
import { resolveSettings, type ConfigLookup, type ProviderSettings } from "./runtimeAdapter";
import { RpcError } from "./rpcErrors";
import { grpc } from "./grpcStubs";
import type { Props } from "./wireValues";

/**
 * One provider: what one plugin server learned from the engine. Nothing here is module-global, so several
 * servers in one process (two accounts, two regions) each keep their own configuration.
 */
export class ProviderInstance {
  engineAddress: string | undefined;
  private config: Props = {};
  private lookupFn: ConfigLookup = configLookup({});
  private cancelled = false;

  constructor(engineAddress?: string) {
    this.engineAddress = engineAddress;
  }

  configure(config: Props): void {
    this.config = { ...config };
    this.lookupFn = configLookup(this.config);
    // Fails now, naming the key, rather than on the first resource operation.
    resolveSettings(this.lookupFn);
  }

  /** A stable function per configuration: the runtime adapter tells providers apart by it. */
  get lookup(): ConfigLookup {
    return this.lookupFn;
  }

  settings(): ProviderSettings {
    return resolveSettings(this.lookupFn);
  }

  /** Cancel is advisory (provider.proto, Cancel): calls already running finish, so their outcome is never lost. */
  cancel(): void {
    this.cancelled = true;
  }

  assertNotCancelled(rpc: string): void {
    if (this.cancelled)
      throw new RpcError(
        grpc.status.CANCELLED,
        `${rpc}: the engine cancelled this kkms provider's operations`,
      );
  }
}
