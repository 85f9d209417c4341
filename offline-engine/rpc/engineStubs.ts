import { createRequire } from "module";
import * as path from "path";

import type * as grpcJs from "@grpc/grpc-js";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as languagePb from "@pulumi/pulumi/proto/language_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";

import { DEFAULT_PULUMI_DIR } from "../providers/providerStubs";

/**
 * Everything the engine's side of the wire needs, loaded from one @pulumi/pulumi install: the services it serves
 * (ResourceMonitor, Engine), the clients it uses (ResourceProvider, LanguageRuntime) and their messages. The
 * generated stubs check messages with `instanceof`, so all of them must come from the install's own files.
 */
export interface EngineStubs {
  readonly pulumiDir: string;
  readonly version: string;
  readonly grpc: typeof grpcJs;
  readonly resource: typeof resourcePb;
  readonly engine: typeof enginePb;
  readonly provider: typeof providerPb;
  readonly language: typeof languagePb;
  readonly status: typeof statusPb;
  readonly Struct: typeof structPb.Struct;
  readonly Value: typeof structPb.Value;
  readonly Empty: typeof emptyPb.Empty;
  readonly ResourceMonitorService: grpcJs.ServiceDefinition;
  readonly EngineService: grpcJs.ServiceDefinition;
  readonly LanguageRuntimeService: grpcJs.ServiceDefinition;
  readonly ResourceProviderClient: grpcJs.ServiceClientConstructor;
  readonly LanguageRuntimeClient: grpcJs.ServiceClientConstructor;
}

const stubsByDir = new Map<string, EngineStubs>();

export function loadEngineStubs(pulumiDir: string = DEFAULT_PULUMI_DIR): EngineStubs {
  const dir = path.resolve(pulumiDir);
  let stubs = stubsByDir.get(dir);
  if (!stubs) {
    stubs = requireStubs(dir);
    stubsByDir.set(dir, stubs);
  }
  return stubs;
}

interface GrpcModule {
  [name: string]: grpcJs.ServiceDefinition | grpcJs.ServiceClientConstructor;
}

function requireStubs(dir: string): EngineStubs {
  const requireFromPulumi = createRequire(path.join(dir, "proto", "resource_grpc_pb.js"));
  const grpcModule = (file: string) => requireFromPulumi(file) as GrpcModule;
  const resourceGrpc = grpcModule("./resource_grpc_pb.js");
  const engineGrpc = grpcModule("./engine_grpc_pb.js");
  const languageGrpc = grpcModule("./language_grpc_pb.js");
  const providerGrpc = grpcModule("./provider_grpc_pb.js");
  const struct = requireFromPulumi("google-protobuf/google/protobuf/struct_pb.js") as typeof structPb;
  return {
    pulumiDir: dir,
    version: (requireFromPulumi("../package.json") as { version: string }).version,
    grpc: requireFromPulumi("@grpc/grpc-js") as typeof grpcJs,
    resource: requireFromPulumi("./resource_pb.js") as typeof resourcePb,
    engine: requireFromPulumi("./engine_pb.js") as typeof enginePb,
    provider: requireFromPulumi("./provider_pb.js") as typeof providerPb,
    language: requireFromPulumi("./language_pb.js") as typeof languagePb,
    status: requireFromPulumi("./status_pb.js") as typeof statusPb,
    Struct: struct.Struct,
    Value: struct.Value,
    Empty: (requireFromPulumi("google-protobuf/google/protobuf/empty_pb.js") as typeof emptyPb).Empty,
    ResourceMonitorService: resourceGrpc.ResourceMonitorService as grpcJs.ServiceDefinition,
    EngineService: engineGrpc.EngineService as grpcJs.ServiceDefinition,
    LanguageRuntimeService: languageGrpc.LanguageRuntimeService as grpcJs.ServiceDefinition,
    ResourceProviderClient: providerGrpc.ResourceProviderClient as grpcJs.ServiceClientConstructor,
    LanguageRuntimeClient: languageGrpc.LanguageRuntimeClient as grpcJs.ServiceClientConstructor,
  };
}
