import type * as grpcJs from "@grpc/grpc-js";

import type { EngineStubs } from "../rpc/engineStubs";
import { startEngineServer } from "../rpc/engineServer";
import type { ProgramResult, ProgramRun, RunRequest } from "./programRun";

/** A Pulumi program as a function, as the Automation API takes one: its result is the stack outputs. */
export type InlineProgram = () => unknown;

interface LanguageServerModule {
  LanguageServer: new (program: InlineProgram) => Record<string, grpcJs.handleUnaryCall<unknown, unknown>>;
}

/**
 * Runs an inline program the way the CLI runs an Automation API program (sdk/nodejs/automation: the workspace serves
 * the SDK's own `LanguageServer` for the function, and the engine calls its Run over gRPC): in this process, with
 * the monitor and engine addresses, config, secret keys, organization, project, stack and dry-run flag of the RunRequest. The
 * program must use the @pulumi/pulumi this module resolves (one copy, as in a project's node_modules).
 */
export async function startInlineProgram(
  stubs: EngineStubs,
  program: InlineProgram,
  request: RunRequest,
): Promise<ProgramRun> {
  const { LanguageServer } = require("@pulumi/pulumi/automation/server") as LanguageServerModule;
  const server = new LanguageServer(program);
  const languageHost = await startEngineServer(stubs, [
    { definition: stubs.LanguageRuntimeService, handlers: { run: server.run.bind(server) } },
  ]);
  const client = new stubs.LanguageRuntimeClient(
    languageHost.address,
    stubs.grpc.credentials.createInsecure(),
  );
  const runRequest = new stubs.language.RunRequest();
  runRequest.setOrganization(request.organization);
  runRequest.setProject(request.project);
  runRequest.setStack(request.stack);
  runRequest.setDryrun(request.preview);
  runRequest.setParallel(request.parallel);
  runRequest.setMonitorAddress(request.monitorAddress);
  // The LanguageServer takes the engine's address from the arguments.
  runRequest.setArgsList([request.engineAddress]);
  for (const [key, value] of Object.entries(request.config)) runRequest.getConfigMap().set(key, value);
  runRequest.setConfigsecretkeysList([...request.secretKeys]);

  let abandon!: () => void;
  const done = new Promise<ProgramResult>((resolve) => {
    abandon = () => resolve({ error: "the program was stopped before it finished" });
    const run = (client as unknown as { run: RunMethod }).run;
    run.call(client, runRequest, (error, response) => {
      if (error) resolve({ error: error.details || error.message });
      else if (response?.getError()) resolve({ error: response.getError(), bail: response.getBail() });
      else resolve({});
    });
  }).finally(async () => {
    client.close();
    await languageHost.close();
  });
  return {
    done,
    canceledGraceMs: 1000,
    // An inline program runs in this process and cannot be stopped: after a failure the SDK may wait forever for
    // RPCs the engine will not answer, so the operation stops waiting for it and closes its server.
    kill: async () => {
      abandon();
      await done;
    },
  };
}

type RunMethod = (
  request: unknown,
  callback: (
    error: grpcJs.ServiceError | null,
    response?: { getError(): string; getBail(): boolean },
  ) => void,
) => void;
