import type * as grpcJs from "@grpc/grpc-js";

import type { EngineStubs } from "./engineStubs";

/** A gRPC server on 127.0.0.1 serving the engine's side: its address goes to the program and the plugins. */
export interface EngineServer {
  readonly address: string;
  /** Stops taking calls and ends the ones open. */
  close(): Promise<void>;
}

/** Service implementations by method name; a method missing here answers UNIMPLEMENTED, as grpc-js does. */
export type ServiceHandlers = Record<string, grpcJs.handleUnaryCall<unknown, unknown>>;

/** Starts a server with the given services, bound to a free port on 127.0.0.1. */
export async function startEngineServer(
  stubs: EngineStubs,
  services: readonly { readonly definition: grpcJs.ServiceDefinition; readonly handlers: ServiceHandlers }[],
): Promise<EngineServer> {
  const { grpc } = stubs;
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  for (const service of services)
    server.addService(service.definition, onlyDefined(service.definition, service.handlers));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Calls still waiting (a program that went away mid-call) must not hold the operation open.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}

/** grpc-js refuses handlers for methods a service does not have (an older @pulumi/pulumi's stubs). */
function onlyDefined(
  definition: grpcJs.ServiceDefinition,
  handlers: ServiceHandlers,
): grpcJs.UntypedServiceImplementation {
  return Object.fromEntries(Object.entries(handlers).filter(([method]) => method in definition));
}
