import * as pulumi from "@pulumi/pulumi";
import type { KmsKey } from "../../sdk/types";
import { keyIdText, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { assertArguments } from "./argumentCheck";
import { checkInvokeOptions } from "./invokeOptions";
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
export async function getKey(args: GetKeyArgs, opts?: pulumi.InvokeOptions): Promise<GetKeyResult> {
  checkInvokeOptions("getKey", opts, "promise");
  return readKey(args);
}

/** The Output form: runs once its arguments are known and `dependsOn` is done. */
export function getKeyOutput(
  args: OutputArgs<GetKeyArgs>,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetKeyResult> {
  checkInvokeOptions("getKey", opts, "output");
  return pulumi
    .all([args, afterDependencies("getKey", opts?.dependsOn)])
    .apply(([plain]) => readKey(plain as GetKeyArgs));
}

async function readKey(args: GetKeyArgs): Promise<GetKeyResult> {
  assertArguments("getKey", args as unknown as Record<string, unknown>, RULES, ["keyId"]);
  return withProgramClient(args.region, async (client, region) => {
    const { keys } = await client.describeKeys({ keyIds: [args.keyId] });
    const key = keys.find((k) => k.keyId === args.keyId);
    if (!key) throw new KeyNotFoundError(args.keyId, region);
    return { ...key, region };
  });
}
