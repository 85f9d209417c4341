import * as pulumi from "@pulumi/pulumi";
import { defineConfigGetters } from "../configGetters";

/**
 * `kkms.config`: the `kkms:` stack config the resources and functions of `pulumi-kkms` read, with the same
 * environment fallbacks, as first-party providers offer theirs (`aws.config.region`). Each is read when accessed.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as pulumi from "@pulumi/pulumi";
 * import * as kkms from "pulumi-kkms";
 *
 * // `pulumi config set kkms:region cn-shanghai-2`, or KSYUN_REGION; the provider's default otherwise.
 * export const region = kkms.config.region ?? "cn-beijing-6";
 * const key = new kkms.Key("app", { description: `app data in ${kkms.config.region}` });
 * ```
 */

/** `kkms:region`, else the KSYUN_REGION environment variable; `undefined` when neither is set (the provider then uses cn-beijing-6). */
export declare const region: string | undefined;
/** `kkms:endpoint`, else KKMS_ENDPOINT; `undefined` means the service, https://kkms.api.ksyun.com. */
export declare const endpoint: string | undefined;
/** `kkms:accessKeyId`, else KSYUN_ACCESS_KEY. */
export declare const accessKeyId: string | undefined;
/**
 * `kkms:secretAccessKey`, else KSYUN_SECRET_KEY, as a **secret** Output, so that exporting or logging it never
 * shows it in clear. Set it with `pulumi config set --secret kkms:secretAccessKey ...`.
 */
export declare const secretAccessKey: pulumi.Output<string> | undefined;
/** `kkms:maxAttempts` (attempts per API call, 1–50; the provider's default is 10). A bad value throws, naming the key. */
export declare const maxAttempts: number | undefined;

defineConfigGetters(exports, (value) => pulumi.secret(value));
