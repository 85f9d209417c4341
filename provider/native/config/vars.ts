import { defineConfigGetters } from "../../configGetters";

/**
 * Typed getters for the `kkms:` stack config the default provider reads, with the same environment fallbacks
 * the provider applies.
 */

/** `kkms:region`, else KSYUN_REGION. */
export declare const region: string | undefined;
/** `kkms:endpoint`, else KKMS_ENDPOINT. */
export declare const endpoint: string | undefined;
/** `kkms:accessKeyId`, else KSYUN_ACCESS_KEY. */
export declare const accessKeyId: string | undefined;
/**
 * `kkms:secretAccessKey`, else KSYUN_SECRET_KEY, as plain text (as codegen'd SDKs type it): wrap it with
 * `pulumi.secret` before exporting it. Set it with `pulumi config set --secret`.
 */
export declare const secretAccessKey: string | undefined;
/** `kkms:maxAttempts`, a number. */
export declare const maxAttempts: number | undefined;

defineConfigGetters(exports, (value) => value);
