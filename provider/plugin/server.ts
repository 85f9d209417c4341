import type * as grpcJs from "@grpc/grpc-js";
import { grpc, ResourceProviderService } from "./grpcStubs";
import { ProviderInstance } from "./providerInstance";
import * as configRpcs from "./rpc/configRpcs";
import * as invokeRpcs from "./rpc/invokeRpcs";
import * as pluginRpcs from "./rpc/pluginRpcs";
import * as resourceRpcs from "./rpc/resourceRpcs";
import { InitFailedError, toServiceError, unimplemented } from "./rpcErrors";

export interface PluginServerOptions {
  /** The engine's gRPC address, as the engine passes it on the command line. */
  engineAddress?: string;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
}

export interface RunningPluginServer {
  readonly port: number;
  close(): Promise<void>;
}

type Handler = (provider: ProviderInstance, request: never) => Promise<unknown>;

/** Each RPC of the ResourceProvider service this plugin serves, by the grpc-js method name. */
const HANDLERS: Record<string, Handler> = {
  handshake: pluginRpcs.handshake,
  getPluginInfo: pluginRpcs.getPluginInfo,
  getSchema: pluginRpcs.getSchema,
  attach: pluginRpcs.attach,
  cancel: pluginRpcs.cancel,
  checkConfig: configRpcs.checkConfig,
  diffConfig: configRpcs.diffConfig,
  configure: configRpcs.configure,
  check: resourceRpcs.check,
  diff: resourceRpcs.diff,
  create: resourceRpcs.create,
  read: resourceRpcs.read,
  update: resourceRpcs.update,
  delete: resourceRpcs.deleteResource,
  invoke: invokeRpcs.invoke,
};

/**
 * Answered UNIMPLEMENTED, each the engine's documented fallback: Parameterize (not a parameterized provider),
 * GetMapping(s) (no conversion mappings, provider_plugin.go :2570, :2597), Construct and Call (no components),
 * List (no listing).
 */
const UNIMPLEMENTED = new Set(["parameterize", "getMapping", "getMappings", "construct", "call", "list"]);

/**
 * A ResourceProvider gRPC server for one provider. Several may run in one process; each keeps its own
 * configuration.
 */
export async function startPluginServer(options: PluginServerOptions = {}): Promise<RunningPluginServer> {
  const provider = new ProviderInstance(options.engineAddress);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, serviceImplementation(provider));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${options.host ?? "127.0.0.1"}:${options.port ?? 0}`,
      grpc.ServerCredentials.createInsecure(),
      (err, boundPort) => (err ? reject(err) : resolve(boundPort)),
    ),
  );
  return {
    port,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

function serviceImplementation(provider: ProviderInstance): grpcJs.UntypedServiceImplementation {
  const implementation: grpcJs.UntypedServiceImplementation = {};
  for (const method of Object.keys(ResourceProviderService)) {
    const handler = HANDLERS[method];
    if (method === "list") {
      implementation[method] = ((call: grpcJs.ServerWritableStream<unknown, unknown>) =>
        call.emit("error", toServiceError(unimplemented(method)))) as grpcJs.UntypedHandleCall;
      continue;
    }
    implementation[method] = ((
      call: grpcJs.ServerUnaryCall<unknown, unknown>,
      done: grpcJs.sendUnaryData<unknown>,
    ) => {
      if (!handler || UNIMPLEMENTED.has(method)) return done(toServiceError(unimplemented(method)), null);
      handler(provider, call.request as never).then(
        (response) => done(null, response),
        (err: unknown) =>
          done(toServiceError(err, err instanceof InitFailedError ? err.failure : undefined), null),
      );
    }) as grpcJs.UntypedHandleCall;
  }
  return implementation;
}
