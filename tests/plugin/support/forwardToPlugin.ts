import type * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "../../helpers/captureResources";
import { engineCreate } from "./engineFlow";
import { startPluginProcess, type PluginClient, type PluginProcess } from "./pluginProcess";

/**
 * A stand-in for the engine's dispatch, until the offline engine (issue 13) runs programs through the real
 * language host: a program's registrations and invokes, captured under setMocks, go to the plugin over gRPC —
 * an explicit `pulumi:providers:kkms` starts its own plugin process configured with its inputs, as the engine
 * does; everything else goes to the default provider's plugin.
 */
export class PluginDispatcher {
  private readonly plugins = new Map<string, PluginProcess>();

  constructor(private readonly defaultProvider: PluginClient) {}

  newResource = async (resource: CapturedResource): Promise<pulumi.runtime.MockResourceResult> => {
    if (resource.type === "pulumi:providers:kkms") {
      const plugin = await startPluginProcess();
      const checked = await plugin.client.checkConfig(resource.wireInputs, {}, resource.name);
      if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
      await plugin.client.configure(checked.inputs, { name: resource.name });
      const id = `provider-${this.plugins.size + 1}`;
      this.plugins.set(`${resource.urn}::${id}`, plugin);
      return { id, state: checked.inputs };
    }
    const client = this.clientFor(resource.provider);
    const created = await engineCreate(client, resource.type, resource.name, resource.wireInputs);
    return { id: created.id, state: created.outputs };
  };

  call = async (args: pulumi.runtime.MockCallArgs): Promise<Record<string, unknown>> => {
    const { result } = await this.clientFor(args.provider ?? "").invoke(args.token, args.inputs);
    return result;
  };

  private clientFor(providerReference: string): PluginClient {
    if (!providerReference) return this.defaultProvider;
    const plugin = this.plugins.get(providerReference);
    if (!plugin) throw new Error(`no plugin for provider ${providerReference}`);
    return plugin.client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.plugins.values()].map((p) => p.kill()));
  }
}
