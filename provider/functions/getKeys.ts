import * as pulumi from "@pulumi/pulumi";
import { KEY_STATES, type KmsKey } from "../../sdk/types";
import { keyIdText, oneOf, regionName, show, type Rule } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

/** The filters of `getKeys`; each one given narrows the list. */
export interface GetKeysArgs {
  /** Only these keys (those that exist). */
  keyIds?: string[];
  /** Only keys in this state. */
  keyState?: "Enabled" | "Disabled" | "PendingDeletion" | "PendingImport";
  /** A JavaScript regular expression the key name must match. */
  nameRegex?: string;
  /** A JavaScript regular expression the description must match. */
  descriptionRegex?: string;
  /** The region to list. @default the `kkms:region` config, else KSYUN_REGION, else "cn-beijing-6" */
  region?: string;
}

/** The keys that match, and their ids in the same order. */
export interface GetKeysResult {
  /** Each matching key's fields. */
  keys: KmsKey[];
  /** Each matching key's KeyId. */
  ids: string[];
}

const regex =
  (name: string): Rule =>
  (value) => {
    if (typeof value !== "string") return `${name} must be a string; got ${show(value)}.`;
    try {
      new RegExp(value);
      return undefined;
    } catch (err) {
      return `${name} must be a valid regular expression; ${show(value)} is not (${(err as Error).message}).`;
    }
  };

const keyIdRule = keyIdText("keyIds");
const keyIdList: Rule = (value) =>
  Array.isArray(value) && value.every((id) => keyIdRule(id) === undefined)
    ? undefined
    : `keyIds must be a list of key ids; got ${show(value)}.`;

const RULES = {
  keyIds: keyIdList,
  keyState: oneOf("keyState", KEY_STATES),
  nameRegex: regex("nameRegex"),
  descriptionRegex: regex("descriptionRegex"),
  region: regionName,
};

/** DescribeKeys and the filters: the rules and the call, shared with the native plugin's `kkms:index:getKeys`. */
export const getKeysCore = functionCore<GetKeysArgs, GetKeysResult>(
  "getKeys",
  RULES,
  [],
  async (client, _region, args) => {
    const { keys } = await client.describeKeys({ keyIds: args.keyIds });
    const matching = keys.filter(matches(args));
    return { keys: matching, ids: matching.map((k) => k.keyId) };
  },
);

/**
 * Keys of the region (DescribeKeys), filtered by ids, state and name/description patterns.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const { ids } = await kkms.getKeys({ keyState: "Enabled", nameRegex: "^app-" });
 * ```
 */
export async function getKeys(args: GetKeysArgs = {}, opts?: pulumi.InvokeOptions): Promise<GetKeysResult> {
  checkInvokeOptions("getKeys", opts, "promise");
  return callInProgram(getKeysCore, args);
}

/**
 * The Output form of `getKeys`: runs once its arguments are known and `dependsOn` is done.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * export const disabled = kkms.getKeysOutput({ keyState: "Disabled" }).ids;
 * ```
 */
export function getKeysOutput(
  args: OutputArgs<GetKeysArgs> = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetKeysResult> {
  checkInvokeOptions("getKeys", opts, "output");
  return pulumi
    .all([args, afterDependencies("getKeys", opts?.dependsOn)])
    .apply(([plain]) => callInProgram(getKeysCore, plain as GetKeysArgs));
}

function matches(args: GetKeysArgs): (key: KmsKey) => boolean {
  const name = args.nameRegex === undefined ? undefined : new RegExp(args.nameRegex);
  const description = args.descriptionRegex === undefined ? undefined : new RegExp(args.descriptionRegex);
  return (key) =>
    (args.keyState === undefined || key.keyState === args.keyState) &&
    (name === undefined || name.test(key.keyName)) &&
    (description === undefined || description.test(key.description));
}
