import * as pulumi from "@pulumi/pulumi";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";

import { childUrn } from "../deploy/urn";
import type { PropertyMap } from "../providers/secrets";

/** Resource options as the program sent them to the engine (only the wire request shows them). */
export interface CapturedOptions {
  readonly additionalSecretOutputs: string[];
  readonly dependencies: string[];
  readonly ignoreChanges: string[];
  readonly replaceOnChanges: string[];
  readonly protect: boolean;
  /** undefined when the program did not set it. */
  readonly deleteBeforeReplace: boolean | undefined;
  readonly retainOnDelete: boolean;
}

/** One RegisterResource (`kind: "register"`) or ReadResource (`kind: "read"`, from `Resource.get`) request. */
export interface CapturedResource {
  readonly kind: "register" | "read";
  /** e.g. `pulumi-nodejs:dynamic/kkms:Key`. */
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string;
  readonly custom: boolean;
  /** The provider reference ("" for the default provider). */
  readonly provider: string;
  /** The import id (register) or the id to read (read); undefined when none. */
  readonly id: string | undefined;
  /**
   * The request's properties exactly as the engine receives them (JSON of the Struct): `__provider` is the
   * serialized provider text, secrets are wrapped `{SIG_KEY: SECRET_SIG, value}`, unknowns are the unknown sentinel.
   */
  readonly wireInputs: PropertyMap;
  readonly options: CapturedOptions;
}

type Callback = (error: unknown, response?: unknown) => void;

interface MonitorClient {
  registerResource(request: resourcePb.RegisterResourceRequest, callback: Callback): unknown;
  readResource(request: resourcePb.ReadResourceRequest, callback: Callback): unknown;
}

/**
 * Records every RegisterResource and ReadResource request the running program sends to its engine, on the SDK's own
 * gRPC monitor client, then lets it go on unchanged. Call it at the start of a program run by the real language host
 * (an inline program of the offline engine): what is recorded is what the engine receives.
 */
export function recordRegistrations(
  record: (resource: CapturedResource) => void,
  /** Called with the engine's answer to each request: an error, or undefined. */
  answered: (resource: CapturedResource, error: unknown) => void = () => undefined,
): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorClient | undefined;
  if (!monitor) throw new Error("recordRegistrations: no engine is connected (call it inside a program)");
  const urnOf = (parent: string, type: string, name: string) =>
    childUrn(pulumi.getStack(), pulumi.getProject(), parent, type, name);
  const register = monitor.registerResource.bind(monitor);
  const read = monitor.readResource.bind(monitor);
  const relay = (resource: CapturedResource, callback: Callback): Callback => {
    record(resource);
    return (error, response) => {
      answered(resource, error ?? undefined);
      callback(error, response);
    };
  };
  monitor.registerResource = (request, callback) =>
    register(request, relay(fromRegisterRequest(request, urnOf), callback));
  monitor.readResource = (request, callback) =>
    read(request, relay(fromReadRequest(request, urnOf), callback));
}

type UrnOf = (parent: string, type: string, name: string) => string;

function fromRegisterRequest(request: resourcePb.RegisterResourceRequest, urnOf: UrnOf): CapturedResource {
  return {
    kind: "register",
    type: request.getType(),
    name: request.getName(),
    urn: urnOf(request.getParent(), request.getType(), request.getName()),
    parent: request.getParent(),
    custom: request.getCustom(),
    provider: request.getProvider(),
    id: request.getImportid() || undefined,
    wireInputs: (request.getObject()?.toJavaScript() ?? {}) as PropertyMap,
    options: {
      additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
      dependencies: request.getDependenciesList(),
      ignoreChanges: request.getIgnorechangesList(),
      replaceOnChanges: request.getReplaceonchangesList(),
      protect: request.getProtect() ?? false,
      deleteBeforeReplace: request.getDeletebeforereplacedefined()
        ? request.getDeletebeforereplace()
        : undefined,
      retainOnDelete: request.getRetainondelete() ?? false,
    },
  };
}

function fromReadRequest(request: resourcePb.ReadResourceRequest, urnOf: UrnOf): CapturedResource {
  return {
    kind: "read",
    type: request.getType(),
    name: request.getName(),
    urn: urnOf(request.getParent(), request.getType(), request.getName()),
    parent: request.getParent(),
    custom: true,
    provider: request.getProvider(),
    id: request.getId(),
    wireInputs: (request.getProperties()?.toJavaScript() ?? {}) as PropertyMap,
    options: {
      additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
      dependencies: request.getDependenciesList(),
      ignoreChanges: [],
      replaceOnChanges: [],
      protect: false,
      deleteBeforeReplace: undefined,
      retainOnDelete: false,
    },
  };
}

/** One Invoke request: the function's token and its arguments as the engine receives them. */
export interface CapturedInvoke {
  readonly token: string;
  readonly args: PropertyMap;
  /** The provider reference ("" for the default provider). */
  readonly provider: string;
}

interface InvokingClient {
  invoke(request: resourcePb.ResourceInvokeRequest, callback: Callback): unknown;
}

/** Records every Invoke the running program sends to its engine, as recordRegistrations records registrations. */
export function recordInvokes(record: (invoke: CapturedInvoke) => void): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as InvokingClient | undefined;
  if (!monitor) throw new Error("recordInvokes: no engine is connected (call it inside a program)");
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (request, callback) => {
    record({
      token: request.getTok(),
      args: (request.getArgs()?.toJavaScript() ?? {}) as PropertyMap,
      provider: request.getProvider(),
    });
    return invoke(request, callback);
  };
}
