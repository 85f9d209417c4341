import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A KKMS customer master key (CreateKey), served by the native plugin `pulumi-resource-kkms`. Name, description
 * and state change in place; usage, origin, charge type and region replace the key. Take an existing key under
 * management with `pulumi import kkms:index:Key NAME KEYID`, the `import` resource option, or `adoptKeyId`.
 */
export class Key extends pulumi.CustomResource {
  /** Reads an existing key by its KeyId (through the engine's ReadResource); it is not managed. */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: KeyState,
    opts?: pulumi.CustomResourceOptions,
  ): Key {
    return new Key(name, state as KeyArgs, { ...opts, id });
  }

  /** @internal */
  public static readonly __pulumiType = "kkms:index:Key";

  /** True when `obj` is a Key of this SDK (not a DataKey, not a dynamic Key). */
  public static override isInstance(obj: unknown): obj is Key {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: string }).__pulumiType === Key.__pulumiType;
  }

  /** The KeyId; also the resource id. */
  declare public readonly keyId: pulumi.Output<string>;
  declare public readonly keyName: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string>;
  /** `Enabled`, `Disabled`, `PendingDeletion` or `PendingImport`, as the service reports it. */
  declare public readonly keyState: pulumi.Output<string>;
  declare public readonly keyUsage: pulumi.Output<string>;
  declare public readonly origin: pulumi.Output<string>;
  declare public readonly chargeType: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;
  /** `YYYY-MM-DD HH:MM:SS` as the service prints it. */
  declare public readonly createTime: pulumi.Output<string>;

  constructor(name: string, args?: KeyArgs, opts?: pulumi.CustomResourceOptions);
  constructor(name: string, argsOrState?: KeyArgs | KeyState, opts?: pulumi.CustomResourceOptions) {
    const resourceInputs: pulumi.Inputs = {};
    opts = opts || {};
    if (opts.id) {
      const state = argsOrState as KeyState | undefined;
      for (const name of KEY_OUTPUTS) resourceInputs[name] = state?.[name];
    } else {
      const args = argsOrState as KeyArgs | undefined;
      for (const name of KEY_INPUTS) resourceInputs[name] = args?.[name];
      for (const name of KEY_OUTPUTS)
        if (!(KEY_INPUTS as readonly string[]).includes(name)) resourceInputs[name] = undefined;
    }
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
    super(Key.__pulumiType, name, resourceInputs, opts);
  }
}

const KEY_INPUTS = [
  "keyName",
  "description",
  "keyState",
  "keyUsage",
  "origin",
  "chargeType",
  "region",
  "adoptKeyId",
] as const;
const KEY_OUTPUTS = [
  "keyName",
  "description",
  "keyState",
  "keyUsage",
  "origin",
  "chargeType",
  "region",
  "keyId",
  "createTime",
] as const;

/** The inputs of a Key. */
export interface KeyArgs {
  /**
   * 1–256 characters. Changed in place.
   * @default the resource name plus "-" and 7 random characters, kept across updates; required with `adoptKeyId`
   */
  keyName?: pulumi.Input<string>;
  /** 0–1024 characters. Changed in place. @default "" */
  description?: pulumi.Input<string>;
  /** Changed in place (ModifyKeyState). @default "Enabled" */
  keyState?: pulumi.Input<"Enabled" | "Disabled">;
  /** Replaces the key. @default "EncryptDecrypt" */
  keyUsage?: pulumi.Input<"EncryptDecrypt">;
  /** Replaces the key. @default "kms" */
  origin?: pulumi.Input<"kms">;
  /** Replaces the key. @default "PostPaidByDay" */
  chargeType?: pulumi.Input<"PostPaidByDay">;
  /** Replaces the key. @default the provider's region */
  region?: pulumi.Input<string>;
  /**
   * Manage this existing key instead of creating one: create reads it and brings its name, description and
   * state to the declared ones with only the calls needed. Destroy then deletes it like any Key (set
   * `retainOnDelete` to keep it). Removing it later changes nothing; another KeyId replaces the resource.
   */
  adoptKeyId?: pulumi.Input<string>;
}

/** A Key's outputs, to look up an existing one with `Key.get` (named so it does not clash with a key's state). */
export interface KeyState {
  keyId?: pulumi.Input<string>;
  keyName?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  keyState?: pulumi.Input<string>;
  keyUsage?: pulumi.Input<string>;
  origin?: pulumi.Input<string>;
  chargeType?: pulumi.Input<string>;
  region?: pulumi.Input<string>;
  createTime?: pulumi.Input<string>;
}
