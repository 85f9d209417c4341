import * as pulumi from "@pulumi/pulumi";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import type { PropertyMap } from "../../offline-engine/providers/secrets";

/**
 * What a program sends the engine for one resource — its URN, its properties as they travel (the serialized
 * `__provider` included, secrets wrapped) and its additionalSecretOutputs — for the benchmarks that drive the
 * provider host's RPCs themselves. No engine is involved: the SDK's mock monitor answers, and the request is read
 * on its way to it.
 */
export interface Registration {
  readonly urn: string;
  readonly wireInputs: PropertyMap;
  readonly additionalSecretOutputs: string[];
}

type Callback = (error: unknown, response?: unknown) => void;

interface MockMonitor {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(request: resourcePb.RegisterResourceRequest, callback: Callback): unknown;
  readResource(request: resourcePb.ReadResourceRequest, callback: Callback): unknown;
}

/** The one registration (or `Resource.get` read) that `build` makes. */
export async function registrationOf(
  build: () => pulumi.Resource,
  target: { project: string; stack: string },
): Promise<Registration> {
  const seen: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => ({ id: `${args.name}_id`, state: args.inputs }),
      call: async (args) => args.inputs,
    },
    target.project,
    target.stack,
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  const register = monitor.registerResource.bind(monitor);
  const read = monitor.readResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    seen.push(registrationFrom(monitor, request, request.getObject()));
    return register(request, callback);
  };
  monitor.readResource = (request, callback) => {
    seen.push(registrationFrom(monitor, request, request.getProperties()));
    return read(request, callback);
  };
  build();
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  if (seen.length !== 1) throw new Error(`expected one registration, got ${seen.length}`);
  return seen[0];
}

function registrationFrom(
  monitor: MockMonitor,
  request: resourcePb.RegisterResourceRequest | resourcePb.ReadResourceRequest,
  properties: { toJavaScript(): unknown } | undefined,
): Registration {
  return {
    urn: monitor.newUrn(request.getParent(), request.getType(), request.getName()),
    wireInputs: (properties?.toJavaScript() ?? {}) as PropertyMap,
    additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
  };
}
