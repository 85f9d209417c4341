import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/** A key's fields, read with DescribeKeys by the provider (`kkms:index:getKey`). */
export function getKey(args: GetKeyArgs, opts?: pulumi.InvokeOptions): Promise<GetKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:getKey", { keyId: args.keyId, region: args.region }, opts);
}

/** The Output form of `getKey`. */
export function getKeyOutput(
  args: GetKeyOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput("kkms:index:getKey", { keyId: args.keyId, region: args.region }, opts);
}

export interface GetKeyArgs {
  keyId: string;
  /** @default the provider's region */
  region?: string;
}

export interface GetKeyOutputArgs {
  keyId: pulumi.Input<string>;
  region?: pulumi.Input<string>;
}

export interface GetKeyResult {
  readonly keyId: string;
  readonly keyName: string;
  readonly description: string;
  readonly keyState: string;
  readonly keyUsage: string;
  readonly origin: string;
  readonly createTime: string;
  readonly region: string;
}
