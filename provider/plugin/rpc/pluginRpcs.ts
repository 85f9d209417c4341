import { Empty, pb, pluginProto } from "../grpcStubs";
import { PACKAGE_SCHEMA_TEXT } from "../packageSchema";
import { packageVersion } from "../packageVersion";
import type { ProviderInstance } from "../providerInstance";

type HandshakeRequest = InstanceType<typeof pb.ProviderHandshakeRequest>;
type AttachRequest = InstanceType<typeof pluginProto.PluginAttach>;

/**
 * The plugin-level RPCs: Handshake, GetPluginInfo, GetSchema, Attach, Cancel
 * (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0: handshake :358, GetSchema :618,
 * GetPluginInfo :2346, Attach :2379, SignalCancellation :2395).
 */

/**
 * The engine's first call. A provider that handshakes must accept secrets and resources (provider.proto,
 * Configure), and the engine then assumes preview support (provider_plugin.go :310-318).
 */
export async function handshake(provider: ProviderInstance, req: HandshakeRequest) {
  provider.engineAddress = req.getEngineAddress();
  const response = new pb.ProviderHandshakeResponse();
  response.setAcceptSecrets(true);
  response.setAcceptResources(true);
  response.setAcceptOutputs(false);
  response.setSupportsAutonamingConfiguration(false);
  return response;
}

export async function getPluginInfo() {
  const info = new pluginProto.PluginInfo();
  info.setVersion(packageVersion());
  return info;
}

/** The checked-in schema.json. There are no sub-packages: this provider is not parameterized. */
export async function getSchema() {
  const response = new pb.GetSchemaResponse();
  response.setSchema(PACKAGE_SCHEMA_TEXT);
  return response;
}

/** Sent when the engine attaches to a plugin started by hand (PULUMI_DEBUG_PROVIDERS=kkms:PORT). */
export async function attach(provider: ProviderInstance, req: AttachRequest) {
  provider.engineAddress = req.getAddress();
  return new Empty();
}

export async function cancel(provider: ProviderInstance) {
  provider.cancel();
  return new Empty();
}
