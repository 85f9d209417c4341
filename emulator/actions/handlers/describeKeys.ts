import { EMULATOR_LIMITS } from "../limits";
import { invalidParameterValue, missingParameter } from "../../errors";
import { isActionAllowed } from "../keyState";
import type { RequestParameters } from "../../http/requestParameters";
import { keyFields, stopIfDryRun } from "./common";
import type { ActionHandler } from "./context";

/**
 * DescribeKeys: without ids, every key of the caller's (account, region) in creation order; with ids, those
 * that exist there, in request order, each once. A missing id is simply absent (Kingsoft's Terraform provider
 * detects deletion this way).
 */
export const describeKeys: ActionHandler = (context) => {
  const keyIds = requestedKeyIds(context.parameters);
  stopIfDryRun(context);
  const { accountId, region } = context.owner;
  const nowMs = context.now.getTime();
  const keys =
    keyIds.length === 0
      ? context.store.list(accountId, region, nowMs)
      : context.store.findAll(accountId, region, keyIds, nowMs);
  return {
    KeySet: keys.filter((key) => isActionAllowed("DescribeKeys", key.keyState)).map(keyFields),
  };
};

/**
 * `KeyId.N` for any N (Kingsoft's SDKs count from 0, from 1, or freely), ordered by N, then bare repeated
 * `KeyId` (kscore) in the order sent; duplicates removed.
 */
export function requestedKeyIds(parameters: RequestParameters): string[] {
  const numbered = parameters
    .names()
    .map((name) => ({ name, index: /^KeyId\.(\d+)$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; index: string } => entry.index !== undefined)
    .sort((a, b) => compareDecimal(a.index, b.index));
  const values = [
    ...numbered.map(({ name }) => nonEmpty(parameters.get(name), name)),
    ...parameters.all("KeyId").map((value) => nonEmpty(value, "KeyId")),
  ];
  if (values.length > EMULATOR_LIMITS.maxDescribeKeyIds) throw invalidParameterValue("KeyId.N");
  return [...new Set(values)];
}

function nonEmpty(value: string | undefined, name: string): string {
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

/** Numeric order of decimal strings of any length (`KeyId.10` after `KeyId.9`, `KeyId.007` as 7). */
function compareDecimal(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}
