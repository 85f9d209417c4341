import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * The kkms provider. Configure it with the `kkms:` stack config (the default provider), or declare one to use
 * several accounts or regions in one program; pass it as the `provider` resource option.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as pulumi from "@pulumi/pulumi";
 * import * as kkms from "pulumi-kkms/native";
 *
 * const config = new pulumi.Config();
 * const shanghai = new kkms.Provider("shanghai", {
 *   region: "cn-shanghai-2",
 *   accessKeyId: config.require("shanghaiAccessKeyId"),
 *   secretAccessKey: config.requireSecret("shanghaiSecretAccessKey"),
 * });
 * const key = new kkms.Key("app", {}, { provider: shanghai });
 * ```
 */
export class Provider extends pulumi.ProviderResource {
  /** @internal */
  public static readonly __pulumiType = "kkms";

  /** True when `obj` is a kkms Provider (its type is `pulumi:providers:kkms`). */
  public static override isInstance(obj: unknown): obj is Provider {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: string }).__pulumiType === "pulumi:providers:" + Provider.__pulumiType;
  }

  /** The region given, if any. */
  declare public readonly region: pulumi.Output<string | undefined>;
  /** The endpoint given, if any. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** The access key id given, if any. */
  declare public readonly accessKeyId: pulumi.Output<string | undefined>;
  /** The secret key given, if any: a secret. */
  declare public readonly secretAccessKey: pulumi.Output<string | undefined>;

  constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
    const resourceInputs: pulumi.Inputs = {};
    resourceInputs["region"] = args?.region;
    resourceInputs["endpoint"] = args?.endpoint;
    resourceInputs["accessKeyId"] = args?.accessKeyId;
    resourceInputs["secretAccessKey"] = args?.secretAccessKey
      ? pulumi.secret(args.secretAccessKey)
      : undefined;
    // Provider inputs travel as strings (the engine's Configure `variables`), as codegen sends them.
    resourceInputs["maxAttempts"] =
      args?.maxAttempts === undefined
        ? undefined
        : pulumi.output(args.maxAttempts).apply((n) => JSON.stringify(n));
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts ?? {});
    opts = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secretAccessKey"] });
    super(Provider.__pulumiType, name, resourceInputs, opts);
  }
}

/** The provider's configuration; each absent one falls back as the `kkms:` stack config does. */
export interface ProviderArgs {
  /** The region keys live in unless a resource names its own. @default KSYUN_REGION, else "cn-beijing-6" */
  region?: pulumi.Input<string>;
  /** The KKMS service URL. @default KKMS_ENDPOINT, else "https://kkms.api.ksyun.com" */
  endpoint?: pulumi.Input<string>;
  /** The access key id. @default KSYUN_ACCESS_KEY (both credential halves come from the same place) */
  accessKeyId?: pulumi.Input<string>;
  /** Always a secret. @default KSYUN_SECRET_KEY */
  secretAccessKey?: pulumi.Input<string>;
  /** Attempts per API call, 1–50. @default 10 */
  maxAttempts?: pulumi.Input<number>;
}
