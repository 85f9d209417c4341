import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";

import type { Diagnostic } from "../display/types";
import type { ServiceHandlers } from "./engineServer";
import type { EngineStubs } from "./engineStubs";

const SEVERITIES: Diagnostic["severity"][] = ["debug", "info", "warning", "error"];

/**
 * The Engine service the program and the plugins get the address of (pkg/host/host_server.go:92, :117, :127 at
 * v3.248.0): Log turns into the operation's diagnostics; GetRootResource / SetRootResource keep the stack's URN
 * for SDK copies loaded later. StartDebugging and RequirePulumiVersion are not served (UNIMPLEMENTED).
 */
export function engineServiceHandlers(
  stubs: EngineStubs,
  onDiagnostic: (diagnostic: Diagnostic) => void,
): ServiceHandlers {
  let rootUrn = "";
  return {
    log: (call, callback) => {
      const request = call.request as enginePb.LogRequest;
      const urn = request.getUrn();
      onDiagnostic({
        severity: SEVERITIES[request.getSeverity()] ?? "info",
        message: request.getMessage(),
        ...(urn ? { urn } : {}),
      });
      callback(null, new stubs.Empty());
    },
    getRootResource: (_call, callback) => {
      const response = new stubs.engine.GetRootResourceResponse();
      response.setUrn(rootUrn);
      callback(null, response);
    },
    setRootResource: (call, callback) => {
      rootUrn = (call.request as enginePb.SetRootResourceRequest).getUrn();
      callback(null, new stubs.engine.SetRootResourceResponse());
    },
  };
}
