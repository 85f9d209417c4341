import * as pulumi from "@pulumi/pulumi";
import type * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * Keys of a region (DescribeKeys), filtered by ids, state and name or description patterns (`kkms:index:getKeys`).
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const { ids } = await kkms.getKeys({ keyState: "Enabled", nameRegex: "^app-" });
 * ```
 */
export function getKeys(args?: GetKeysArgs, opts?: pulumi.InvokeOptions): Promise<GetKeysResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:getKeys", invokeArgs(args), opts);
}

/**
 * The Output form of `getKeys`.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * export const disabled = kkms.getKeysOutput({ keyState: "Disabled" }).ids;
 * ```
 */
export function getKeysOutput(
  args?: GetKeysOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetKeysResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput("kkms:index:getKeys", invokeArgs(args), opts);
}

function invokeArgs(args: GetKeysArgs | GetKeysOutputArgs): pulumi.Inputs {
  return {
    keyIds: args.keyIds,
    keyState: args.keyState,
    nameRegex: args.nameRegex,
    descriptionRegex: args.descriptionRegex,
    region: args.region,
  };
}

/** The filters of `getKeys`; each one given narrows the list. */
export interface GetKeysArgs {
  /** Only these keys (those that exist). */
  keyIds?: string[];
  /** Only keys in this state: Enabled, Disabled, PendingDeletion or PendingImport. */
  keyState?: string;
  /** A JavaScript regular expression the key name must match. */
  nameRegex?: string;
  /** A JavaScript regular expression the description must match. */
  descriptionRegex?: string;
  /** The region to list. @default the provider's region */
  region?: string;
}

/** The filters of `getKeysOutput`, as in `GetKeysArgs`; each may be an Output. */
export interface GetKeysOutputArgs {
  /** Only these keys (those that exist). */
  keyIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Only keys in this state. */
  keyState?: pulumi.Input<string>;
  /** A JavaScript regular expression the key name must match. */
  nameRegex?: pulumi.Input<string>;
  /** A JavaScript regular expression the description must match. */
  descriptionRegex?: pulumi.Input<string>;
  /** The region to list. @default the provider's region */
  region?: pulumi.Input<string>;
}

/** The keys that match, and their ids in the same order. */
export interface GetKeysResult {
  /** Each matching key's fields. */
  readonly keys: outputs.KmsKey[];
  /** Each matching key's KeyId. */
  readonly ids: string[];
}
