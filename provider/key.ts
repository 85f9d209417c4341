import * as pulumi from "@pulumi/pulumi";
import { runtimeShim } from "./providerShims";
import { outputPlaceholders } from "./resourceInputs";

/** Inputs of a KKMS customer master key. */
export interface KeyArgs {
  /**
   * The key's name (1–256 characters). Changed in place.
   * @default the resource name plus "-" and 7 random characters, stable across updates (Pulumi auto-naming)
   */
  keyName?: pulumi.Input<string>;
  /** A note kept with the key (0–1024 characters). Changed in place. @default "" */
  description?: pulumi.Input<string>;
  /** Changed in place with ModifyKeyState. A Disabled key cannot encrypt or decrypt. @default "Enabled" */
  keyState?: pulumi.Input<"Enabled" | "Disabled">;
  /** The only usage KKMS offers. Changing it replaces the key. @default "EncryptDecrypt" */
  keyUsage?: pulumi.Input<"EncryptDecrypt">;
  /** Where the key material comes from; KKMS creates only `kms` keys. Changing it replaces the key. @default "kms" */
  origin?: pulumi.Input<"kms">;
  /** Billing; KKMS offers only pay-by-day. Changing it replaces the key. @default "PostPaidByDay" */
  chargeType?: pulumi.Input<"PostPaidByDay">;
  /** The region the key lives in. Changing it replaces the key. @default config `kkms:region`, else KSYUN_REGION, else "cn-beijing-6" */
  region?: pulumi.Input<string>;
}

/**
 * A KKMS customer master key (CreateKey). Name, description and state change in place (ModifyKey,
 * ModifyKeyState); usage, origin, charge type and region replace the key. Refresh reads it back with
 * DescribeKeys (out-of-band changes show as drift; a deleted key disappears); destroy disables it, then
 * deletes it (DeleteKey schedules the deletion).
 */
export class Key extends pulumi.dynamic.Resource {
  /** The KeyId; also the resource id. */
  declare readonly keyId: pulumi.Output<string>;
  declare readonly keyName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** Enabled | Disabled | PendingDeletion | PendingImport, as the service reports it. */
  declare readonly keyState: pulumi.Output<string>;
  declare readonly keyUsage: pulumi.Output<string>;
  declare readonly origin: pulumi.Output<string>;
  declare readonly chargeType: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  /** `YYYY-MM-DD HH:MM:SS` as the service prints it. */
  declare readonly createTime: pulumi.Output<string>;

  constructor(name: string, args: KeyArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      ...outputPlaceholders(KEY_OUTPUTS),
      ...args,
      autoNamePrefix: args.keyName === undefined ? `${name}-` : undefined,
    };
    super(runtimeShim("keyProvider"), name, inputs, opts, "kkms", "Key");
  }
}

const KEY_OUTPUTS = [
  "keyId",
  "keyName",
  "description",
  "keyState",
  "keyUsage",
  "origin",
  "chargeType",
  "region",
  "createTime",
];
