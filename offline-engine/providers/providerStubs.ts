import { createRequire } from "module";
import * as path from "path";

import type * as grpcJs from "@grpc/grpc-js";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";

/** The @pulumi/pulumi install this code resolves (the repository's own): the default for hosts and stubs. */
export const DEFAULT_PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/**
 * The gRPC client pieces, all loaded from one @pulumi/pulumi install: the generated stubs check requests with
 * `instanceof`, so messages, Struct and grpc-js must be the very instances that install's files require.
 */
export interface ProviderStubs {
  readonly pulumiDir: string;
  readonly version: string;
  readonly grpc: typeof grpcJs;
  readonly pb: typeof providerPb;
  readonly Struct: typeof structPb.Struct;
  readonly Status: typeof statusPb.Status;
  readonly ResourceProviderClient: grpcJs.ServiceClientConstructor;
}

const stubsByDir = new Map<string, ProviderStubs>();

export function loadProviderStubs(pulumiDir: string = DEFAULT_PULUMI_DIR): ProviderStubs {
  const dir = path.resolve(pulumiDir);
  let stubs = stubsByDir.get(dir);
  if (!stubs) {
    stubs = requireStubs(dir);
    stubsByDir.set(dir, stubs);
  }
  return stubs;
}

function requireStubs(dir: string): ProviderStubs {
  // Resolve every module as the install's own files do, so a nested or newer install brings its own copies.
  const requireFromPulumi = createRequire(path.join(dir, "proto", "provider_grpc_pb.js"));
  const grpcPb = requireFromPulumi("./provider_grpc_pb.js") as {
    ResourceProviderClient: grpcJs.ServiceClientConstructor;
  };
  return {
    pulumiDir: dir,
    version: (requireFromPulumi("../package.json") as { version: string }).version,
    grpc: requireFromPulumi("@grpc/grpc-js") as typeof grpcJs,
    pb: requireFromPulumi("./provider_pb.js") as typeof providerPb,
    Struct: (requireFromPulumi("google-protobuf/google/protobuf/struct_pb.js") as typeof structPb).Struct,
    Status: (requireFromPulumi("./status_pb.js") as typeof statusPb).Status,
    ResourceProviderClient: grpcPb.ResourceProviderClient,
  };
}
