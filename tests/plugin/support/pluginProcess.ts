import { spawn, type ChildProcess } from "child_process";
import { createRequire } from "module";
import * as path from "path";
import type * as grpcJs from "@grpc/grpc-js";
import { WATCHDOG } from "../../../offline-engine/providers/hostWatchdogPath";
import { loadProviderStubs, type ProviderStubs } from "../../../offline-engine/providers/providerStubs";

/** The compiled bin, as package.json's `bin` names it (`npm test` builds first). */
export const PLUGIN_BIN = path.resolve(__dirname, "../../../dist/provider/plugin/main.js");

type Props = Record<string, unknown>;

/** What an RPC failure looks like to the engine: the gRPC status code and message. */
export class PluginRpcError extends Error {
  constructor(
    readonly rpc: string,
    readonly code: number,
    readonly details: string,
    readonly metadata: grpcJs.Metadata | undefined,
  ) {
    super(`${rpc} failed (${code}): ${details}`);
    this.name = "PluginRpcError";
  }
}

export interface PluginProcess {
  readonly pid: number;
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly client: PluginClient;
  kill(): Promise<void>;
}

/** Starts `pulumi-resource-kkms ENGINE_ADDRESS` as the engine does and reads its port from the first stdout line. */
export async function startPluginProcess(
  env: NodeJS.ProcessEnv = {},
  args: string[] = ["127.0.0.1:1"],
): Promise<PluginProcess> {
  const child = spawn(process.execPath, ["--require", WATCHDOG, PLUGIN_BIN, ...args], {
    env: {
      ...process.env,
      KSYUN_ACCESS_KEY: undefined,
      KSYUN_SECRET_KEY: undefined,
      KSYUN_REGION: undefined,
      KKMS_ENDPOINT: undefined,
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (t: string) => (stdout += t));
  child.stderr?.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  child.stdin?.on("error", () => undefined);
  const port = await readPort(
    child,
    () => stdout,
    () => stderr,
  );
  const client = new PluginClient(`127.0.0.1:${port}`);
  return {
    pid: child.pid as number,
    port,
    stdout: () => stdout,
    stderr: () => stderr,
    client,
    async kill() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

function readPort(child: ChildProcess, stdout: () => string, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port within 20 s; stderr: ${stderr()}`)), 20000);
    child.once("exit", (code) => reject(new Error(`the plugin exited (${code}): ${stderr()}`)));
    child.stdout?.on("data", () => {
      const newline = stdout().indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      const line = stdout().slice(0, newline);
      const port = Number(line);
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`not a port: ${JSON.stringify(line)}`));
    });
  });
}

type Callback = (error: grpcJs.ServiceError | null, response: unknown) => void;

/**
 * The engine's end of the ResourceProvider service, with the stubs @pulumi/pulumi ships. Requests are filled as
 * the engine fills them (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0); properties go and come
 * as wire JSON (secrets as `{4dabf…: 1b47…, value}`).
 */
export class PluginClient {
  readonly stubs: ProviderStubs = loadProviderStubs();
  private readonly raw: grpcJs.Client;

  constructor(address: string) {
    this.raw = new this.stubs.ResourceProviderClient(address, this.stubs.grpc.credentials.createInsecure());
  }

  close(): void {
    this.raw.close();
  }

  call<T = unknown>(rpc: string, request: unknown): Promise<T> {
    const method = (this.raw as unknown as Record<string, (...args: unknown[]) => void>)[rpc];
    return new Promise<T>((resolve, reject) =>
      method.call(this.raw, request, new this.stubs.grpc.Metadata(), { deadline: Date.now() + 60000 }, ((
        err,
        res,
      ) =>
        err
          ? reject(new PluginRpcError(rpc, err.code, err.details, err.metadata))
          : resolve(res as T)) as Callback),
    );
  }

  struct(values: Props) {
    return this.stubs.Struct.fromJavaScript(values as never);
  }

  async handshake() {
    const req = new this.stubs.pb.ProviderHandshakeRequest();
    req.setEngineAddress("127.0.0.1:1");
    req.setConfigureWithUrn(true);
    req.setInvokeWithPreview(true);
    const res = await this.call<InstanceType<typeof this.stubs.pb.ProviderHandshakeResponse>>(
      "handshake",
      req,
    );
    return res.toObject();
  }

  /** A module as the stubs' own files resolve it (google-protobuf's Empty, plugin_pb's PluginAttach). */
  fromStubs<T>(request: string): T {
    return createRequire(path.join(this.stubs.pulumiDir, "proto", "provider_grpc_pb.js"))(request) as T;
  }

  private empty(): unknown {
    const { Empty } = this.fromStubs<{ Empty: new () => unknown }>(
      "google-protobuf/google/protobuf/empty_pb.js",
    );
    return new Empty();
  }

  /** A server-streaming RPC: every message it sends, or its failure as a PluginRpcError. */
  serverStream(rpc: string, request: unknown): Promise<unknown[]> {
    const method = (
      this.raw as unknown as Record<string, (...args: unknown[]) => grpcJs.ClientReadableStream<unknown>>
    )[rpc];
    const stream = method.call(this.raw, request, new this.stubs.grpc.Metadata(), {
      deadline: Date.now() + 60000,
    });
    const messages: unknown[] = [];
    return new Promise((resolve, reject) => {
      stream.on("data", (message: unknown) => messages.push(message));
      stream.on("error", (err: grpcJs.ServiceError) =>
        reject(new PluginRpcError(rpc, err.code, err.details, err.metadata)),
      );
      stream.on("end", () => resolve(messages));
    });
  }

  async getPluginInfo(): Promise<string> {
    const res = await this.call<{ getVersion(): string }>("getPluginInfo", this.empty());
    return res.getVersion();
  }

  async getSchema(): Promise<string> {
    const res = await this.call<{ getSchema(): string }>("getSchema", new this.stubs.pb.GetSchemaRequest());
    return res.getSchema();
  }

  async cancel(): Promise<void> {
    await this.call("cancel", this.empty());
  }

  /**
   * CheckConfig as registry.go Check sends it: the provider URN, its old and new inputs. `name` is the provider
   * resource's: `default` for the default provider, the program's name for an explicit one.
   */
  async checkConfig(news: Props, olds: Props = {}, name = "default") {
    const req = new this.stubs.pb.CheckRequest();
    req.setUrn(providerUrn(name));
    req.setName(name);
    req.setType("pulumi:providers:kkms");
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    const res = await this.call<InstanceType<typeof this.stubs.pb.CheckResponse>>("checkConfig", req);
    return { inputs: res.getInputs()?.toJavaScript() as Props, failures: failures(res.getFailuresList()) };
  }

  async diffConfig(oldInputs: Props, news: Props) {
    const req = new this.stubs.pb.DiffRequest();
    req.setUrn(providerUrn());
    req.setId("00000000-0000-0000-0000-000000000000");
    req.setOldInputs(this.struct(oldInputs));
    req.setOlds(this.struct(oldInputs));
    req.setNews(this.struct(news));
    return diffResult(await this.call("diffConfig", req), this.stubs);
  }

  /** Configure as provider_plugin.go :1090 sends it: args with secrets kept, the old `variables`, every flag true. */
  async configure(args: Props, options: { variablesOnly?: boolean; name?: string } = {}) {
    const name = options.name ?? "default";
    const req = new this.stubs.pb.ConfigureRequest();
    for (const [key, value] of Object.entries(args)) {
      const plain = isSecretValue(value) ? (value as Props).value : value;
      req
        .getVariablesMap()
        .set(`kkms:config:${key}`, typeof plain === "string" ? plain : JSON.stringify(plain));
    }
    if (!options.variablesOnly) req.setArgs(this.struct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    req.setUrn(providerUrn(name));
    req.setName(name);
    req.setType("pulumi:providers:kkms");
    req.setId("00000000-0000-0000-0000-000000000000");
    const res = await this.call<InstanceType<typeof this.stubs.pb.ConfigureResponse>>("configure", req);
    return res.toObject();
  }

  async check(type: string, name: string, news: Props, olds: Props = {}) {
    const req = new this.stubs.pb.CheckRequest();
    setTarget(req, type, name);
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    req.setRandomseed(Buffer.alloc(32, 7));
    const res = await this.call<InstanceType<typeof this.stubs.pb.CheckResponse>>("check", req);
    return {
      inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: failures(res.getFailuresList()),
    };
  }

  async diff(type: string, name: string, id: string, olds: Props, news: Props, oldInputs: Props = {}) {
    const req = new this.stubs.pb.DiffRequest();
    setTarget(req, type, name);
    req.setId(id);
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    req.setOldInputs(this.struct(oldInputs));
    return diffResult(await this.call("diff", req), this.stubs);
  }

  async create(type: string, name: string, properties: Props, preview = false) {
    const req = new this.stubs.pb.CreateRequest();
    setTarget(req, type, name);
    req.setProperties(this.struct(properties));
    req.setPreview(preview);
    const res = await this.call<InstanceType<typeof this.stubs.pb.CreateResponse>>("create", req);
    return { id: res.getId(), outs: (res.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  /** Import sends only the id: no properties, no inputs (pkg/resource/deploy/step.go, ImportStep.Apply). */
  async read(type: string, name: string, id: string, state?: Props, inputs?: Props) {
    const req = new this.stubs.pb.ReadRequest();
    setTarget(req, type, name);
    req.setId(id);
    if (state) req.setProperties(this.struct(state));
    if (inputs) req.setInputs(this.struct(inputs));
    const res = await this.call<InstanceType<typeof this.stubs.pb.ReadResponse>>("read", req);
    return {
      id: res.getId(),
      props: res.getProperties()?.toJavaScript() as Props | undefined,
      inputs: res.getInputs()?.toJavaScript() as Props | undefined,
    };
  }

  async update(type: string, name: string, id: string, olds: Props, news: Props, preview = false) {
    const req = new this.stubs.pb.UpdateRequest();
    setTarget(req, type, name);
    req.setId(id);
    req.setOlds(this.struct(olds));
    req.setNews(this.struct(news));
    req.setPreview(preview);
    const res = await this.call<InstanceType<typeof this.stubs.pb.UpdateResponse>>("update", req);
    return { outs: (res.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async delete(type: string, name: string, id: string, properties: Props) {
    const req = new this.stubs.pb.DeleteRequest();
    setTarget(req, type, name);
    req.setId(id);
    req.setProperties(this.struct(properties));
    req.setOldInputs(this.struct({}));
    await this.call("delete", req);
  }

  async invoke(tok: string, args: Props, preview = false) {
    const req = new this.stubs.pb.InvokeRequest();
    req.setTok(tok);
    req.setArgs(this.struct(args));
    req.setPreview(preview);
    const res = await this.call<InstanceType<typeof this.stubs.pb.InvokeResponse>>("invoke", req);
    return {
      result: (res.getReturn()?.toJavaScript() ?? {}) as Props,
      failures: failures(res.getFailuresList()),
    };
  }
}

export const STACK_URN_PREFIX = "urn:pulumi:test::kkms-plugin-tests::";

function providerUrn(name = "default"): string {
  return `${STACK_URN_PREFIX}pulumi:providers:kkms::${name}`;
}

/** The engine fills urn, name and type together (provider_plugin.go asserts they agree). */
function setTarget(
  req: { setUrn(u: string): unknown; setName(n: string): unknown; setType(t: string): unknown },
  type: string,
  name: string,
) {
  req.setUrn(`${STACK_URN_PREFIX}${type}::${name}`);
  req.setName(name);
  req.setType(type);
}

function failures(list: { getProperty(): string; getReason(): string }[]) {
  return list.map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
}

export interface PluginDiff {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  stables: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
  hasDetailedDiff: boolean;
  detailedDiff: Record<string, { kind: string; inputDiff: boolean }>;
}

function diffResult(res: unknown, stubs: ProviderStubs): PluginDiff {
  const r = res as InstanceType<typeof stubs.pb.DiffResponse>;
  const { DiffChanges } = stubs.pb.DiffResponse;
  const kindNames = Object.fromEntries(Object.entries(stubs.pb.PropertyDiff.Kind).map(([k, v]) => [v, k]));
  const detailedDiff: PluginDiff["detailedDiff"] = {};
  r.getDetaileddiffMap().forEach((value, key) => {
    detailedDiff[key] = { kind: kindNames[value.getKind()], inputDiff: value.getInputdiff() };
  });
  const changes = r.getChanges();
  return {
    changes:
      changes === DiffChanges.DIFF_SOME ? "some" : changes === DiffChanges.DIFF_NONE ? "none" : "unknown",
    replaces: r.getReplacesList(),
    stables: r.getStablesList(),
    diffs: r.getDiffsList(),
    deleteBeforeReplace: r.getDeletebeforereplace(),
    hasDetailedDiff: r.getHasdetaileddiff(),
    detailedDiff,
  };
}

function isSecretValue(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Props)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270"
  );
}
