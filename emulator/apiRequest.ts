import { setTimeout as sleep } from "timers/promises";
import { API_VERSION } from "../sdk/types";
import { AccountDirectory } from "./accounts";
import { ACTIONS } from "./actions";
import { isActionName, type ActionName } from "./actionNames";
import { authenticate } from "./auth/authenticate";
import type { Caller } from "./auth/types";
import {
  accessDenied,
  ApiError,
  invalidAction,
  invalidParameterValue,
  limitExceeded,
  missingParameter,
} from "./errors";
import type { FaultInjector, PhaseFault } from "./faults";
import type { WireObject } from "./handlers/context";
import { dryRunFlag } from "./parameterRules";
import { collectParameters, type RequestParameters } from "./requestParameters";
import type { KeyStore } from "./store/keyStore";
import type { Throttle } from "./throttle";

/** What the API pipeline needs of the running emulator. */
export interface ApiContext {
  accounts: AccountDirectory;
  regions: ReadonlySet<string>;
  defaultRegion: string;
  skewMs: number;
  store: KeyStore;
  rootKey: Buffer;
  deletionWindowMs: number;
  throttle: Throttle;
  faults: FaultInjector;
  clock: () => Date;
}

/** An API request whose method, path and body size have been accepted. */
export interface ApiRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string[]>;
  body: Buffer;
}

/** The answer to render: fields on success, else the error; plus what the log and metrics record. */
export interface ApiOutcome {
  /** The action, or "Unknown" when the request named none we know. */
  action: string;
  caller?: Caller;
  fields?: WireObject;
  error?: ApiError;
}

export const UNKNOWN_ACTION = "Unknown";

/**
 * The fixed order of checks: parameters → authentication → Action and Version → access → throttle → faults
 * → the action's handler. Every refusal is an ApiError; anything else thrown is a bug for the caller to 500.
 */
export async function processApiRequest(context: ApiContext, request: ApiRequest): Promise<ApiOutcome> {
  const outcome: ApiOutcome = { action: UNKNOWN_ACTION };
  try {
    const { query, parameters } = collectParameters({
      method: request.method,
      rawQuery: request.rawQuery,
      body: request.body,
      contentType: request.headers["content-type"]?.join(","),
    });
    outcome.action = actionLabel(parameters);
    const now = context.clock();
    const caller = authenticate({ ...request, query, parameters }, { ...context, now });
    outcome.caller = caller;
    const action = requestedAction(parameters);
    checkVersion(parameters);
    authorize(caller, action);
    if (!context.throttle.tryTake(caller.account.accountId)) throw limitExceeded();
    const fault = context.faults.decide(action);
    await inject(fault.before);
    outcome.fields = runAction(context, action, parameters, caller);
    await inject(fault.after);
    return outcome;
  } catch (err) {
    if (err instanceof ApiError) return { ...outcome, fields: undefined, error: err };
    throw err;
  }
}

/** For logs and metrics only: never throws, whatever the parameters hold. */
function actionLabel(parameters: RequestParameters): string {
  const [action] = parameters.all("Action");
  return action !== undefined && isActionName(action) ? action : UNKNOWN_ACTION;
}

function requestedAction(parameters: RequestParameters): ActionName {
  const action = parameters.get("Action");
  if (action === undefined || action === "") throw missingParameter("Action");
  if (!isActionName(action)) throw invalidAction(action);
  return action;
}

function checkVersion(parameters: RequestParameters): void {
  const version = parameters.get("Version");
  if (version === undefined || version === "") throw missingParameter("Version");
  if (version !== API_VERSION) throw invalidParameterValue("Version");
}

function authorize(caller: Caller, action: ActionName): void {
  if (!AccountDirectory.isAllowed(caller.account, action)) {
    throw accessDenied(caller.account.accountId, `kkms:${action}`);
  }
}

async function inject(fault: PhaseFault): Promise<void> {
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.error !== undefined) throw fault.error;
}

/**
 * Runs the handler inside one immediate transaction, after purging keys whose deletion window ended, so what
 * the handler reads is what it writes against. The answer is sent only after the commit.
 */
function runAction(
  context: ApiContext,
  action: ActionName,
  parameters: RequestParameters,
  caller: Caller,
): WireObject {
  const dryRun = dryRunFlag(parameters);
  const now = context.clock();
  return context.store.transaction(() => {
    context.store.purgeExpired(now.getTime());
    return ACTIONS[action]({
      action,
      parameters,
      owner: { accountId: caller.account.accountId, region: caller.region },
      store: context.store,
      rootKey: context.rootKey,
      now,
      dryRun,
      deletionWindowMs: context.deletionWindowMs,
    });
  });
}
