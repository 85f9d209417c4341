import { checkInputs, type CheckFailure, type Rule } from "../runtime/inputRules";

/**
 * Invalid function arguments: a clear error naming each bad argument and its rule, before any call. `failures`
 * keeps them one by one (the native plugin's Invoke answers them as failures).
 */
export class InvalidArgumentsError extends Error {
  constructor(
    functionName: string,
    readonly failures: readonly CheckFailure[],
  ) {
    super(`kkms.${functionName}: ${failures.map((f) => f.reason).join(" ")}`);
    this.name = "InvalidArgumentsError";
  }
}

export function argumentFailures(
  args: Record<string, unknown> | undefined,
  rules: Record<string, Rule>,
  required: readonly string[],
): CheckFailure[] {
  return checkInputs(args ?? {}, rules, required);
}
