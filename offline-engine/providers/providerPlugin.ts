import * as path from "path";

import type { EngineStubs } from "../rpc/engineStubs";
import {
  containsUnknown,
  marshalProperties,
  normalizeUnknownsIn,
  type MarshalOptions,
} from "../rpc/wireProperties";
import type { PluginProcess } from "./pluginProcess";
import {
  ProviderCallError,
  ProviderRpc,
  type CheckFailure,
  type DiffResponse,
  type ProviderProtocol,
} from "./providerRpc";
import { annotateSecrets, containsSecrets, makeSecret, stripSecrets, type PropertyMap } from "./secrets";

/**
 * One provider plugin process as the engine drives it: sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0
 * (`provider`). Every method follows its namesake there: what is marshalled (secrets and resource references only
 * when the plugin accepts them), what is re-marked on the way back (`annotateSecrets`), what a preview does, and
 * what happens while the provider's configuration is not known.
 */

/** The result of a create or update that failed after the resource came to exist (ErrorResourceInitFailed). */
export class InitFailedError extends Error {
  constructor(
    readonly reasons: string[],
    readonly id: string,
    readonly properties: PropertyMap,
    readonly inputs: PropertyMap | undefined,
    cause: unknown,
  ) {
    // provider_plugin.go:2520 `InitError.Error`: the reasons, or "resource init failed".
    super(reasons.length > 0 ? reasons.join("; ") : "resource init failed", { cause });
    this.name = "InitFailedError";
  }
}

/**
 * Diff could not be asked because the configuration is unknown (provider_plugin.go:1279 returns `DiffUnavailable`,
 * sdk/go/common/resource/plugin/provider.go:853).
 */
export class DiffUnavailableError extends Error {
  constructor() {
    super(
      "The provider for this resource has inputs that are not known during preview.\n" +
        "This preview may not correctly represent the changes that will be applied during an update.",
    );
    this.name = "DiffUnavailableError";
  }
}

export interface CheckResult {
  readonly inputs: PropertyMap;
  readonly failures: CheckFailure[];
}

export interface ReadResult {
  /** "" when the provider reports the resource gone. */
  readonly id: string;
  /** undefined when the provider sent none (the engine then knows nothing about the resource). */
  readonly outputs: PropertyMap | undefined;
  readonly inputs: PropertyMap | undefined;
  /** Set by a read that reports the resource unhealthy (a partial failure). */
  readonly initErrors?: string[];
}

export class ProviderPlugin {
  private protocol: ProviderProtocol | undefined;
  /** undefined until Configure ran or was skipped; false when the configuration held unknowns. */
  private configKnown: Promise<boolean> | undefined;
  private resolveConfigured!: (known: boolean) => void;
  private rejectConfigured!: (error: unknown) => void;
  private readonly configured: Promise<boolean>;

  constructor(
    /** The package it serves, e.g. `kkms` or `pulumi-nodejs`. */
    readonly pkg: string,
    readonly version: string,
    private readonly rpc: ProviderRpc,
    private readonly process: PluginProcess,
  ) {
    this.configured = new Promise<boolean>((resolve, reject) => {
      this.resolveConfigured = resolve;
      this.rejectConfigured = reject;
    });
    // Nothing may wait on an unconfigured provider forever without noticing a failed Configure.
    this.configured.catch(() => undefined);
  }

  /** Starts the RPC side: Handshake (provider_plugin.go:173 NewProvider), then GetPluginInfo (pkg/host/host.go:381 Provider). */
  static async connect(
    stubs: EngineStubs,
    pkg: string,
    process: PluginProcess,
    engineAddress: string,
    pluginPath: string,
  ): Promise<ProviderPlugin> {
    const rpc = new ProviderRpc(stubs, `127.0.0.1:${process.port}`);
    try {
      const protocol = await rpc.handshake(engineAddress, path.dirname(pluginPath));
      const version = await rpc.getPluginInfo().catch(() => "");
      const plugin = new ProviderPlugin(pkg, version, rpc, process);
      plugin.protocol = protocol;
      return plugin;
    } catch (error) {
      rpc.close();
      await process.kill();
      throw error;
    }
  }

  get pid(): number {
    return this.process.pid;
  }

  /** Everything the plugin wrote on stderr so far. */
  get stderr(): string {
    return this.process.stderr;
  }

  async close(): Promise<void> {
    this.rpc.close();
    await this.process.kill();
  }

  /** CheckConfig; unimplemented → the news as they are (provider_plugin.go:649 CheckConfig). Secrets are not sent. */
  async checkConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const plain: MarshalOptions = { keepUnknowns: true, keepSecrets: false, keepResources: false };
    const response = await this.rpc.checkConfig(
      urn,
      marshalProperties(olds, plain),
      marshalProperties(news, plain),
    );
    if (!response) return { inputs: news, failures: [] };
    const inputs = annotateSecrets(normalizeUnknownsIn(response.inputs ?? {}), news);
    return { inputs, failures: response.failures };
  }

  /** DiffConfig; unimplemented → "unknown", which the registry resolves by comparing (registry.go:732 Diff). */
  async diffConfig(
    urn: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
  ): Promise<DiffResponse | undefined> {
    const plain: MarshalOptions = { keepUnknowns: true, keepSecrets: false, keepResources: false };
    return this.rpc.diffConfig(
      urn,
      marshalProperties(oldInputs, plain),
      marshalProperties(oldOutputs, plain),
      marshalProperties(newInputs, plain),
    );
  }

  /**
   * Configure with the provider resource's inputs. An unknown input means the configuration is not known (a
   * preview): Configure is not called, and the other methods answer conservatively.
   */
  configure(urn: string, id: string, inputs: PropertyMap): Promise<void> {
    if (this.configKnown) throw new Error(`${this.pkg} provider ${urn} is configured twice`);
    this.configKnown = this.configured;
    if (Object.values(inputs).some(containsUnknown)) {
      this.protocol ??= { acceptSecrets: false, acceptResources: false, supportsPreview: false };
      this.resolveConfigured(false);
      return Promise.resolve();
    }
    const variables: Record<string, string> = {};
    for (const [key, value] of Object.entries(inputs)) {
      if (key === "version") continue;
      const plain = stripSecrets(value);
      variables[`${this.pkg}:config:${key}`] = typeof plain === "string" ? plain : JSON.stringify(plain);
    }
    return this.rpc.configure({ urn, id, variables, args: inputs }).then(
      (protocol) => {
        // A handshake's answer stands (provider_plugin.go:1022 Configure: `if p.protocol == nil`).
        this.protocol ??= protocol;
        this.resolveConfigured(true);
      },
      (error) => {
        this.rejectConfigured(error);
        throw error;
      },
    );
  }

  async check(
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    allowUnknowns: boolean,
  ): Promise<CheckResult> {
    const { protocol, known } = await this.configuredProtocol();
    if (!known) return { inputs: news, failures: [] };
    const options = this.marshalOptions(protocol, allowUnknowns);
    const seed = new Uint8Array(32).map(() => Math.floor(Math.random() * 256));
    const response = await this.rpc.check(
      urn,
      marshalProperties(olds, options),
      marshalProperties(news, options),
      seed,
    );
    let inputs = normalizeUnknownsIn(response.inputs ?? {});
    if (!protocol.acceptSecrets) inputs = annotateSecrets(inputs, news);
    return { inputs, failures: response.failures };
  }

  async diff(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
    allowUnknowns: boolean,
    ignoreChanges: readonly string[],
  ): Promise<DiffResponse> {
    const { protocol, known } = await this.configuredProtocol();
    if (!known) throw new DiffUnavailableError();
    const options = this.marshalOptions(protocol, allowUnknowns);
    return this.rpc.diff(
      urn,
      id,
      marshalProperties(oldInputs, options),
      marshalProperties(oldOutputs, options),
      marshalProperties(newInputs, options),
      ignoreChanges,
    );
  }

  /**
   * Create. In a preview, a provider without preview support is not called: the inputs are the state
   * (provider_plugin.go:1364 Create); with an unknown configuration the state is empty.
   */
  async create(
    urn: string,
    properties: PropertyMap,
    preview: boolean,
  ): Promise<{ id: string; outputs: PropertyMap }> {
    const { protocol, known } = await this.configuredProtocol();
    if (preview) {
      if (!known) return { id: "", outputs: {} };
      if (!protocol.supportsPreview) return { id: "", outputs: properties };
    }
    const options = this.marshalOptions(protocol, preview);
    try {
      const created = await this.rpc.create(urn, marshalProperties(properties, options), preview);
      if (created.id === "" && !preview)
        throw new Error(`plugin returned empty resource.ID from create '${urn}'`);
      return { id: created.id, outputs: this.remark(created.properties, properties, protocol) };
    } catch (error) {
      throw this.initFailed(error, properties, protocol);
    }
  }

  async read(
    urn: string,
    id: string,
    state: PropertyMap | undefined,
    inputs: PropertyMap | undefined,
  ): Promise<ReadResult> {
    const { protocol, known } = await this.configuredProtocol();
    if (!known) return { id: "", outputs: {}, inputs: {} };
    const options = this.marshalOptions(protocol, false);
    try {
      const read = await this.rpc.read(
        urn,
        id,
        state && marshalProperties(state, options),
        inputs && marshalProperties(inputs, options),
      );
      return {
        id: read.id,
        outputs: read.properties && this.remark(read.properties, state ?? {}, protocol),
        inputs: read.inputs && this.remark(read.inputs, inputs ?? {}, protocol),
      };
    } catch (error) {
      const failed = this.initFailed(error, state ?? {}, protocol);
      if (!(failed instanceof InitFailedError)) throw failed;
      return { id: failed.id, outputs: failed.properties, inputs: failed.inputs, initErrors: failed.reasons };
    }
  }

  /** Update. A preview without provider preview support returns the new inputs (provider_plugin.go:1633 Update). */
  async update(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
    preview: boolean,
    ignoreChanges: readonly string[],
  ): Promise<PropertyMap> {
    const { protocol, known } = await this.configuredProtocol();
    if (preview) {
      if (!known) return {};
      if (!protocol.supportsPreview) return newInputs;
    }
    const options = this.marshalOptions(protocol, preview);
    try {
      const outputs = await this.rpc.update(
        urn,
        id,
        marshalProperties(oldInputs, options),
        marshalProperties(oldOutputs, options),
        marshalProperties(newInputs, options),
        preview,
        ignoreChanges,
      );
      return this.remark(outputs, newInputs, protocol);
    } catch (error) {
      throw this.initFailed(error, newInputs, protocol);
    }
  }

  async delete(urn: string, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap): Promise<void> {
    const { protocol } = await this.configuredProtocol();
    const options = this.marshalOptions(protocol, false);
    await this.rpc.delete(
      urn,
      id,
      marshalProperties(oldInputs, options),
      marshalProperties(oldOutputs, options),
    );
  }

  /** Invoke; secret arguments make every result secret when the provider cannot say so itself. */
  async invoke(
    token: string,
    args: PropertyMap,
    preview: boolean,
  ): Promise<{ returns: PropertyMap; failures: CheckFailure[] }> {
    const { protocol, known } = await this.configuredProtocol();
    if (!known) return { returns: {}, failures: [] };
    const options = this.marshalOptions(protocol, false);
    const { returns, failures } = await this.rpc.invoke(token, marshalProperties(args, options), preview);
    let result = normalizeUnknownsIn(returns);
    if (!protocol.acceptSecrets && Object.values(args).some(containsSecrets)) {
      result = Object.fromEntries(Object.entries(result).map(([key, value]) => [key, makeSecret(value)]));
    }
    return { returns: result, failures };
  }

  private async configuredProtocol(): Promise<{ protocol: ProviderProtocol; known: boolean }> {
    if (!this.configKnown) throw new Error(`the ${this.pkg} provider was used before it was configured`);
    const known = await this.configKnown;
    return { protocol: this.protocol as ProviderProtocol, known };
  }

  private marshalOptions(protocol: ProviderProtocol, keepUnknowns: boolean): MarshalOptions {
    return { keepUnknowns, keepSecrets: protocol.acceptSecrets, keepResources: protocol.acceptResources };
  }

  /** What came back, with secretness copied from what went out when the plugin could not carry it. */
  private remark(outputs: PropertyMap, sent: PropertyMap, protocol: ProviderProtocol): PropertyMap {
    const normalized = normalizeUnknownsIn(outputs);
    return protocol.acceptSecrets ? normalized : annotateSecrets(normalized, sent);
  }

  /** provider_plugin.go:2482 `parseError`: ErrorResourceInitFailed means the resource exists, partially. */
  private initFailed(error: unknown, sent: PropertyMap, protocol: ProviderProtocol): unknown {
    const details = error instanceof ProviderCallError ? error.initFailed : undefined;
    if (!details) return error;
    const inputs = details.inputs && this.remark(details.inputs, sent, protocol);
    return new InitFailedError(
      details.reasons,
      details.id,
      this.remark(details.properties, sent, protocol),
      inputs,
      error,
    );
  }
}
