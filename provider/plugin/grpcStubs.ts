import { createRequire } from "module";
import * as path from "path";
import type * as grpcJs from "@grpc/grpc-js";
import type * as anyPb from "google-protobuf/google/protobuf/any_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";

/**
 * The gRPC pieces the engine speaks, from the stubs @pulumi/pulumi ships (proto/*_pb.js). They are resolved the
 * way those files resolve them, so messages, Struct and grpc-js are the very instances the stubs check against.
 */
// From the package's main file, which every release exports, rather than a deep path an `exports` map could hide.
const stubsDir = path.join(path.dirname(require.resolve("@pulumi/pulumi")), "proto");
const requireFromStubs = createRequire(path.join(stubsDir, "provider_grpc_pb.js"));

export const grpc = requireFromStubs("@grpc/grpc-js") as typeof grpcJs;
export const pb = requireFromStubs("./provider_pb.js") as typeof providerPb;
export const pluginProto = requireFromStubs("./plugin_pb.js") as typeof pluginPb;
export const statusProto = requireFromStubs("./status_pb.js") as typeof statusPb;
export const { Struct } = requireFromStubs("google-protobuf/google/protobuf/struct_pb.js") as typeof structPb;
export const { Empty } = requireFromStubs("google-protobuf/google/protobuf/empty_pb.js") as typeof emptyPb;
export const { Any } = requireFromStubs("google-protobuf/google/protobuf/any_pb.js") as typeof anyPb;
export const { ResourceProviderService } = requireFromStubs("./provider_grpc_pb.js") as {
  ResourceProviderService: grpcJs.ServiceDefinition;
};

export type StructMessage = InstanceType<typeof Struct>;

export function toStruct(values: Record<string, unknown>): StructMessage {
  return Struct.fromJavaScript(values as Parameters<typeof Struct.fromJavaScript>[0]);
}

export function fromStruct(struct: StructMessage | undefined): Record<string, unknown> | undefined {
  return struct ? (struct.toJavaScript() as Record<string, unknown>) : undefined;
}
