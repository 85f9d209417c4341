import fc from "fast-check";
import type { QueryParameter } from "../../../../sdk/signing/getCanonicalQuery";
import { ACTION_NAMES, type ActionName } from "../../../../emulator/actions/actionNames";
import {
  prepareRequest,
  type KkmsRequestOptions,
  type PreparedRequest,
} from "../../../emulator/support/kkmsRequest";
import type { WireRequest } from "../wire";

/**
 * Generators of malformed KKMS requests, one family per kind of hostility. Every generated request is wrong
 * in at least one way the server must notice (a "poison"), so a 200 is always a failure; requests that must
 * not change anything even if a check were missing also carry DryRun=true.
 */
export interface HostileTarget {
  url: string;
  /** An Enabled key of the signing account. */
  enabledKey: string;
  /** A Disabled key of the signing account. */
  disabledKey: string;
  /** A ciphertext blob of enabledKey. */
  blob: string;
  /** A ciphertext blob of a third key. */
  otherBlob: string;
}

export interface HostileCase {
  category: string;
  /** What was done, for failure reports. */
  label: string;
  /** `raw` for bytes node:http refuses to send. */
  transport: "http" | "raw";
  request: WireRequest;
  /** When set, the only codes acceptable for this case. */
  expect?: readonly string[];
}

export type Params = QueryParameter[];
export const API_VERSION = "2016-03-04";
export const AUTH_CODES = [
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "InvalidClientTokenId",
  "MissingAuthenticationToken",
] as const;

export const SIGNINGS = ["v4", "v4-query", "simple"] as const;

export interface Shape {
  method: "GET" | "POST";
  placement: "query" | "body";
  signing: (typeof SIGNINGS)[number];
  accept: "json" | "xml";
}

export const shape: fc.Arbitrary<Shape> = fc
  .record({
    method: fc.constantFrom("GET" as const, "POST" as const),
    post: fc.constantFrom("query" as const, "body" as const),
    signing: fc.constantFrom(...SIGNINGS),
    accept: fc.constantFrom("json" as const, "xml" as const),
  })
  .map(({ method, post, signing, accept }) => ({
    method,
    placement: method === "GET" ? "query" : post,
    signing,
    accept,
  }));

export function toWire(prepared: PreparedRequest): WireRequest {
  return {
    method: prepared.method,
    target: prepared.path + (prepared.rawQuery === "" ? "" : `?${prepared.rawQuery}`),
    headers: Object.entries(prepared.headers),
    body: prepared.body,
  };
}

export function signed(
  target: HostileTarget,
  params: Params,
  s: Shape,
  extra: KkmsRequestOptions = {},
): PreparedRequest {
  return prepareRequest(target.url, params, {
    method: s.method,
    placement: s.placement,
    signing: s.signing,
    accept: s.accept,
    ...extra,
  });
}

/** A request every check passes (DryRun=true, so the answer is 412 and nothing changes). */
export function validParams(action: ActionName, t: HostileTarget): Params {
  const byAction: Record<ActionName, Params> = {
    CreateKey: [
      ["KeyName", "hostile-probe"],
      ["KeyUsage", "EncryptDecrypt"],
      ["Origin", "kms"],
      ["ChargeType", "PostPaidByDay"],
    ],
    DescribeKeys: [["KeyId.1", t.enabledKey]],
    ModifyKey: [
      ["KeyId", t.enabledKey],
      ["KeyName", "renamed-by-probe"],
    ],
    ModifyKeyState: [
      ["KeyId", t.enabledKey],
      ["KeyState", "Disabled"],
    ],
    DeleteKey: [["KeyId", t.disabledKey]],
    Encrypt: [
      ["KeyId", t.enabledKey],
      ["Plaintext", Buffer.from("probe").toString("base64")],
    ],
    Decrypt: [
      ["KeyId", t.enabledKey],
      ["CiphertextBlob", t.blob],
    ],
    GenerateDataKey: [
      ["KeyId", t.enabledKey],
      ["KeySpec", "AES256"],
    ],
  };
  return [["Action", action], ["Version", API_VERSION], ...byAction[action], ["DryRun", "true"]];
}

export function setParam(params: Params, name: string, value: string): Params {
  const without = params.filter(([n]) => n !== name);
  return [...without, [name, value]];
}

export const action = fc.constantFrom(...ACTION_NAMES);
