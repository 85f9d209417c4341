import * as pulumi from "@pulumi/pulumi";
import { runtimeShim } from "./providerShims";
import {
  dynamicType,
  hasPulumiType,
  lookupProperties,
  outputPlaceholders,
  refuseImport,
} from "./resourceInputs";

/** Inputs of a KKMS customer master key. */
export interface KeyArgs {
  /**
   * The key's name (1–256 characters). Changed in place.
   * @default the resource name plus "-" and 7 random characters, stable across updates (Pulumi auto-naming);
   * required with `adoptKeyId`
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
  /**
   * Manage an existing key instead of creating one: create reads it (DescribeKeys) and brings its name,
   * description and state to the declared ones, with only the calls needed. From then on it is managed like
   * any Key — destroy deletes it (set `retainOnDelete` to keep it). Removing this input later changes
   * nothing; changing it to another KeyId replaces the resource (the other key is adopted, this one deleted).
   */
  adoptKeyId?: pulumi.Input<string>;
}

/** The state `Key.get` may be given: `region` says where to look; the other fields come back from the service. */
export interface KeyResourceState {
  /** The key's name (comes back from the service). */
  keyName?: pulumi.Input<string>;
  /** The key's note (comes back from the service). */
  description?: pulumi.Input<string>;
  /** Enabled | Disabled | PendingDeletion | PendingImport (comes back from the service). */
  keyState?: pulumi.Input<string>;
  /** `EncryptDecrypt` (comes back from the service). */
  keyUsage?: pulumi.Input<string>;
  /** `kms` (comes back from the service). */
  origin?: pulumi.Input<string>;
  /** The service does not report it: kept as given. @default "PostPaidByDay" */
  chargeType?: pulumi.Input<string>;
  /** The region the key lives in. @default the provider's region */
  region?: pulumi.Input<string>;
  /** `YYYY-MM-DD HH:MM:SS` (comes back from the service). */
  createTime?: pulumi.Input<string>;
}

/**
 * A KKMS customer master key (CreateKey). Name, description and state change in place (ModifyKey,
 * ModifyKeyState); usage, origin, charge type and region replace the key. Refresh reads it back with
 * DescribeKeys (out-of-band changes show as drift; a deleted key disappears); destroy disables it, then
 * deletes it (DeleteKey schedules the deletion).
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const key = new kkms.Key("app", { description: "Encrypts the app's data keys" });
 * // A second key, created disabled, in another region:
 * const archive = new kkms.Key("archive", { keyState: "Disabled", region: "cn-shanghai-2" });
 * export const keyId = key.keyId;
 * ```
 */
export class Key extends pulumi.dynamic.Resource {
  /** The type token the engine records: `pulumi-nodejs:dynamic/kkms:Key`. */
  public static readonly __pulumiType = dynamicType("Key");

  /**
   * Reads an existing key through the engine (a ReadResource, which carries the provider): its live fields
   * become this resource's outputs; Pulumi does not manage it (never changed or deleted). A key that does not
   * exist in the region fails the program with an error naming the id.
   */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: KeyResourceState,
    opts?: pulumi.CustomResourceOptions,
  ): Key {
    return new Key(name, state as KeyArgs, { ...opts, id });
  }

  /** True only for a `Key` (from any copy of this package), not for any other resource. */
  public static override isInstance(obj: unknown): obj is Key {
    return hasPulumiType(obj, Key.__pulumiType);
  }

  /**
   * The KeyId: the resource id itself. It is known in a preview whenever the key stays (an update changes a key
   * in place, keeping its id, step.go UpdateStep.Apply), so dependents are not shown as replaced.
   */
  declare readonly keyId: pulumi.Output<string>;
  /** The key's name, as given or auto-named. */
  declare readonly keyName: pulumi.Output<string>;
  /** The key's note. */
  declare readonly description: pulumi.Output<string>;
  /** Enabled | Disabled | PendingDeletion | PendingImport, as the service reports it. */
  declare readonly keyState: pulumi.Output<string>;
  /** `EncryptDecrypt`. */
  declare readonly keyUsage: pulumi.Output<string>;
  /** `kms`: KKMS made the key material. */
  declare readonly origin: pulumi.Output<string>;
  /** `PostPaidByDay`. */
  declare readonly chargeType: pulumi.Output<string>;
  /** The region the key lives in. */
  declare readonly region: pulumi.Output<string>;
  /** `YYYY-MM-DD HH:MM:SS` as the service prints it. */
  declare readonly createTime: pulumi.Output<string>;

  constructor(name: string, args?: KeyArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("Key", name, opts, "Use adoptKeyId to manage an existing key, or Key.get to read one.");
    const props = opts?.id
      ? lookupProperties(KEY_OUTPUTS, KEY_STATE_FIELDS, args)
      : {
          ...outputPlaceholders(KEY_OUTPUTS),
          ...args,
          autoNamePrefix: args?.keyName === undefined ? `${name}-` : undefined,
        };
    super(runtimeShim("keyProvider"), name, props, opts, "kkms", "Key");
    // For a provider without preview support the engine previews an update with the checked inputs as the
    // outputs (provider_plugin.go:1675-1676 at v3.248.0), so an output `keyId` would be unknown there; the id
    // is kept (step.go:926-931) and handed back (source_eval.go:2880), and is unknown only for a new key.
    (this as { keyId: pulumi.Output<string> }).keyId = this.id;
  }
}

/** Outputs the engine fills; `keyId` is the id (see the constructor). */
const KEY_OUTPUTS = [
  "keyName",
  "description",
  "keyState",
  "keyUsage",
  "origin",
  "chargeType",
  "region",
  "createTime",
];

const KEY_STATE_FIELDS = KEY_OUTPUTS;
