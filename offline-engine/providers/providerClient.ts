import type * as grpcJs from "@grpc/grpc-js";

import { ProviderHostError } from "./providerHostError";
import type { ProviderStubs } from "./providerStubs";
import { makeSecret, type PropertyMap } from "./secrets";

/** What the host answers to Configure: how the engine must talk to it afterwards. */
export interface ConfigureResult {
  readonly acceptSecrets: boolean;
  readonly acceptResources: boolean;
  readonly supportsPreview: boolean;
  readonly acceptOutputs: boolean;
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckResult {
  readonly inputs: PropertyMap;
  readonly failures: CheckFailure[];
}

export interface DiffResult {
  /** true: DIFF_SOME, false: DIFF_NONE, undefined: DIFF_UNKNOWN (the engine then diffs the inputs itself). */
  readonly changes: boolean | undefined;
  readonly replaces: string[];
  /** Always empty from the 3.248 host: it drops the provider's `stables`. */
  readonly stables: string[];
  readonly deleteBeforeReplace: boolean;
}

export interface CreateResult {
  readonly id: string;
  readonly outs: PropertyMap;
}

export interface ReadResult {
  /** "" when the provider reported the resource gone. */
  readonly id: string;
  readonly props: PropertyMap;
  /** Only when the provider's read returned `inputs`. */
  readonly inputs: PropertyMap | undefined;
}

export interface UpdateResult {
  readonly outs: PropertyMap;
}

export interface ConfigureOptions {
  /** Config keys whose values the stack holds as secrets; the engine sends those wrapped as secrets in `args`. */
  readonly secretKeys?: readonly string[];
}

/** The package name the engine uses for Node.js dynamic providers (provider_plugin.go `nodejsDynamicProviderPackage`). */
const DYNAMIC_PACKAGE = "pulumi-nodejs";

type Callback<Res> = (error: grpcJs.ServiceError | null, response: Res) => void;
type UnaryMethod = (
  request: unknown,
  metadata: grpcJs.Metadata,
  options: grpcJs.CallOptions,
  cb: Callback<unknown>,
) => void;

/**
 * The engine's side of the ResourceProvider gRPC service, for one host. Requests are filled the way the Go engine
 * fills them (sdk/go/common/resource/plugin/provider_plugin.go); properties go and come as plain JSON objects.
 */
export class ProviderClient {
  private readonly client: grpcJs.Client;

  constructor(
    private readonly stubs: ProviderStubs,
    address: string,
    private readonly callTimeoutMs: number,
  ) {
    this.client = new stubs.ResourceProviderClient(address, stubs.grpc.credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  async configure(config: Record<string, string>, options: ConfigureOptions = {}): Promise<ConfigureResult> {
    const { pb } = this.stubs;
    const request = new pb.ConfigureRequest();
    const secretKeys = new Set(options.secretKeys ?? []);
    const args: PropertyMap = {};
    for (const [key, value] of Object.entries(config)) {
      // The older spelling `<package>:config:<key>` travels in `variables`; the 3.248 host reads only `args`.
      request.getVariablesMap().set(`${DYNAMIC_PACKAGE}:config:${key}`, value);
      args[key] = secretKeys.has(key) ? makeSecret(value) : value;
    }
    request.setArgs(this.toStruct(args));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    request.setSendsOldInputs(true);
    request.setSendsOldInputsToDelete(true);
    const response = await this.call<InstanceType<typeof pb.ConfigureResponse>>("configure", request);
    return {
      acceptSecrets: response.getAcceptsecrets(),
      acceptResources: response.getAcceptresources(),
      supportsPreview: response.getSupportspreview(),
      acceptOutputs: response.getAcceptoutputs(),
    };
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const { pb } = this.stubs;
    const request = new pb.CheckRequest();
    setTarget(request, urn);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    const response = await this.call<InstanceType<typeof pb.CheckResponse>>("check", request);
    return {
      inputs: fromStruct(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** `olds` are the old outputs (state), as the engine sends them; `oldInputs` travel separately. */
  async diff(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs: PropertyMap = {},
  ): Promise<DiffResult> {
    const { pb } = this.stubs;
    const request = new pb.DiffRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    request.setOldInputs(this.toStruct(oldInputs));
    const response = await this.call<InstanceType<typeof pb.DiffResponse>>("diff", request);
    return {
      changes: toChanges(response.getChanges(), pb.DiffResponse.DiffChanges),
      replaces: response.getReplacesList(),
      stables: response.getStablesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, props: PropertyMap, options: { preview?: boolean } = {}): Promise<CreateResult> {
    const { pb } = this.stubs;
    const request = new pb.CreateRequest();
    setTarget(request, urn);
    request.setProperties(this.toStruct(props));
    request.setPreview(options.preview ?? false);
    const response = await this.call<InstanceType<typeof pb.CreateResponse>>("create", request);
    return { id: response.getId(), outs: fromStruct(response.getProperties()) };
  }

  /** `props` is the state; `inputs` (optional) the last inputs. (The engine's import sends the id alone: see ImportStep.) */
  async read(urn: string, id: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const { pb } = this.stubs;
    const request = new pb.ReadRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setProperties(this.toStruct(props));
    if (inputs) request.setInputs(this.toStruct(inputs));
    const response = await this.call<InstanceType<typeof pb.ReadResponse>>("read", request);
    const liveInputs = response.getInputs();
    return {
      id: response.getId(),
      props: fromStruct(response.getProperties()),
      inputs: liveInputs ? fromStruct(liveInputs) : undefined,
    };
  }

  async update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs: PropertyMap = {},
  ): Promise<UpdateResult> {
    const { pb } = this.stubs;
    const request = new pb.UpdateRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    request.setOldInputs(this.toStruct(oldInputs));
    const response = await this.call<InstanceType<typeof pb.UpdateResponse>>("update", request);
    return { outs: fromStruct(response.getProperties()) };
  }

  async delete(urn: string, id: string, props: PropertyMap, oldInputs: PropertyMap = {}): Promise<void> {
    const { pb } = this.stubs;
    const request = new pb.DeleteRequest();
    setTarget(request, urn);
    request.setId(id);
    request.setProperties(this.toStruct(props));
    request.setOldInputs(this.toStruct(oldInputs));
    await this.call("delete", request);
  }

  private toStruct(map: PropertyMap) {
    return this.stubs.Struct.fromJavaScript(map);
  }

  private call<Res>(method: string, request: unknown): Promise<Res> {
    const unary = (this.client as unknown as Record<string, UnaryMethod>)[method];
    const options = { deadline: Date.now() + this.callTimeoutMs };
    return new Promise<Res>((resolve, reject) => {
      unary.call(this.client, request, new this.stubs.grpc.Metadata(), options, (error, response) => {
        if (error) reject(new ProviderHostError(method, error, this.stubs));
        else resolve(response as Res);
      });
    });
  }
}

interface TargetedRequest {
  setUrn(urn: string): unknown;
  setName(name: string): unknown;
  setType(type: string): unknown;
}

/** The engine fills name and type from the URN (`urn:pulumi:stack::project::[parent$]type::name`). */
function setTarget(request: TargetedRequest, urn: string): void {
  const parts = urn.split("::");
  request.setUrn(urn);
  request.setType((parts[2] ?? "").split("$").pop() ?? "");
  request.setName(parts.slice(3).join("::"));
}

function fromStruct(struct: { toJavaScript(): object } | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

function toChanges(changes: number, kinds: { DIFF_NONE: number; DIFF_SOME: number }): boolean | undefined {
  if (changes === kinds.DIFF_SOME) return true;
  if (changes === kinds.DIFF_NONE) return false;
  return undefined;
}
