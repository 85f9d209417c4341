import { checkInputs, type Rule } from "../runtime/inputRules";

/** Invalid function arguments: a clear error naming each bad argument and its rule, before any call. */
export class InvalidArgumentsError extends Error {
  constructor(functionName: string, reasons: string[]) {
    super(`kkms.${functionName}: ${reasons.join(" ")}`);
    this.name = "InvalidArgumentsError";
  }
}

export function assertArguments(
  functionName: string,
  args: Record<string, unknown>,
  rules: Record<string, Rule>,
  required: string[],
): void {
  const failures = checkInputs(args ?? {}, rules, required);
  if (failures.length > 0)
    throw new InvalidArgumentsError(
      functionName,
      failures.map((f) => f.reason),
    );
}
