import * as pulumi from "@pulumi/pulumi";
import * as utilities from "../utilities";

/**
 * Typed getters for the `kkms:` stack config the default provider reads, with the same environment fallbacks
 * the provider applies.
 */
const config = new pulumi.Config("kkms");

/** `kkms:region`, else KSYUN_REGION. */
export declare const region: string | undefined;
/** `kkms:endpoint`, else KKMS_ENDPOINT. */
export declare const endpoint: string | undefined;
/** `kkms:accessKeyId`, else KSYUN_ACCESS_KEY. */
export declare const accessKeyId: string | undefined;
/** `kkms:secretAccessKey`, else KSYUN_SECRET_KEY. Set it with `pulumi config set --secret`. */
export declare const secretAccessKey: string | undefined;
/** `kkms:maxAttempts`, a number. */
export declare const maxAttempts: number | undefined;

const getters: Record<string, () => unknown> = {
  region: () => config.get("region") ?? utilities.getEnv("KSYUN_REGION"),
  endpoint: () => config.get("endpoint") ?? utilities.getEnv("KKMS_ENDPOINT"),
  accessKeyId: () => config.get("accessKeyId") ?? utilities.getEnv("KSYUN_ACCESS_KEY"),
  // The raw value: `Config.get` would warn that a secret is read as plain text.
  secretAccessKey: () =>
    pulumi.runtime.getConfig("kkms:secretAccessKey") ?? utilities.getEnv("KSYUN_SECRET_KEY"),
  maxAttempts: () => config.getNumber("maxAttempts"),
};
for (const [name, get] of Object.entries(getters)) {
  Object.defineProperty(exports, name, { get, enumerable: true });
}
