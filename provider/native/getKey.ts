import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A key's fields, read with DescribeKeys by the provider (`kkms:index:getKey`).
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = await kkms.getKey({ keyId: "e7f3c2a1-0000-4000-8000-000000000001" });
 * ```
 */
export function getKey(args: GetKeyArgs, opts?: pulumi.InvokeOptions): Promise<GetKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:getKey", { keyId: args.keyId, region: args.region }, opts);
}

/**
 * The Output form of `getKey`.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = new kkms.Key("app", {});
 * export const state = kkms.getKeyOutput({ keyId: key.keyId }).keyState;
 * ```
 */
export function getKeyOutput(
  args: GetKeyOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput("kkms:index:getKey", { keyId: args.keyId, region: args.region }, opts);
}

/** The arguments of `getKey`: the same as the dynamic provider's `GetKeyArgs`, documented there once. */
export type { GetKeyArgs } from "../functions/getKey";
import type { GetKeyArgs } from "../functions/getKey";

/** The arguments of `getKeyOutput`: each may be an Output. */
export interface GetKeyOutputArgs {
  /** The KeyId to look up. */
  keyId: pulumi.Input<string>;
  /** The key's region. @default the provider's region */
  region?: pulumi.Input<string>;
}

/** A key's fields, as DescribeKeys reports them, and the region it was looked up in. */
export interface GetKeyResult {
  /** The KeyId. */
  readonly keyId: string;
  /** The key's name. */
  readonly keyName: string;
  /** The key's note. */
  readonly description: string;
  /** Enabled | Disabled | PendingDeletion | PendingImport. */
  readonly keyState: string;
  /** `EncryptDecrypt`. */
  readonly keyUsage: string;
  /** `kms`. */
  readonly origin: string;
  /** `YYYY-MM-DD HH:MM:SS`. */
  readonly createTime: string;
  /** The region it was looked up in. */
  readonly region: string;
}
