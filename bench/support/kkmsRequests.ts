import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEVELOPMENT_ACCOUNT } from "pulumi-kkms/emulator";
import { protocol, signing, type Credentials } from "pulumi-kkms/sdk";
import type { ReplayRequest } from "./loadTypes";

/** The account, region and key every benchmark against kkms-local uses. */
export const CREDENTIALS: Credentials = {
  accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId,
  secretAccessKey: DEVELOPMENT_ACCOUNT.secretAccessKey,
};
export const REGION = "cn-beijing-6";
export const BENCH_KEY_ID = "bench-key-1";
/** 64 bytes: the size of a typical wrapped secret. */
export const PLAINTEXT = Buffer.alloc(64, 7);

export type ThroughputAction = "Encrypt" | "GenerateDataKey" | "DescribeKeys" | "CreateKey" | "ModifyKey";

/**
 * The action's parameters as KkmsClient would send them (DescribeKeys by id; writes on the benchmark key).
 * `variant` numbers ModifyKey's new name, so that consecutive ModifyKeys really change the key.
 */
export function actionParameters(action: ThroughputAction, variant = 0): [string, string][] {
  const common: [string, string][] = [
    ["Action", action],
    ["Version", "2016-03-04"],
  ];
  switch (action) {
    case "Encrypt":
      return [...common, ["KeyId", BENCH_KEY_ID], ["Plaintext", PLAINTEXT.toString("base64")]];
    case "GenerateDataKey":
      return [...common, ["KeyId", BENCH_KEY_ID], ["KeySpec", "AES256"]];
    case "DescribeKeys":
      return [...common, ["KeyId.1", BENCH_KEY_ID]];
    case "CreateKey":
      return [
        ...common,
        ["KeyName", "bench-created"],
        ["KeyUsage", "EncryptDecrypt"],
        ["Origin", "kms"],
        ["ChargeType", "PostPaidByDay"],
      ];
    case "ModifyKey":
      return [
        ...common,
        ["KeyId", BENCH_KEY_ID],
        ["KeyName", `bench-renamed-${variant}`],
        ["Description", "renamed"],
      ];
  }
}

/**
 * A presigned GET (SigV4 in the query, host signed), valid for 15 minutes: a load generator can replay it as is,
 * and each replay is a complete, independently valid request.
 */
export function presignedRequest(origin: string, params: [string, string][]): ReplayRequest {
  const host = new URL(origin).host;
  const { query } = signing.presignRequestV4(
    { method: "GET", path: "/", query: params, headers: { host }, body: "" },
    { credentials: CREDENTIALS, region: REGION, service: "kkms", now: new Date(), expiresInSeconds: 900 },
  );
  return {
    method: "GET",
    path: `/?${protocol.encodeParameters(query)}`,
    headers: { accept: "application/json" },
  };
}

/** Whether a JSON answer is the action's success document, with the fields a client reads. */
export function isSuccessDocument(
  action: string,
  status: number,
  body: string,
  keyId = BENCH_KEY_ID,
): boolean {
  if (status !== 200) return false;
  const document = JSON.parse(body) as Record<string, unknown>;
  if (typeof document.RequestId !== "string") return false;
  if (action === "Encrypt") return typeof document.CiphertextBlob === "string" && document.KeyId === keyId;
  if (action === "GenerateDataKey")
    return typeof document.CiphertextBlob === "string" && typeof document.Plaintext === "string";
  if (action === "DescribeKeys") return Array.isArray(document.KeySet);
  if (action === "CreateKey" || action === "ModifyKey")
    return typeof (document.Key as { KeyId?: unknown } | undefined)?.KeyId === "string";
  return true;
}

/** A seed file with the benchmark key, in a fresh temporary directory the caller removes. */
export function writeSeedFile(keys: { keyId: string; keyName: string }[]): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-bench-"));
  const file = path.join(dir, "seed.json");
  fs.writeFileSync(file, JSON.stringify(keys));
  return { file, dir };
}
