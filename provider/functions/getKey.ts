import * as pulumi from "@pulumi/pulumi";
import type { KmsKey } from "../../sdk/types";
import { keyIdText, regionName } from "../runtime/inputRules";
import { assertArguments } from "./argumentCheck";
import type { OutputArgs } from "./outputArgs";
import { withProgramClient } from "./programClient";

export interface GetKeyArgs {
  keyId: string;
  region?: string;
}

export interface GetKeyResult extends KmsKey {
  region: string;
}

/** Thrown when a looked-up key does not exist in the region (or belongs to another account). */
export class KeyNotFoundError extends Error {
  constructor(keyId: string, region: string) {
    super(`kkms.getKey: the key ${keyId} was not found in region ${region}.`);
    this.name = "KeyNotFoundError";
  }
}

const RULES = { keyId: keyIdText("keyId"), region: regionName };

/** A key's fields, read with DescribeKeys. */
export async function getKey(args: GetKeyArgs, _opts?: pulumi.InvokeOptions): Promise<GetKeyResult> {
  assertArguments("getKey", args as unknown as Record<string, unknown>, RULES, ["keyId"]);
  return withProgramClient(args.region, async (client, region) => {
    const { keys } = await client.describeKeys({ keyIds: [args.keyId] });
    const key = keys.find((k) => k.keyId === args.keyId);
    if (!key) throw new KeyNotFoundError(args.keyId, region);
    return { ...key, region };
  });
}

export function getKeyOutput(
  args: OutputArgs<GetKeyArgs>,
  opts?: pulumi.InvokeOptions,
): pulumi.Output<GetKeyResult> {
  return pulumi.output(args).apply((plain) => getKey(plain as GetKeyArgs, opts));
}
