/*
 * The old setMocks capture. No test uses it any more (they run programs through the offline engine: programRuns.ts,
 * recordRegistrations.ts); only bench/ still imports it, until bench stops importing tests/. Delete it then.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";

import type { PropertyMap } from "../../offline-engine/providers/secrets";

/** Resource options as the program sent them to the engine (visible on the request, not to mocks' newResource). */
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

/** One RegisterResource (`kind: "register"`) or ReadResource (`kind: "read"`, from `Resource.get`) call. */
export interface CapturedResource {
  readonly kind: "register" | "read";
  /** e.g. `pulumi-nodejs:dynamic/key:Key` for `pulumi.dynamic.Resource(provider, name, props, opts, "key", "Key")`. */
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
   * The inputs as mocks' `newResource` receives them: `__provider` is the serialized provider text, secrets are
   * still wrapped `{SIG_KEY: SECRET_SIG, value}`, unknowns (preview) are pulumi's `unknown` object.
   */
  readonly inputs: Record<string, unknown>;
  /** The request's properties exactly as the engine receives them (JSON of the Struct). */
  readonly wireInputs: PropertyMap;
  readonly options: CapturedOptions;
}

export type NewResourceHandler = (
  resource: CapturedResource,
) => pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult>;

export interface CaptureOptions {
  /** @default "project" */
  readonly project?: string;
  /** @default "stack" */
  readonly stack?: string;
  /** Run as a preview (`pulumi preview`): unknowns stay unknown. @default false */
  readonly preview?: boolean;
  /** Stack config the program reads with `pulumi.Config`, keys like `kkms:region`. */
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
  /** Answers each registration. @default echoResource */
  readonly newResource?: NewResourceHandler;
  /** Answers invokes. @default returns the invoke's inputs */
  readonly call?: (
    args: pulumi.runtime.MockCallArgs,
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
}

export interface CaptureResult<T> {
  /** In registration order. */
  readonly resources: CapturedResource[];
  /** What the program returned, with every Output resolved (unknowns as undefined). */
  readonly outputs: T;
}

/** A registration that the newResource handler rejected. */
export class RegistrationError extends Error {
  constructor(
    readonly resource: CapturedResource,
    readonly reason: unknown,
  ) {
    super(`${resource.urn}: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = "RegistrationError";
  }
}

/** The default handler: id `<name>_id` (none in preview), state = the inputs. */
export function echoResource(resource: CapturedResource): pulumi.runtime.MockResourceResult {
  return { id: pulumi.runtime.isDryRun() ? undefined : `${resource.name}_id`, state: resource.inputs };
}

/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and records every resource it registers, with the
 * options that only the wire request shows. Mocks are global to the @pulumi/pulumi instance: do not run two
 * captures at once.
 */
export async function captureResources<T>(
  program: () => T | Promise<T>,
  options: CaptureOptions = {},
): Promise<CaptureResult<pulumi.Unwrap<T>>> {
  const resources: CapturedResource[] = [];
  const failures: RegistrationError[] = [];
  const pending = new Map<string, CapturedResource[]>();
  const handler = options.newResource ?? echoResource;

  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => answerRegistration(takePending(pending, args), handler, failures),
      call: async (args) => (options.call ? options.call(args) : args.inputs),
    },
    options.project ?? "project",
    options.stack ?? "stack",
    options.preview ?? false,
  );
  interceptRequests(pulumi.runtime.getMonitor() as unknown as InterceptableMonitor, (resource) => {
    resources.push(resource);
    const key = pendingKey(resource.type, resource.name);
    pending.set(key, [...(pending.get(key) ?? []), resource]);
  });

  const returned = await program();
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  if (failures.length > 0) throw failures[0];
  const outputs = await resolveOutput(returned);
  return { resources, outputs };
}

async function answerRegistration(
  resource: CapturedResource,
  handler: NewResourceHandler,
  failures: RegistrationError[],
): Promise<pulumi.runtime.MockResourceResult> {
  try {
    return await handler(resource);
  } catch (reason) {
    // Rejecting here would surface as an unhandled rejection inside @pulumi/pulumi (a real language host fails
    // the run on those; jest's worker dies). Answer with nothing instead; captureResources rejects at the end.
    failures.push(new RegistrationError(resource, reason));
    return { id: undefined, state: {} };
  }
}

function resolveOutput<T>(value: T): Promise<pulumi.Unwrap<T>> {
  // Output#promise is internal to @pulumi/pulumi but present in every 3.x release.
  const output = pulumi.output(value) as unknown as { promise(): Promise<pulumi.Unwrap<T>> };
  return output.promise();
}

type Callback = (error: unknown, response?: unknown) => void;

export interface InterceptableMonitor {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(request: resourcePb.RegisterResourceRequest, callback: Callback): unknown;
  readResource(request: resourcePb.ReadResourceRequest, callback: Callback): unknown;
}

/**
 * Wraps the MockMonitor so that each request is recorded before MockMonitor turns it into a `newResource` call
 * (runtime/mocks.js:65-113), which only passes type, name, inputs, provider, custom and id.
 */
export function interceptRequests(
  monitor: InterceptableMonitor,
  record: (resource: CapturedResource) => void,
): void {
  const register = monitor.registerResource.bind(monitor);
  const read = monitor.readResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    record(fromRegisterRequest(monitor, request));
    return register(request, callback);
  };
  monitor.readResource = (request, callback) => {
    record(fromReadRequest(monitor, request));
    return read(request, callback);
  };
}

function fromRegisterRequest(
  monitor: InterceptableMonitor,
  request: resourcePb.RegisterResourceRequest,
): CapturedResource {
  const wireInputs = (request.getObject()?.toJavaScript() ?? {}) as PropertyMap;
  return {
    kind: "register",
    type: request.getType(),
    name: request.getName(),
    urn: monitor.newUrn(request.getParent(), request.getType(), request.getName()),
    parent: request.getParent(),
    custom: request.getCustom(),
    provider: request.getProvider(),
    id: request.getImportid() || undefined,
    inputs: {},
    wireInputs,
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

function fromReadRequest(
  monitor: InterceptableMonitor,
  request: resourcePb.ReadResourceRequest,
): CapturedResource {
  const wireInputs = (request.getProperties()?.toJavaScript() ?? {}) as PropertyMap;
  return {
    kind: "read",
    type: request.getType(),
    name: request.getName(),
    urn: monitor.newUrn(request.getParent(), request.getType(), request.getName()),
    parent: request.getParent(),
    custom: true,
    provider: request.getProvider(),
    id: request.getId(),
    inputs: {},
    wireInputs,
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

export function pendingKey(type: string, name: string): string {
  return `${type}::${name}`;
}

/**
 * newResource sees only type and name: match it to the request recorded just before, first in first out, and
 * keep the inputs exactly as MockMonitor decoded them for newResource.
 */
export function takePending(
  pending: Map<string, CapturedResource[]>,
  args: pulumi.runtime.MockResourceArgs,
): CapturedResource {
  const key = pendingKey(args.type, args.name);
  const [first, ...rest] = pending.get(key) ?? [];
  if (!first) throw new Error(`no recorded request for ${key}`);
  pending.set(key, rest);
  (first as { inputs: Record<string, unknown> }).inputs = args.inputs;
  return first;
}
