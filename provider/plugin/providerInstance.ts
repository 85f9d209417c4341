import { configValues } from "./providerConfig";
import { ProviderContext, type ConfigSource } from "./runtimeAdapter";
import { RpcError } from "./rpcErrors";
import { grpc } from "./grpcStubs";
import type { Props } from "./wireValues";

/**
 * One provider: what one plugin server learned from the engine, and the runtime context its calls run with.
 * Nothing here is module-global, so several servers in one process (two accounts, two regions) each keep their
 * own configuration and clients, and their calls run side by side.
 */
export class ProviderInstance {
  engineAddress: string | undefined;
  /** Before Configure (the engine always sends it first): the environment fallbacks. */
  private current = new ProviderContext();
  private cancelled = false;

  constructor(engineAddress?: string) {
    this.engineAddress = engineAddress;
  }

  /** Fails now, naming the key as the caller knows it, rather than on the first resource operation. */
  configure(config: Props, source: ConfigSource): void {
    const context = new ProviderContext(configValues(config), source);
    context.settings();
    this.current = context;
  }

  get context(): ProviderContext {
    return this.current;
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
