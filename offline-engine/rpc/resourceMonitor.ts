import type * as grpcJs from "@grpc/grpc-js";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";

import type { Alias } from "../deploy/aliases";
import type { Deployment } from "../deploy/deployment";
import type { Goal } from "../deploy/goal";
import { DeploymentCanceledError } from "../deploy/stepExecutor";
import { isProviderType, tokenPackage, urnQualifiedType } from "../deploy/urn";
import type { PropertyMap } from "../providers/secrets";
import { providerReferenceUrn } from "../state/resourceState";
import type { ServiceHandlers } from "./engineServer";
import type { EngineStubs } from "./engineStubs";
import { downgradeOutputValues, marshalProperties, withoutUnknowns } from "./wireProperties";

/**
 * The features the offline engine tells the SDK it has (source_eval.go:789 `supportsFeatureID` at v3.248.0 answers
 * true for these and more). The others — transforms, hooks, parameterization, replaceWith — are answered false, so
 * a program that uses them gets the SDK's own "not supported" error instead of being silently mishandled.
 */
export const SUPPORTED_FEATURES = [
  "secrets",
  "resourceReferences",
  "outputValues",
  "aliasSpecs",
  "deletedWith",
];

/** What the ResourceMonitor needs beyond the deployment. */
export interface MonitorContext {
  readonly stubs: EngineStubs;
  readonly deployment: Deployment;
  readonly organization: string;
  readonly project: string;
  readonly stack: string;
  readonly preview: boolean;
  readonly parallel: number;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** The program said it is done (SignalAndWaitForShutdown); resolves once the deployment is done too. */
  readonly onSignal: () => Promise<void>;
}

/** A monitor that shut down, as the engine reports it to the SDK (which then stops its RPCs). */
function unavailable(grpc: EngineStubs["grpc"], message: string): grpcJs.ServiceError {
  return Object.assign(new Error(message), {
    code: grpc.status.UNAVAILABLE,
    details: message,
    metadata: new grpc.Metadata(),
  });
}

/**
 * The ResourceMonitor the program talks to (pkg/resource/deploy/source_eval.go:472 `resmon` at v3.248.0): each request
 * is turned into what the engine's step generator receives — a goal with its provider resolved (the default
 * provider of its package unless it names one), the options a child inherits from its parent, Output values
 * downgraded with their dependencies kept — and the result is marshalled back as the SDK asked.
 */
export function resourceMonitorHandlers(context: MonitorContext): ServiceHandlers {
  const { stubs, deployment } = context;
  const pb = stubs.resource;
  const goals = new Map<string, Goal>();
  const componentProviders = new Map<string, Record<string, string>>();

  const respond = <T>(callback: grpcJs.sendUnaryData<unknown>, work: () => Promise<T>) => {
    work().then(
      (response) => callback(null, response),
      (error: Error) => {
        if (error instanceof DeploymentCanceledError || deployment.isCanceled) {
          callback(
            unavailable(stubs.grpc, "resource monitor shut down while waiting on step's done channel"),
          );
        } else {
          callback(Object.assign(error, { code: stubs.grpc.status.UNKNOWN, details: error.message }));
        }
      },
    );
  };

  const toProgram = (
    outputs: PropertyMap,
    request: { getAcceptsecrets(): boolean; getAcceptresources(): boolean },
  ) =>
    stubs.Struct.fromJavaScript(
      marshalProperties(outputs, {
        keepUnknowns: true,
        keepSecrets: request.getAcceptsecrets(),
        keepResources: request.getAcceptresources(),
      }),
    );

  const providerFor = async (type: string, explicit: string, version: string): Promise<string> => {
    if (explicit) return explicit;
    return deployment.defaultProviderReference(tokenPackage(type), version);
  };

  return {
    supportsFeature: (call, callback) => {
      const request = call.request as resourcePb.SupportsFeatureRequest;
      const response = new pb.SupportsFeatureResponse();
      response.setHassupport(SUPPORTED_FEATURES.includes(request.getId()));
      callback(null, response);
    },

    // Newer SDKs ask for all features at once (source_eval.go:876 GetDeploymentInfo).
    getDeploymentInfo: (_call, callback) => {
      const response = newResponse<DeploymentInfo>(stubs.ResourceMonitorService, "getDeploymentInfo");
      // source_eval.go:892: the deployment's organization with the rest.
      response.setOrganization(context.organization);
      response.setProject(context.project);
      response.setStack(context.stack);
      response.setDryrun(context.preview);
      response.setParallel(context.parallel);
      for (const [key, value] of Object.entries(context.config)) response.getConfigMap().set(key, value);
      response.setConfigsecretkeysList([...context.secretKeys]);
      const features = (pb as unknown as { ResourceMonitorFeature: Record<string, number> })
        .ResourceMonitorFeature;
      response.setSupportedfeaturesList(
        SUPPORTED_FEATURES.map((id) => features[`RESOURCE_MONITOR_FEATURE_${screamingCase(id)}`]).filter(
          (value) => value !== undefined,
        ),
      );
      callback(null, response);
    },

    registerResource: (call, callback) => {
      const request = call.request as resourcePb.RegisterResourceRequest;
      respond(callback, async () => {
        if (request.getRemote()) {
          throw new Error(`the offline engine does not construct remote components (${request.getType()})`);
        }
        const goal = await goalOf(request);
        const state = await deployment.registerResource(goal);
        goals.set(state.urn, goal);
        if (!goal.custom) componentProviders.set(state.urn, mapOf(request.getProvidersMap()));
        // Components answer no outputs: theirs come later, with RegisterResourceOutputs (source_eval.go:2758).
        let outputs = goal.custom ? state.outputs : {};
        if (!request.getSupportspartialvalues()) outputs = withoutUnknowns(outputs);
        const response = new pb.RegisterResourceResponse();
        response.setUrn(state.urn);
        response.setId(state.id ?? "");
        response.setObject(toProgram(outputs, request));
        response.setResult(pb.Result.SUCCESS);
        return response;
      });
    },

    readResource: (call, callback) => {
      const request = call.request as resourcePb.ReadResourceRequest;
      respond(callback, async () => {
        const type = request.getType();
        const provider = isProviderType(type)
          ? request.getProvider()
          : await providerFor(type, request.getProvider(), request.getVersion());
        const state = await deployment.readResource({
          id: request.getId(),
          type,
          name: request.getName(),
          parent: request.getParent(),
          provider,
          properties: downgradeOutputValues(structOf(request.getProperties())).properties,
          dependencies: request.getDependenciesList(),
          additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
        });
        const response = new pb.ReadResourceResponse();
        response.setUrn(state.urn);
        response.setProperties(toProgram(state.outputs, request));
        return response;
      });
    },

    registerResourceOutputs: (call, callback) => {
      const request = call.request as resourcePb.RegisterResourceOutputsRequest;
      respond(callback, async () => {
        const outputs = downgradeOutputValues(structOf(request.getOutputs())).properties;
        await deployment.registerResourceOutputs(request.getUrn(), outputs);
        return new stubs.Empty();
      });
    },

    invoke: (call, callback) => {
      const request = call.request as resourcePb.ResourceInvokeRequest;
      respond(callback, async () => {
        const token = request.getTok();
        // The engine's builtin provider (pkg/resource/deploy/builtins.go) is not emulated.
        if (tokenPackage(token) === "pulumi")
          throw new Error(`the offline engine does not serve the builtin ${token}`);
        const args = downgradeOutputValues(structOf(request.getArgs())).properties;
        const reference = await providerFor(token, request.getProvider(), request.getVersion());
        const plugin = deployment.registry.get(reference);
        if (!plugin) throw new Error(`unknown provider '${request.getProvider()}' -> '${reference}'`);
        const { returns, failures } = await plugin.invoke(token, args, context.preview);
        // InvokeResponse in 3.248's stubs, ResourceInvokeResponse in newer ones: the service definition says which.
        const response = newResponse<InvokeAnswer>(stubs.ResourceMonitorService, "invoke");
        response.setReturn(
          stubs.Struct.fromJavaScript(
            marshalProperties(returns, {
              keepUnknowns: true,
              keepSecrets: true,
              keepResources: request.getAcceptresources(),
            }),
          ),
        );
        response.setFailuresList(
          failures.map((failure) => {
            const checkFailure = new stubs.provider.CheckFailure();
            checkFailure.setProperty(failure.property);
            checkFailure.setReason(failure.reason);
            return checkFailure;
          }),
        );
        return response;
      });
    },

    signalAndWaitForShutdown: (_call, callback) => {
      respond(callback, async () => {
        await context.onSignal();
        return new stubs.Empty();
      });
    },
  };

  /** source_eval.go:2020 RegisterResource, up to the goal it sends the step generator. */
  async function goalOf(request: resourcePb.RegisterResourceRequest): Promise<Goal> {
    const type = request.getType();
    const custom = request.getCustom();
    const parent = request.getParent();
    const inherited = parent ? inheritFromParent(request, goals.get(parent)) : {};
    const { properties, dependencies: outputDependencies } = downgradeOutputValues(
      structOf(request.getObject()),
    );
    const dependencies = request.getDependenciesList();
    const propertyDependencies = propertyDependenciesOf(
      request,
      properties,
      dependencies,
      outputDependencies,
    );
    let provider = inherited.provider ?? request.getProvider();
    if (custom)
      provider ||= mapOf(request.getProvidersMap())[tokenPackage(type)] ?? componentProvider(parent, type);
    if (custom && !isProviderType(type)) provider = await providerFor(type, provider, request.getVersion());
    if (isProviderType(type) && request.getVersion()) properties["version"] = request.getVersion();
    return {
      type,
      name: request.getName(),
      custom,
      properties,
      parent,
      protect: inherited.protect ?? (request.hasProtect() ? request.getProtect() : undefined),
      dependencies,
      provider: custom && !isProviderType(type) ? provider : "",
      propertyDependencies,
      deleteBeforeReplace:
        request.getDeletebeforereplacedefined() || request.getDeletebeforereplace()
          ? request.getDeletebeforereplace()
          : undefined,
      ignoreChanges: request.getIgnorechangesList(),
      additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
      aliases: aliasesOf(request),
      importId: request.getImportid(),
      replaceOnChanges: request.getReplaceonchangesList(),
      retainOnDelete:
        inherited.retainOnDelete ?? (request.hasRetainondelete() ? request.getRetainondelete() : undefined),
      deletedWith: request.getDeletedwith() || inherited.deletedWith || "",
    };
  }

  /**
   * source_eval.go:1743 inheritFromParent: unset protect, retainOnDelete and deletedWith come from the parent's goal, and
   * so does its provider when it serves this resource's package (or this is a component).
   */
  function inheritFromParent(
    request: resourcePb.RegisterResourceRequest,
    parent: Goal | undefined,
  ): { protect?: boolean; retainOnDelete?: boolean; deletedWith?: string; provider?: string } {
    if (!parent) return {};
    const result: { protect?: boolean; retainOnDelete?: boolean; deletedWith?: string; provider?: string } =
      {};
    if (!request.hasProtect() && parent.protect !== undefined) result.protect = parent.protect;
    if (!request.hasRetainondelete() && parent.retainOnDelete !== undefined)
      result.retainOnDelete = parent.retainOnDelete;
    if (!request.getDeletedwith() && parent.deletedWith) result.deletedWith = parent.deletedWith;
    if (!request.getProvider() && parent.provider) {
      const parentPackage = urnQualifiedType(providerReferenceUrn(parent.provider)).split(":").pop();
      if (!request.getCustom() || parentPackage === tokenPackage(request.getType()))
        result.provider = parent.provider;
    }
    return result;
  }

  /** source_eval.go:1965 resolveProvider: a component parent's `providers` map names providers for its children. */
  function componentProvider(parent: string, type: string): string {
    return (parent && componentProviders.get(parent)?.[tokenPackage(type)]) || "";
  }
}

/** source_eval.go:2117: without per-property dependencies, every property depends on every dependency. */
function propertyDependenciesOf(
  request: resourcePb.RegisterResourceRequest,
  properties: PropertyMap,
  dependencies: string[],
  outputDependencies: Record<string, string[]>,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const map = request.getPropertydependenciesMap();
  if (map.getLength() === 0) {
    for (const key of Object.keys(properties)) result[key] = [...dependencies];
  } else {
    for (const [key, deps] of map.entries()) result[key] = deps.getUrnsList();
  }
  for (const [key, deps] of Object.entries(outputDependencies)) {
    result[key] = [...new Set([...(result[key] ?? []), ...deps])];
  }
  return result;
}

/** Alias URNs and alias specs, as source_eval.go:2073 parses them (the Node SDK sends specs properly: `aliasSpecs`). */
function aliasesOf(request: resourcePb.RegisterResourceRequest): Alias[] {
  const aliases: Alias[] = request.getAliasurnsList().map((urn) => ({ urn }));
  for (const alias of request.getAliasesList()) {
    const spec = alias.getSpec();
    if (!spec) {
      aliases.push({ urn: alias.getUrn() });
      continue;
    }
    aliases.push({
      name: spec.getName(),
      type: spec.getType(),
      stack: spec.getStack(),
      project: spec.getProject(),
      ...(spec.hasParenturn() ? { parent: spec.getParenturn() } : {}),
      ...(spec.hasNoparent() ? { noParent: spec.getNoparent() } : {}),
    });
  }
  return aliases;
}

function structOf(struct: { toJavaScript(): object } | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

function mapOf(map: { entries(): IterableIterator<[string, string]> }): Record<string, string> {
  return Object.fromEntries([...map.entries()]);
}

function screamingCase(id: string): string {
  return id.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/** The response message a method of a service definition expects (its class differs between SDK versions). */
function newResponse<T>(definition: grpcJs.ServiceDefinition, method: string): T {
  const responseType = (definition[method] as unknown as { responseType: new () => T }).responseType;
  return new responseType();
}

interface InvokeAnswer {
  setReturn(value: unknown): void;
  setFailuresList(value: unknown[]): void;
}

/** DeploymentInfo exists in newer stubs only (it is not in @pulumi/pulumi 3.248's). */
interface DeploymentInfo {
  setOrganization(value: string): void;
  setProject(value: string): void;
  setStack(value: string): void;
  setDryrun(value: boolean): void;
  setParallel(value: number): void;
  getConfigMap(): { set(key: string, value: string): void };
  setConfigsecretkeysList(value: string[]): void;
  setSupportedfeaturesList(value: number[]): void;
}
