import type { KkmsClient } from "../../sdk/client";
import type { CheckFailure, Rule } from "../runtime/inputRules";
import { argumentFailures } from "./argumentCheck";

/**
 * One function's rules and call, the same for both front ends: the Pulumi-program functions (which run in the
 * program's process with the `kkms:` stack config) and the native plugin's Invoke (with its provider's client).
 */
export interface FunctionCore<A, R> {
  readonly name: string;
  /** One failure per bad argument, naming it and its rule; checked before any client is made. */
  check(args: Record<string, unknown> | undefined): CheckFailure[];
  /** The call, with a client for `region`: the arguments' own, else the configured one. */
  call(client: KkmsClient, region: string, args: A): Promise<R>;
}

export function functionCore<A, R>(
  name: string,
  rules: Record<string, Rule>,
  required: readonly string[],
  call: (client: KkmsClient, region: string, args: A) => Promise<R>,
): FunctionCore<A, R> {
  return { name, check: (args) => argumentFailures(args, rules, required), call };
}
