import * as pulumi from "@pulumi/pulumi";
import type { KmsKey } from "../../sdk/types";
import { keyIdText, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

/** The arguments of `getKey` (and of the native SDK's, which is this type). */
export interface GetKeyArgs {
  /** The KeyId to look up. */
  keyId: string;
  /** The key's region. @default the `kkms:region` config, else KSYUN_REGION, else "cn-beijing-6" */
  region?: string;
}

/** A key's fields, as DescribeKeys reports them, and the region it was looked up in. */
export interface GetKeyResult extends KmsKey {
  /** The region the key was looked up in. */
  region: string;
}

/** Thrown when a looked-up key does not exist in the region (or belongs to another account). */
export class KeyNotFoundError extends Error {
  constructor(keyId: string, region: string) {
    super(`kkms.getKey: the key ${keyId} was not found in region ${region}.`);
    this.name = "KeyNotFoundError";
  }
}

/** DescribeKeys by id: the rules and the call, shared with the native plugin's `kkms:index:getKey`. */
export const getKeyCore = functionCore<GetKeyArgs, GetKeyResult>(
  "getKey",
  { keyId: keyIdText("keyId"), region: regionName },
  ["keyId"],
  async (client, region, args) => {
    const { keys } = await client.describeKeys({ keyIds: [args.keyId] });
    const key = keys.find((k) => k.keyId === args.keyId);
    if (!key) throw new KeyNotFoundError(args.keyId, region);
    return { ...key, region };
  },
);

/**
 * A key's fields, read with DescribeKeys; a key that does not exist in the region fails with KeyNotFoundError.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const key = await kkms.getKey({ keyId: "e7f3c2a1-0000-4000-8000-000000000001" });
 * console.log(key.keyState);
 * ```
 */
export async function getKey(args: GetKeyArgs, opts?: pulumi.InvokeOptions): Promise<GetKeyResult> {
  checkInvokeOptions("getKey", opts, "promise");
  return callInProgram(getKeyCore, args);
}

/**
 * The Output form of `getKey`: runs once its arguments are known and `dependsOn` is done.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const key = new kkms.Key("app", {});
 * export const state = kkms.getKeyOutput({ keyId: key.keyId }).keyState;
 * ```
 */
export function getKeyOutput(
  args: OutputArgs<GetKeyArgs>,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetKeyResult> {
  checkInvokeOptions("getKey", opts, "output");
  return pulumi
    .all([args, afterDependencies("getKey", opts?.dependsOn)])
    .apply(([plain]) => callInProgram(getKeyCore, plain as GetKeyArgs));
}
