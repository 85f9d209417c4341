import * as pulumi from "@pulumi/pulumi";
import type * as outputs from "./types/output";
import * as utilities from "./utilities";

/** Keys of a region (DescribeKeys), filtered by ids, state and name or description patterns (`kkms:index:getKeys`). */
export function getKeys(args?: GetKeysArgs, opts?: pulumi.InvokeOptions): Promise<GetKeysResult> {
  args = args || {};
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:getKeys", invokeArgs(args), opts);
}

/** The Output form of `getKeys`. */
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

export interface GetKeysArgs {
  /** Only these keys (those that exist). */
  keyIds?: string[];
  keyState?: string;
  /** A JavaScript regular expression the key name must match. */
  nameRegex?: string;
  /** A JavaScript regular expression the description must match. */
  descriptionRegex?: string;
  region?: string;
}

export interface GetKeysOutputArgs {
  keyIds?: pulumi.Input<pulumi.Input<string>[]>;
  keyState?: pulumi.Input<string>;
  nameRegex?: pulumi.Input<string>;
  descriptionRegex?: pulumi.Input<string>;
  region?: pulumi.Input<string>;
}

export interface GetKeysResult {
  readonly keys: outputs.KmsKey[];
  readonly ids: string[];
}
