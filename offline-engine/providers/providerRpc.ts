import type * as grpcJs from "@grpc/grpc-js";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";

import type { EngineStubs } from "../rpc/engineStubs";
import { urnName, urnType } from "../deploy/urn";
import { decodeInitFailed, type InitFailedDetails } from "./providerHostError";
import type { PropertyMap } from "./secrets";

/**
 * A failed call to a plugin, as the engine reports it: the plugin's own message (rpcerror.Convert `Message`), its
 * gRPC code, and the partially created resource of an ErrorResourceInitFailed.
 */
export class ProviderCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly initFailed: InitFailedDetails | undefined,
  ) {
    super(message);
    this.name = "ProviderCallError";
  }
}

/** A provider's answer to Handshake or Configure: how the engine must talk to it afterwards. */
export interface ProviderProtocol {
  readonly acceptSecrets: boolean;
  readonly acceptResources: boolean;
  readonly supportsPreview: boolean;
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckResponse {
  /** undefined when the provider answered none. */
  readonly inputs: PropertyMap | undefined;
  readonly failures: CheckFailure[];
}

/** DiffResponse.DiffChanges: 0 unknown, 1 none, 2 some. */
export type DiffChanges = "unknown" | "none" | "some";

/** PropertyDiff.Kind, by name. */
export type PropertyDiffKind =
  "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface PropertyDiff {
  readonly kind: PropertyDiffKind;
  readonly inputDiff: boolean;
}

export interface DiffResponse {
  readonly changes: DiffChanges;
  readonly replaces: string[];
  readonly stables: string[];
  /** The changed top-level keys (`diffs`). */
  readonly diffs: string[];
  /** Present only when the provider sent one (`hasDetailedDiff`). */
  readonly detailedDiff: Record<string, PropertyDiff> | undefined;
  readonly deleteBeforeReplace: boolean;
}

export interface ConfigureArgs {
  readonly urn: string;
  readonly id: string;
  /** `<pkg>:config:<key>` → string, the deprecated form. */
  readonly variables: Record<string, string>;
  /** The provider's inputs in wire form, secrets wrapped. */
  readonly args: PropertyMap;
}

const DIFF_KINDS: PropertyDiffKind[] = [
  "add",
  "add-replace",
  "delete",
  "delete-replace",
  "update",
  "update-replace",
];

type Callback<Res> = (error: grpcJs.ServiceError | null, response: Res) => void;
type UnaryMethod = (
  request: unknown,
  metadata: grpcJs.Metadata,
  options: grpcJs.CallOptions,
  cb: Callback<unknown>,
) => void;

type Pb = typeof providerPb;

/**
 * The engine's side of the ResourceProvider gRPC service of one plugin: the raw RPCs, requests filled as the Go
 * engine fills them (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0), properties as wire JSON. What
 * to marshal (secrets, unknowns) is decided by the caller, ProviderPlugin.
 */
export class ProviderRpc {
  private readonly client: grpcJs.Client;

  constructor(
    private readonly stubs: EngineStubs,
    address: string,
    /** A deadline for each RPC; none by default, as the engine sets none (a create may take long). */
    private readonly callTimeoutMs?: number,
  ) {
    this.client = new stubs.ResourceProviderClient(address, stubs.grpc.credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  /** undefined when the plugin does not implement Handshake (the engine then falls back to Configure's answer). */
  async handshake(engineAddress: string, pluginDir: string): Promise<ProviderProtocol | undefined> {
    const request = new this.pb.ProviderHandshakeRequest();
    request.setEngineAddress(engineAddress);
    request.setRootDirectory(pluginDir);
    request.setProgramDirectory(pluginDir);
    request.setConfigureWithUrn(true);
    // The engine claims both (provider_plugin.go:205-206 at v3.248.0), but the offline engine has neither views
    // (ViewStep) nor the refresh-before-update pass (deployment_executor.go:174-178): a plugin must not rely on them.
    request.setSupportsViews(false);
    request.setSupportsRefreshBeforeUpdate(false);
    request.setInvokeWithPreview(true);
    const response = await this.callOptional<InstanceType<Pb["ProviderHandshakeResponse"]>>(
      "handshake",
      request,
    );
    if (!response) return undefined;
    // provider_plugin.go:173 NewProvider: a plugin that handshakes supports previews.
    return {
      acceptSecrets: response.getAcceptSecrets(),
      acceptResources: response.getAcceptResources(),
      supportsPreview: true,
    };
  }

  async getPluginInfo(): Promise<string> {
    const response = await this.call<{ getVersion(): string }>("getPluginInfo", new this.stubs.Empty());
    return response.getVersion();
  }

  /** undefined when unimplemented (the engine then takes the news as they are). */
  async checkConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResponse | undefined> {
    const request = this.checkRequest(urn, olds, news);
    const response = await this.callOptional<InstanceType<Pb["CheckResponse"]>>("checkConfig", request, true);
    return response && this.toCheckResponse(response);
  }

  /** undefined when unimplemented. */
  async diffConfig(
    urn: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
  ): Promise<DiffResponse | undefined> {
    const request = this.diffRequest(urn, "", oldInputs, oldOutputs, news, []);
    const response = await this.callOptional<InstanceType<Pb["DiffResponse"]>>("diffConfig", request, true);
    return response && this.toDiffResponse(response);
  }

  async configure(configure: ConfigureArgs): Promise<ProviderProtocol> {
    const request = new this.pb.ConfigureRequest();
    for (const [key, value] of Object.entries(configure.variables)) request.getVariablesMap().set(key, value);
    request.setArgs(this.toStruct(configure.args));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    request.setSendsOldInputs(true);
    request.setSendsOldInputsToDelete(true);
    request.setUrn(configure.urn);
    request.setName(urnName(configure.urn));
    request.setType(urnType(configure.urn));
    request.setId(configure.id);
    const response = await this.call<InstanceType<Pb["ConfigureResponse"]>>("configure", request);
    return {
      acceptSecrets: response.getAcceptsecrets(),
      acceptResources: response.getAcceptresources(),
      supportsPreview: response.getSupportspreview(),
    };
  }

  async check(
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    randomSeed: Uint8Array,
  ): Promise<CheckResponse> {
    const request = this.checkRequest(urn, olds, news);
    request.setRandomseed(randomSeed);
    return this.toCheckResponse(await this.call<InstanceType<Pb["CheckResponse"]>>("check", request));
  }

  async diff(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
    ignoreChanges: readonly string[],
  ): Promise<DiffResponse> {
    const request = this.diffRequest(urn, id, oldInputs, oldOutputs, news, ignoreChanges);
    return this.toDiffResponse(await this.call<InstanceType<Pb["DiffResponse"]>>("diff", request));
  }

  async create(
    urn: string,
    properties: PropertyMap,
    preview: boolean,
  ): Promise<{ id: string; properties: PropertyMap }> {
    const request = new this.pb.CreateRequest();
    setTarget(request, urn);
    request.setProperties(this.toStruct(properties));
    request.setPreview(preview);
    const response = await this.call<InstanceType<Pb["CreateResponse"]>>("create", request);
    return { id: response.getId(), properties: fromStruct(response.getProperties()) };
  }

  /** `inputs` travel only when the engine has some (a refresh, a `.get`); an import sends neither. */
  async read(
    urn: string,
    id: string,
    state: PropertyMap | undefined,
    inputs: PropertyMap | undefined,
  ): Promise<{ id: string; properties: PropertyMap | undefined; inputs: PropertyMap | undefined }> {
    const request = new this.pb.ReadRequest();
    setTarget(request, urn);
    request.setId(id);
    if (state) request.setProperties(this.toStruct(state));
    if (inputs) request.setInputs(this.toStruct(inputs));
    const response = await this.call<InstanceType<Pb["ReadResponse"]>>("read", request);
    const properties = response.getProperties();
    const liveInputs = response.getInputs();
    return {
      id: response.getId(),
      properties: properties ? fromStruct(properties) : undefined,
      inputs: liveInputs ? fromStruct(liveInputs) : undefined,
    };
  }

  async update(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
    preview: boolean,
    ignoreChanges: readonly string[],
  ): Promise<PropertyMap> {
    const request = new this.pb.UpdateRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setOlds(this.toStruct(oldOutputs));
    request.setNews(this.toStruct(news));
    request.setOldInputs(this.toStruct(oldInputs));
    request.setPreview(preview);
    request.setIgnorechangesList([...ignoreChanges]);
    const response = await this.call<InstanceType<Pb["UpdateResponse"]>>("update", request);
    return fromStruct(response.getProperties());
  }

  async delete(urn: string, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap): Promise<void> {
    const request = new this.pb.DeleteRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setProperties(this.toStruct(oldOutputs));
    request.setOldInputs(this.toStruct(oldInputs));
    await this.call("delete", request);
  }

  async invoke(
    token: string,
    args: PropertyMap,
    preview: boolean,
  ): Promise<{ returns: PropertyMap; failures: CheckFailure[] }> {
    const request = new this.pb.InvokeRequest();
    request.setTok(token);
    request.setArgs(this.toStruct(args));
    request.setPreview(preview);
    const response = await this.call<InstanceType<Pb["InvokeResponse"]>>("invoke", request);
    return {
      returns: fromStruct(response.getReturn()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  private get pb(): Pb {
    return this.stubs.provider;
  }

  private checkRequest(urn: string, olds: PropertyMap, news: PropertyMap) {
    const request = new this.pb.CheckRequest();
    setTarget(request, urn);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    return request;
  }

  private diffRequest(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
    ignoreChanges: readonly string[],
  ) {
    const request = new this.pb.DiffRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setOlds(this.toStruct(oldOutputs));
    request.setNews(this.toStruct(news));
    request.setOldInputs(this.toStruct(oldInputs));
    request.setIgnorechangesList([...ignoreChanges]);
    return request;
  }

  private toCheckResponse(response: InstanceType<Pb["CheckResponse"]>): CheckResponse {
    const inputs = response.getInputs();
    return {
      inputs: inputs ? fromStruct(inputs) : undefined,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  private toDiffResponse(response: InstanceType<Pb["DiffResponse"]>): DiffResponse {
    const kinds = this.pb.DiffResponse.DiffChanges;
    const changes = response.getChanges();
    let detailedDiff: Record<string, PropertyDiff> | undefined;
    if (response.getHasdetaileddiff()) {
      detailedDiff = {};
      for (const [key, diff] of response.getDetaileddiffMap().entries()) {
        // provider_plugin.go decodeDetailedDiff: an unknown kind is a plain update.
        detailedDiff[key] = { kind: DIFF_KINDS[diff.getKind()] ?? "update", inputDiff: diff.getInputdiff() };
      }
    }
    return {
      changes: changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
      replaces: response.getReplacesList(),
      stables: response.getStablesList(),
      diffs: response.getDiffsList(),
      detailedDiff,
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  private toStruct(map: PropertyMap) {
    return this.stubs.Struct.fromJavaScript(map);
  }

  /**
   * Resolves undefined for an RPC the plugin does not implement (UNIMPLEMENTED; for CheckConfig and DiffConfig
   * also INTERNAL, which older Node.js dynamic-provider hosts answered: provider_plugin.go
   * `isDiffCheckConfigLogicallyUnimplemented`).
   */
  private async callOptional<Res>(method: string, request: unknown, internalIsUnimplemented = false) {
    try {
      return await this.call<Res>(method, request);
    } catch (error) {
      const { status } = this.stubs.grpc;
      const code = (error as ProviderCallError).code;
      if (code === status.UNIMPLEMENTED || (internalIsUnimplemented && code === status.INTERNAL))
        return undefined;
      throw error;
    }
  }

  private call<Res>(method: string, request: unknown): Promise<Res> {
    const unary = (this.client as unknown as Record<string, UnaryMethod>)[method];
    const options = this.callTimeoutMs ? { deadline: Date.now() + this.callTimeoutMs } : {};
    const statusStubs = { pb: this.stubs.provider, Status: this.stubs.status.Status };
    return new Promise<Res>((resolve, reject) => {
      unary.call(this.client, request, new this.stubs.grpc.Metadata(), options, (error, response) => {
        if (error) {
          const initFailed = decodeInitFailed(error.metadata, statusStubs);
          reject(new ProviderCallError(method, error.code, error.details || error.message, initFailed));
        } else resolve(response as Res);
      });
    });
  }
}

interface TargetedRequest {
  setUrn(urn: string): unknown;
  setName(name: string): unknown;
  setType(type: string): unknown;
}

/** The engine fills name and type from the URN (`req.URN.Name()`, `req.URN.Type()`). */
function setTarget(request: TargetedRequest, urn: string): void {
  request.setUrn(urn);
  request.setType(urnType(urn));
  request.setName(urnName(urn));
}

function fromStruct(struct: { toJavaScript(): object } | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}
