import type { PluginClient, PluginRpcError } from "./pluginProcess";

/** The ErrorResourceInitFailed detail of a failed Create or Update: the resource the engine then records. */
export function initFailed(rpc: PluginClient, error: PluginRpcError) {
  const { stubs } = rpc;
  const raw = error.metadata?.get("grpc-status-details-bin")[0];
  if (!raw) return undefined;
  const status = stubs.Status.deserializeBinary(new Uint8Array(raw as Buffer));
  const detail = status
    .getDetailsList()[0]
    ?.unpack(stubs.pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
  if (!detail) return undefined;
  return {
    id: detail.getId(),
    properties: detail.getProperties()?.toJavaScript() as Record<string, unknown>,
    reasons: detail.getReasonsList(),
  };
}
