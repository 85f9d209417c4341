import { Deployment } from "../deploy/deployment";
import { OperationLog } from "../deploy/operationLog";
import { ROOT_STACK_TYPE, urnName, urnQualifiedType, urnType } from "../deploy/urn";
import { outputLines, resourcesLine } from "../display/summary";
import type { InlineProgram } from "../language/inlineProgram";
import { startInlineProgram } from "../language/inlineProgram";
import { startNodeProgram } from "../language/nodeLanguageHost";
import type { ProgramResult, ProgramRun, RunRequest } from "../language/programRun";
import { loadProviderPlugin } from "../providers/pluginLoader";
import type { PropertyMap } from "../providers/secrets";
import { startEngineServer, type EngineServer } from "../rpc/engineServer";
import { engineServiceHandlers } from "../rpc/engineService";
import { resourceMonitorHandlers } from "../rpc/resourceMonitor";
import { readStateFile, type StackState } from "../state/stateFile";
import type { StackSettings } from "./stackSettings";
import { toStackOutputs } from "./stackOutputs";
import {
  OperationFailedError,
  type DestroyResult,
  type Drift,
  type OperationResult,
  type RefreshResult,
  type UpResult,
} from "./types";

/** How long a program may take to end once the deployment is done before it is stopped. */
const PROGRAM_EXIT_GRACE_MS = 30000;

/**
 * `pulumi up` / `pulumi preview` (pkg/resource/deploy/deployment_executor.go:131 Execute at v3.248.0): optionally a
 * refresh first (`--refresh`); then the program runs against the offline engine's ResourceMonitor, each
 * registration stepped as it arrives; once the program is done — and only if nothing failed — the deletes.
 */
export async function runUpdate(
  settings: StackSettings,
  options: { preview: boolean; refresh: boolean; program?: InlineProgram },
): Promise<UpResult> {
  const log = new OperationLog(settings.print);
  log.line(`${options.preview ? "Previewing update" : "Updating"} (${settings.stack}):`);
  const { deployment, server } = await startOperation(settings, log, options.preview, true);
  let registered: PropertyMap | undefined;
  try {
    if (options.refresh) await deployment.refreshAll();
    if (!deployment.failed()) await runProgram(settings, deployment, server, options);
    await deployment.finalizeStackOutputs();
    registered = deployment.registeredStackOutputs();
  } finally {
    await finishOperation(deployment, server);
  }
  const outputs = toStackOutputs(registered ?? stackOutputsOf(deployment.snapshot.resources()));
  return conclude(deployment, log, options.preview, outputLines(outputs), { outputs });
}

/** `pulumi refresh`: every resource read through its provider, configured from the state (not from the config now). */
export async function runRefresh(settings: StackSettings): Promise<RefreshResult> {
  const log = new OperationLog(settings.print, true);
  log.line(`Refreshing (${settings.stack}):`);
  const { deployment, server } = await startOperation(settings, log, false, false);
  try {
    await deployment.refreshAll();
  } finally {
    await finishOperation(deployment, server);
  }
  const drift: Drift[] = deployment.refreshOutcomes
    .filter((outcome) => outcome.op !== "same")
    .map((outcome) => ({
      urn: outcome.old.urn,
      type: urnType(outcome.old.urn),
      name: urnName(outcome.old.urn),
      deleted: outcome.op === "delete",
      changedOutputs: outcome.op === "delete" ? [] : outcome.changedOutputs,
    }));
  return conclude(deployment, log, false, [], { drift });
}

/**
 * `pulumi destroy`: no program; every resource of the state is deleted, dependents first, each through its
 * provider configured from the provider's own state (deployment.go:659 EnsureProvider).
 */
export async function runDestroy(settings: StackSettings): Promise<DestroyResult> {
  const log = new OperationLog(settings.print);
  log.line(`Destroying (${settings.stack}):`);
  const { deployment, server } = await startOperation(settings, log, false, false);
  try {
    await deployment.performDeletes();
  } finally {
    await finishOperation(deployment, server);
  }
  return conclude(deployment, log, false, [], {});
}

/** The state file as it is now (an empty stack when there is none). */
export function readStackState(settings: StackSettings): StackState {
  return readStateFile(settings.stateFile, settings.project, settings.stack);
}

async function startOperation(
  settings: StackSettings,
  log: OperationLog,
  preview: boolean,
  withMonitor: boolean,
): Promise<{ deployment: Deployment; server: OperationServer }> {
  const state = readStackState(settings);
  const server = new OperationServer();
  const deployment = new Deployment({
    project: settings.project,
    stack: settings.stack,
    preview,
    config: settings.config,
    secretKeys: settings.secretKeys,
    base: state.resources,
    stateFile: preview ? undefined : settings.stateFile,
    log,
    loadPlugin: (pkg) =>
      loadProviderPlugin(
        {
          stubs: settings.stubs,
          engineAddress: server.address,
          programDir: settings.programDir,
          project: settings.project,
          env: settings.env,
          runtimeOptions: settings.runtimeOptions,
          config: settings.config,
          projectPlugins: settings.projectPlugins,
          pluginPaths: settings.plugins,
          onOutput: (_pkg, _stream, line) => log.diagnostic({ severity: "info", message: line }),
        },
        pkg,
      ),
  });
  await server.start(settings, deployment, log, preview, withMonitor);
  return { deployment, server };
}

async function finishOperation(deployment: Deployment, server: OperationServer): Promise<void> {
  await deployment.close();
  await server.close();
}

/**
 * Runs the program to its end: it signals it is done (SignalAndWaitForShutdown) or exits. A program that failed
 * fails the operation and nothing is deleted (source_eval.go, deployment_executor.go).
 */
async function runProgram(
  settings: StackSettings,
  deployment: Deployment,
  server: OperationServer,
  options: { preview: boolean; program?: InlineProgram },
): Promise<void> {
  const request: RunRequest = {
    organization: settings.organization,
    project: settings.project,
    stack: settings.stack,
    preview: options.preview,
    parallel: settings.parallel,
    monitorAddress: server.address,
    engineAddress: server.address,
    config: settings.config,
    secretKeys: settings.secretKeys,
    env: settings.env,
    onOutput: (_stream, line) => deployment.log.diagnostic({ severity: "info", message: line }),
  };
  const program: ProgramRun = settings.nodeProgram
    ? startNodeProgram(settings.nodeProgram, request)
    : await startInlineProgram(
        settings.stubs,
        requireInline(options.program ?? settings.inlineProgram),
        request,
      );
  const ended = await Promise.race([
    server.programSignaled.then(() => "signaled" as const),
    deployment.executor.whenCanceled.then(() => "canceled" as const),
    program.done.then((result) => ({ result })),
  ]);
  await deployment.executor.drain();
  if (ended === "signaled" || ended === "canceled") {
    if (ended === "signaled") await deployment.performDeletes();
    server.releaseProgram();
    const grace = ended === "signaled" ? PROGRAM_EXIT_GRACE_MS : program.canceledGraceMs;
    reportProgramResult(deployment, await waitForExit(program, grace));
  } else {
    reportProgramResult(deployment, ended.result);
  }
}

/**
 * The program's own failure fails the operation; after a failure of the deployment it is not reported again
 * (deployment_executor.go reports the source's error only when nothing failed before).
 */
function reportProgramResult(deployment: Deployment, result: ProgramResult): void {
  if (result.error === undefined || deployment.failed()) return;
  const error = new Error(result.bail ? "the program failed" : result.error);
  deployment.executor.fail(error, undefined, { reported: result.bail === true });
}

async function waitForExit(program: ProgramRun, graceMs: number): Promise<ProgramResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProgramResult>((resolve) => {
    timer = setTimeout(() => {
      void program.kill();
      resolve({ error: `the program did not exit within ${graceMs} ms of the end of the deployment` });
    }, graceMs);
  });
  const result = await Promise.race([program.done, timeout]);
  clearTimeout(timer);
  return result;
}

function requireInline(program: InlineProgram | undefined): InlineProgram {
  if (!program) throw new Error("program: this stack has no program to run");
  return program;
}

/** The stack resource's outputs as the state holds them. */
function stackOutputsOf(resources: readonly { urn: string; outputs: PropertyMap }[]): PropertyMap {
  return resources.find((resource) => urnQualifiedType(resource.urn) === ROOT_STACK_TYPE)?.outputs ?? {};
}

/** The closing block (outputs, totals, errors) and the result; a failed operation rejects with what it did. */
function conclude<T extends object>(
  deployment: Deployment,
  log: OperationLog,
  preview: boolean,
  outputLinesText: string[],
  extra: T,
): OperationResult & T {
  log.line("");
  for (const line of outputLinesText) log.line(line);
  log.line(resourcesLine(log.counted, preview));
  const errors = deployment.errors();
  const result = { steps: log.steps, diagnostics: log.diagnostics, summary: log.text(), ...extra };
  if (errors.length > 0) {
    log.line(`error: ${preview ? "preview" : "update"} failed`);
    throw new OperationFailedError(errors, { ...result, summary: log.text() });
  }
  return result;
}

/** The gRPC server of one operation: the ResourceMonitor (when a program runs) and the Engine service. */
class OperationServer {
  private server: EngineServer | undefined;
  private signal!: () => void;
  private release!: () => void;
  /** Resolves when the program signals that it is done (SignalAndWaitForShutdown). */
  readonly programSignaled = new Promise<void>((resolve) => (this.signal = resolve));
  /** The signal's answer waits for this: the deletes are done. */
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  get address(): string {
    if (!this.server) throw new Error("the engine server is not started");
    return this.server.address;
  }

  async start(
    settings: StackSettings,
    deployment: Deployment,
    log: OperationLog,
    preview: boolean,
    withMonitor: boolean,
  ): Promise<void> {
    const { stubs } = settings;
    const services = [
      { definition: stubs.EngineService, handlers: engineServiceHandlers(stubs, (d) => log.diagnostic(d)) },
    ];
    if (withMonitor) {
      services.push({
        definition: stubs.ResourceMonitorService,
        handlers: resourceMonitorHandlers({
          stubs,
          deployment,
          organization: settings.organization,
          project: settings.project,
          stack: settings.stack,
          preview,
          parallel: settings.parallel,
          config: settings.config,
          secretKeys: settings.secretKeys,
          onSignal: () => {
            this.signal();
            return this.released;
          },
        }),
      });
    }
    this.server = await startEngineServer(stubs, services);
  }

  /** source_eval.go:600 Cancel: the program's wait for shutdown ends. */
  releaseProgram(): void {
    this.release();
  }

  async close(): Promise<void> {
    this.release();
    await this.server?.close();
  }
}
