import fc from "fast-check";
import * as http from "http";
import { decodeParameters, encodeParameters } from "../../../sdk/protocol/formEncoding";
import type { QueryParameter } from "../../../sdk/signing/getCanonicalQuery";
import { KNOWN_REGIONS } from "../../../sdk/regions";
import { ACTION_NAMES, type ActionName } from "../../../emulator/actionNames";
import {
  prepareRequest,
  type KkmsRequestOptions,
  type PreparedRequest,
} from "../../emulator/support/kkmsRequest";
import { rawRequestBytes, type WireRequest } from "./wire";

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

type Params = QueryParameter[];
const API_VERSION = "2016-03-04";
export const AUTH_CODES = [
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "InvalidClientTokenId",
  "MissingAuthenticationToken",
] as const;

// ---------------------------------------------------------------------------------------------------------
// Values

/** Any well-formed Unicode text (no lone surrogates: they cannot be percent-encoded at all). */
const anyText = (maxLength: number) =>
  fc
    .array(
      fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff),
      { maxLength },
    )
    .map((points) => String.fromCodePoint(...points));

const controlCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom("\u007f", "\ufffe", "\uffff"),
);

const BOUNDARY_VALUES = [
  "",
  " ",
  "0",
  "-1",
  "1",
  "1024",
  "1025",
  "4096",
  "4097",
  "99999999999999999999",
  "1e3",
  "0x10",
  "1.0",
  " 1",
  "+1",
  "٣",
  "NaN",
  "Infinity",
  "true",
  "TRUE",
  "null",
  "undefined",
  "[]",
  "{}",
  "%00",
  "../../etc/passwd",
  "<a>&amp;</a>",
  "]]>",
  "' OR '1'='1",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "\u0000",
  "\r\nX-Injected: 1",
  "A".repeat(257),
  "A".repeat(1025),
  "A".repeat(5000),
  "🔑".repeat(300),
];

/** What a hostile client puts in any parameter. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BOUNDARY_VALUES),
  fc.string({ maxLength: 40 }),
  anyText(30),
  fc.base64String({ maxLength: 40 }),
  fc.uuid(),
);

function withControl(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.string({ maxLength }), controlCharacter, fc.string({ maxLength }))
    .map(([a, c, b]) => a + c + b);
}

/** Any string but the allowed ones (possibly empty). */
function notOneOf(allowed: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(hostileValue, fc.constantFrom(...allowed.map((a) => a.toLowerCase() + " ")))
    .filter((value) => !allowed.includes(value));
}

/** Base64 no decoder would read as written: bad characters, bad length, or padding in the middle. */
export function isClearlyNotBase64(text: string): boolean {
  const t = text.replace(/ /g, "+");
  return /[^A-Za-z0-9+/=]/.test(t) || t.length % 4 !== 0 || /=[^=]/.test(t) || /={3,}$/.test(t);
}

export const notBase64: fc.Arbitrary<string> = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9+/= \-_.!\n%]{1,60}$/),
    fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => b.slice(1)),
    fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => `${b.slice(0, 2)}=${b.slice(2)}`),
    fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => b + "===="),
    anyText(20),
  )
  .filter((text) => text !== "" && isClearlyNotBase64(text));

/** One way to corrupt a ciphertext blob; every one of them changes it. */
function tamperedBlob(blob: string, otherBlob: string): fc.Arbitrary<string> {
  const bytes = Buffer.from(blob, "base64");
  const other = Buffer.from(otherBlob, "base64");
  const flipBit = fc
    .tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 }))
    .map(([index, bit]) => {
      const copy = Buffer.from(bytes);
      copy[index] ^= 1 << bit;
      return copy;
    });
  const truncate = fc.integer({ min: 1, max: bytes.length - 1 }).map((length) => bytes.subarray(0, length));
  const extend = fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((extra) => Buffer.concat([bytes, Buffer.from(extra)]));
  const keyIdLength = fc
    .integer({ min: 0, max: 0xffff })
    .filter((n) => n !== bytes.readUInt16BE(1))
    .map((n) => {
      const copy = Buffer.from(bytes);
      copy.writeUInt16BE(n, 1);
      return copy;
    });
  const version = fc
    .integer({ min: 0, max: 255 })
    .filter((v) => v !== bytes[0])
    .map((v) => Buffer.concat([Buffer.from([v]), bytes.subarray(1)]));
  const garbage = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b));
  // The other key's blob with this key's id spliced into its header: "made under another key".
  const spliced = fc.constant(
    Buffer.concat([bytes.subarray(0, 3 + bytes.readUInt16BE(1)), other.subarray(3 + other.readUInt16BE(1))]),
  );
  return fc
    .oneof(flipBit, truncate, extend, keyIdLength, version, garbage, spliced, fc.constant(other))
    .map((b) => b.toString("base64"))
    .filter((b) => b !== blob && b !== "");
}

// ---------------------------------------------------------------------------------------------------------
// Requests

const SIGNINGS = ["v4", "v4-query", "simple"] as const;

interface Shape {
  method: "GET" | "POST";
  placement: "query" | "body";
  signing: (typeof SIGNINGS)[number];
  accept: "json" | "xml";
}

const shape: fc.Arbitrary<Shape> = fc
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

function signed(
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
function validParams(action: ActionName, t: HostileTarget): Params {
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

function setParam(params: Params, name: string, value: string): Params {
  const without = params.filter(([n]) => n !== name);
  return [...without, [name, value]];
}

/** Invalid values of the parameters each action reads before it acts. */
function poisons(action: ActionName, t: HostileTarget): fc.Arbitrary<{ name: string; value: string }>[] {
  const on = (name: string, value: fc.Arbitrary<string>) => value.map((v) => ({ name, value: v }));
  const missingKey = fc
    .oneof(fc.constant(""), fc.uuid(), hostileValue)
    .filter((id) => id !== t.enabledKey && id !== t.disabledKey);
  const keyName = fc.oneof(fc.constant(""), fc.string({ minLength: 257, maxLength: 300 }), withControl(10));
  const common = [
    on(
      "Version",
      hostileValue.filter((v) => v !== API_VERSION),
    ),
    on(
      "DryRun",
      hostileValue.filter((v) => !["true", "false"].includes(v.toLowerCase())),
    ),
  ];
  const byAction: Record<ActionName, fc.Arbitrary<{ name: string; value: string }>[]> = {
    CreateKey: [
      on("KeyName", keyName),
      on("Description", fc.oneof(fc.string({ minLength: 1025, maxLength: 1100 }), withControl(10))),
      on("KeyUsage", notOneOf(["EncryptDecrypt"])),
      on("Origin", notOneOf(["kms"])),
      on("ChargeType", notOneOf(["PostPaidByDay"])),
    ],
    DescribeKeys: [on("KeyId.1", fc.constant(""))],
    ModifyKey: [on("KeyId", missingKey), on("KeyName", keyName)],
    ModifyKeyState: [on("KeyId", missingKey), on("KeyState", notOneOf(["Enabled", "Disabled"]))],
    DeleteKey: [on("KeyId", fc.oneof(missingKey, fc.constant(t.enabledKey)))],
    Encrypt: [
      on("KeyId", fc.oneof(missingKey, fc.constant(t.disabledKey))),
      on(
        "Plaintext",
        fc.oneof(
          fc.constant(""),
          notBase64,
          fc.integer({ min: 4097, max: 6000 }).map((n) => Buffer.alloc(n, 7).toString("base64")),
        ),
      ),
    ],
    Decrypt: [
      on("KeyId", fc.oneof(missingKey, fc.constant(t.disabledKey))),
      on("CiphertextBlob", fc.oneof(fc.constant(""), notBase64, tamperedBlob(t.blob, t.otherBlob))),
    ],
    GenerateDataKey: [
      on("KeyId", fc.oneof(missingKey, fc.constant(t.disabledKey))),
      on("KeySpec", notOneOf(["AES128", "AES256"])),
      on(
        "NumberOfBytes",
        fc.oneof(
          fc.integer({ min: 1025, max: 1e9 }).map(String),
          fc.constantFrom("0", "-1", "1.5", "1e3", " 1", "abc", "0x10", ""),
        ),
      ),
    ],
  };
  return [...common, ...byAction[action]];
}

const READS: Record<ActionName, string[]> = {
  CreateKey: ["KeyName", "Description", "KeyUsage", "Origin", "ChargeType"],
  DescribeKeys: ["KeyId.1", "KeyId.2", "KeyId"],
  ModifyKey: ["KeyName", "Description"],
  ModifyKeyState: ["KeyState"],
  DeleteKey: [],
  Encrypt: ["Plaintext"],
  Decrypt: ["CiphertextBlob"],
  GenerateDataKey: ["KeySpec", "NumberOfBytes"],
};

const action = fc.constantFrom(...ACTION_NAMES);

/** Random and boundary values in every parameter an action reads, and at least one of them invalid. */
export function parameterCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const perAction = ACTION_NAMES.map((name) =>
    fc
      .record({
        noise: fc.array(fc.tuple(fc.constantFrom(...READS[name], "Junk", "KeyId.9"), hostileValue), {
          maxLength: 4,
        }),
        poison: fc.oneof(...poisons(name, t)),
        shape,
      })
      .map(({ noise, poison, shape: s }) => {
        let params = validParams(name, t).filter(([n]) => n !== "DryRun");
        for (const [n, v] of noise) if (n !== poison.name) params = setParam(params, n, v);
        params = setParam(params, poison.name, poison.value);
        return {
          category: "parameters",
          label: `${name} with ${poison.name}=${JSON.stringify(poison.value.slice(0, 40))}`,
          transport: "http" as const,
          request: toWire(signed(t, params, s)),
        };
      }),
  );
  return fc.oneof(...perAction);
}

/** Base64 parameters that are not base64. */
export function base64Case(t: HostileTarget): fc.Arbitrary<HostileCase> {
  return fc.record({ encrypt: fc.boolean(), value: notBase64, shape }).map(({ encrypt, value, shape: s }) => {
    const params: Params = encrypt
      ? [...validParams("Encrypt", t).slice(0, 3), ["Plaintext", value]]
      : [...validParams("Decrypt", t).slice(0, 3), ["CiphertextBlob", value]];
    return {
      category: "invalid base64",
      label: `${encrypt ? "Plaintext" : "CiphertextBlob"}=${JSON.stringify(value)}`,
      transport: "http" as const,
      request: toWire(signed(t, params, s)),
      expect: ["InvalidParameterValue"],
    };
  });
}

/** Decrypt with an altered, truncated, extended or foreign blob: always InvalidCiphertext. */
export function ciphertextCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  return fc.record({ blob: tamperedBlob(t.blob, t.otherBlob), shape }).map(({ blob, shape: s }) => ({
    category: "tampered ciphertext",
    label: `Decrypt of ${blob.slice(0, 40)}`,
    transport: "http" as const,
    request: toWire(
      signed(
        t,
        [
          ["Action", "Decrypt"],
          ["Version", API_VERSION],
          ["KeyId", t.enabledKey],
          ["CiphertextBlob", blob],
        ],
        s,
      ),
    ),
    expect: ["InvalidCiphertext"],
  }));
}

/** Bodies over the limit, values near it, thousands of parameters, URLs and headers past Node's limits. */
export function hugeCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const form = [["content-type", "application/x-www-form-urlencoded"]] as [string, string][];
  const host: [string, string] = ["host", new URL(t.url).host];
  const overLimit = fc.integer({ min: 65_537, max: 150_000 }).map((size): HostileCase => ({
    category: "huge",
    label: `a ${size}-byte body`,
    transport: "http",
    request: { method: "POST", target: "/", headers: [host, ...form], body: Buffer.alloc(size, 0x61) },
    expect: ["RequestEntityTooLarge"],
  }));
  const chunkedOverLimit = fc.integer({ min: 65_537, max: 150_000 }).map((size): HostileCase => ({
    category: "huge",
    label: `a ${size}-byte chunked body`,
    transport: "http",
    request: {
      method: "POST",
      target: "/",
      headers: [host, ...form, ["transfer-encoding", "chunked"]],
      body: Buffer.alloc(size, 0x62),
    },
    expect: ["RequestEntityTooLarge"],
  }));
  const bigValue = fc
    .record({
      size: fc.integer({ min: 2_000, max: 60_000 }),
      name: fc.constantFrom("KeyName", "Description"),
    })
    .map(({ size, name }): HostileCase => {
      const params = setParam(validParams("CreateKey", t).slice(0, 6), name, "x".repeat(size));
      return {
        category: "huge",
        label: `${name} of ${size} characters`,
        transport: "http",
        request: toWire(
          signed(t, params, { method: "POST", placement: "body", signing: "v4", accept: "json" }),
        ),
        expect: ["InvalidParameterValue"],
      };
    });
  const manyKeyIds = fc.integer({ min: 101, max: 2_000 }).map((count): HostileCase => {
    const params: Params = [
      ["Action", "DescribeKeys"],
      ["Version", API_VERSION],
    ];
    for (let i = 1; i <= count; i++) params.push([`KeyId.${i}`, `k${i}`]);
    return {
      category: "huge",
      label: `DescribeKeys with ${count} ids`,
      transport: "http",
      request: toWire(
        signed(t, params, { method: "POST", placement: "body", signing: "v4", accept: "json" }),
      ),
      expect: ["InvalidParameterValue"],
    };
  });
  const longUrl = fc.integer({ min: 20_000, max: 120_000 }).map((size): HostileCase => ({
    category: "huge",
    label: `a ${size}-character URL`,
    transport: "raw",
    request: { method: "GET", target: `/?Action=DescribeKeys&Junk=${"z".repeat(size)}`, headers: [host] },
    expect: ["MalformedRequest"],
  }));
  const longHeader = fc.integer({ min: 20_000, max: 80_000 }).map((size): HostileCase => ({
    category: "huge",
    label: `a ${size}-character header`,
    transport: "raw",
    request: { method: "GET", target: "/", headers: [host, ["x-amz-date", "9".repeat(size)]] },
    expect: ["MalformedRequest"],
  }));
  return fc.oneof(overLimit, chunkedOverLimit, bigValue, manyKeyIds, longUrl, longHeader);
}

const INVALID_UTF8 = [
  "%FF",
  "%C0%80",
  "%ED%A0%80",
  "%E2%82",
  "%F8%88%80%80%80",
  "%80",
  "%C3",
  "%F4%90%80%80",
];
const BAD_ESCAPES = ["%", "%G0", "%4", "%%", "%u00e9"];

/** Escapes that decode to bytes which are not UTF-8, malformed escapes, raw non-UTF-8 bytes. */
export function nonUtf8Case(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const host: [string, string] = ["host", new URL(t.url).host];
  const escape = fc.oneof(
    fc.constantFrom(...INVALID_UTF8, ...BAD_ESCAPES),
    fc
      .array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 6 })
      .filter((bytes) => !isUtf8(Buffer.from(bytes)))
      .map((bytes) => bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("")),
  );
  const inText = fc
    .record({ escape, inName: fc.boolean(), inBody: fc.boolean(), prefix: fc.string({ maxLength: 8 }) })
    .map(({ escape: e, inName, inBody, prefix }): HostileCase => {
      const safePrefix = encodeURIComponent(prefix);
      const pair = inName ? `${safePrefix}${e}=1` : `KeyName=${safePrefix}${e}`;
      const base = "Action=CreateKey&Version=2016-03-04";
      return {
        category: "non-UTF-8",
        label: `${inBody ? "body" : "query"} ${pair}`,
        transport: "http",
        request: inBody
          ? {
              method: "POST",
              target: "/",
              headers: [host, ["content-type", "application/x-www-form-urlencoded"]],
              body: `${base}&${pair}`,
            }
          : { method: "GET", target: `/?${base}&${pair}`, headers: [host] },
        expect: ["InvalidQueryParameter"],
      };
    });
  const rawBytes = fc
    .record({
      bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }).filter((b) => !isUtf8(Buffer.from(b))),
      inBody: fc.boolean(),
    })
    .map(({ bytes, inBody }): HostileCase => {
      const latin1 = Buffer.from(bytes).toString("latin1");
      if (inBody) {
        return {
          category: "non-UTF-8",
          label: `raw body bytes ${Buffer.from(bytes).toString("hex")}`,
          transport: "http",
          request: {
            method: "POST",
            target: "/",
            headers: [host, ["content-type", "application/x-www-form-urlencoded"]],
            body: Buffer.concat([Buffer.from("Action=DescribeKeys&KeyName="), Buffer.from(bytes)]),
          },
          expect: ["InvalidQueryParameter"],
        };
      }
      return {
        category: "non-UTF-8",
        label: `raw URL bytes ${Buffer.from(bytes).toString("hex")}`,
        transport: "raw",
        request: { method: "GET", target: `/?Action=DescribeKeys&KeyName=${latin1}`, headers: [host] },
        expect: ["InvalidQueryParameter", "MalformedRequest"],
      };
    });
  return fc.oneof(inText, rawBytes);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A parameter the action reads, sent twice with different values (signed as sent). */
export function duplicateCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  return fc
    .record({ name: action, which: fc.nat(), other: hostileValue, shape, split: fc.boolean() })
    .map(({ name, which, other, shape: s, split }) => {
      const params = validParams(name, t);
      const candidates = params.filter(([n]) => n !== "DryRun");
      const [dupName, dupValue] = candidates[which % candidates.length];
      const value = other === dupValue ? `${other}x` : other;
      // A POST may carry the duplicate in the query while the rest goes in the body.
      const queryParams: Params | undefined = s.method === "POST" && split ? [[dupName, value]] : undefined;
      const body: Params = queryParams ? params : [...params, [dupName, value]];
      return {
        category: "duplicated parameters",
        label: `${name} with ${dupName} twice`,
        transport: "http" as const,
        request: toWire(
          signed(t, body, { ...s, placement: s.method === "POST" ? "body" : "query" }, { queryParams }),
        ),
        expect: ["InvalidQueryParameter"],
      };
    });
}

/** Every method Node's parser knows but GET and POST (HEAD answers carry no body; CONNECT is a raw case). */
const WRONG_METHODS = http.METHODS.filter((m) => !["GET", "POST", "HEAD", "CONNECT"].includes(m));
const SERVED_PATHS = new Set(["", "/", "/health", "/metrics"]);

/** Methods other than GET and POST; paths other than `/`; the health, metrics and admin paths misused. */
export function methodOrPathCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const host: [string, string] = ["host", new URL(t.url).host];
  const wrongMethod = fc
    .record({ method: fc.constantFrom(...WRONG_METHODS), name: action, shape })
    .map(({ method, name, shape: s }): HostileCase => {
      const request = toWire(signed(t, validParams(name, t), s));
      return {
        category: "wrong method or path",
        label: `${method} ${name}`,
        transport: "http",
        request: { ...request, method },
        expect: ["InvalidMethod"],
      };
    });
  const unknownMethod = fc.stringMatching(/^[A-Z]{1,12}$/).filter((m) => !http.METHODS.includes(m));
  const bogusMethod = unknownMethod.map((method): HostileCase => ({
    category: "wrong method or path",
    label: `method ${method}`,
    transport: "http",
    request: { method, target: "/?Action=DescribeKeys", headers: [host] },
    expect: ["MalformedRequest"],
  }));
  const pathArb = fc
    .oneof(
      fc.webPath(),
      fc.constantFrom(
        "//",
        "/./",
        "/../",
        "/%2e%2e/",
        "/..%2f",
        "/index.html",
        "/health/",
        "/HEALTH",
        "/metrics/x",
      ),
      fc.string({ minLength: 1, maxLength: 30 }).map((s) => "/" + encodeURIComponent(s)),
    )
    .filter((p) => !SERVED_PATHS.has(p) && !p.startsWith("/_admin") && !p.startsWith("/?"));
  const wrongPath = fc
    .record({ path: pathArb, name: action, shape, absolute: fc.boolean() })
    .map(({ path, name, shape: s, absolute }): HostileCase => {
      const request = toWire(signed(t, validParams(name, t), s, { path }));
      return {
        category: "wrong method or path",
        label: `${name} at ${path}`,
        transport: "http",
        request: absolute ? { ...request, target: `http://kkms.api.ksyun.com${request.target}` } : request,
        expect: ["InvalidPath"],
      };
    });
  const misusedEndpoint = fc
    .record({
      path: fc.constantFrom(
        "/health",
        "/metrics",
        "/_admin/faults",
        "/_admin/throttle",
        "/_admin/reset-metrics",
      ),
      method: fc.constantFrom("POST", "DELETE", "PATCH", "OPTIONS"),
    })
    .filter(({ path, method }) => !(path === "/_admin/reset-metrics" && method === "POST"))
    .map(({ path, method }): HostileCase => ({
      category: "wrong method or path",
      label: `${method} ${path}`,
      transport: "http",
      request: { method, target: path, headers: [host] },
      expect: ["InvalidMethod"],
    }));
  const adminGarbage = fc
    .record({
      path: fc.constantFrom("/_admin/faults", "/_admin/throttle"),
      body: fc.string({ minLength: 1, maxLength: 60 }).filter((b) => !isJson(b)),
    })
    .map(({ path, body }): HostileCase => ({
      category: "wrong method or path",
      label: `PUT ${path} ${JSON.stringify(body)}`,
      transport: "http",
      request: { method: "PUT", target: path, headers: [host, ["content-type", "application/json"]], body },
      expect: ["InvalidParameterValue"],
    }));
  const adminUnknown = fc.webPath().map((p): HostileCase => ({
    category: "wrong method or path",
    label: `GET /_admin${p}`,
    transport: "http",
    request: { method: "GET", target: `/_admin/x${p}`, headers: [host] },
    expect: ["InvalidPath"],
  }));
  return fc.oneof(wrongMethod, bogusMethod, wrongPath, misusedEndpoint, adminGarbage, adminUnknown);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Signatures

type Tamper = { label: string; edit: (request: WireRequest) => WireRequest };

const HEX = "0123456789abcdef";

function header(request: WireRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function withHeader(request: WireRequest, name: string, value: string | undefined): WireRequest {
  const headers = request.headers.filter(([n]) => n.toLowerCase() !== name);
  return { ...request, headers: value === undefined ? headers : [...headers, [name, value]] };
}

/** The request's parameters in query and body, editable, then put back where they were. */
function editParams(request: WireRequest, edit: (params: Params, inBody: boolean) => Params): WireRequest {
  const [path, query = ""] = request.target.split(/\?(.*)/s);
  const body = String(request.body ?? "");
  const inBody = request.method === "POST" && body !== "" && !query.includes("Action=");
  if (inBody) return { ...request, body: encodeParameters(edit(decodeParameters(body), true)) };
  const edited = encodeParameters(edit(decodeParameters(query), false));
  return { ...request, target: edited === "" ? path : `${path}?${edited}` };
}

function replaceParam(params: Params, name: string, change: (value: string) => string): Params {
  return params.map(([n, v]) => (n === name ? [n, change(v)] : [n, v]));
}

/** A hex string with its character at `index` replaced by a different one. */
function flipHex(hex: string, index: number, pick: number): string {
  const i = index % hex.length;
  const choices = HEX.replace(hex[i].toLowerCase(), "");
  return hex.slice(0, i) + choices[pick % choices.length] + hex.slice(i + 1);
}

function signatureEdits(
  name: string,
  read: (r: WireRequest) => string,
  write: (r: WireRequest, s: string) => WireRequest,
): fc.Arbitrary<Tamper> {
  return fc.oneof(
    fc.integer({ min: 1, max: 63 }).map((cut) => ({
      label: `${name} cut by ${cut}`,
      edit: (r: WireRequest) => write(r, read(r).slice(0, -cut)),
    })),
    fc.tuple(fc.nat(), fc.nat()).map(([index, pick]) => ({
      label: `${name} with one digit changed`,
      edit: (r: WireRequest) => write(r, flipHex(read(r), index, pick)),
    })),
    fc.stringMatching(/^[0-9a-f]{1,8}$/).map((more) => ({
      label: `${name} lengthened`,
      edit: (r: WireRequest) => write(r, read(r) + more),
    })),
    fc.string({ minLength: 1, maxLength: 70 }).map((junk) => ({
      label: `${name} replaced by ${JSON.stringify(junk)}`,
      edit: (r: WireRequest) => write(r, junk === read(r) ? `${junk}0` : junk),
    })),
    fc.constant({ label: `${name} empty`, edit: (r: WireRequest) => write(r, "") }),
  );
}

const otherRegion = (current: string) =>
  fc.constantFrom(...KNOWN_REGIONS, "cn-nowhere-1", "").filter((r) => r !== current);

/** Tampering the signed parts of a request, whatever the signature form. */
function commonTampers(): fc.Arbitrary<Tamper>[] {
  return [
    fc
      .tuple(fc.constantFrom("DryRun", "Version", "Action"), fc.string({ maxLength: 3 }))
      .map(([name, suffix]) => ({
        label: `${name} changed`,
        edit: (r: WireRequest) => editParams(r, (p) => replaceParam(p, name, (v) => `${v}${suffix || "x"}`)),
      })),
    fc.tuple(fc.stringMatching(/^[A-Z][a-z]{1,8}$/), hostileValue).map(([name, value]) => ({
      label: `parameter ${name} added`,
      edit: (r: WireRequest) => editParams(r, (p) => [...p, [`X${name}`, value]]),
    })),
    fc.constant({
      label: "DryRun removed",
      edit: (r: WireRequest) => editParams(r, (p) => p.filter(([n]) => n !== "DryRun")),
    }),
  ];
}

function v4HeaderTampers(): fc.Arbitrary<Tamper>[] {
  const auth = (r: WireRequest) => header(r, "authorization") ?? "";
  const setAuth = (r: WireRequest, value: string) => withHeader(r, "authorization", value);
  const signature = signatureEdits(
    "Signature",
    (r) => /Signature=([0-9a-f]*)/.exec(auth(r))?.[1] ?? "",
    (r, s) => setAuth(r, auth(r).replace(/Signature=[0-9a-f]*/, `Signature=${s}`)),
  );
  const scope = fc.oneof(
    fc.stringMatching(/^AK[A-Z0-9]{1,12}$/).map((ak) => ({
      label: `access key ${ak}`,
      edit: (r: WireRequest) => setAuth(r, auth(r).replace(/Credential=[^/]+\//, `Credential=${ak}/`)),
    })),
    otherRegion("cn-beijing-6").map((region) => ({
      label: `scope region ${region || "(empty)"}`,
      edit: (r: WireRequest) => setAuth(r, auth(r).replace("/cn-beijing-6/", `/${region}/`)),
    })),
    fc.constantFrom("kms", "KKMS", "s3", "").map((service) => ({
      label: `scope service ${service || "(empty)"}`,
      edit: (r: WireRequest) => setAuth(r, auth(r).replace("/kkms/", `/${service}/`)),
    })),
    fc.constantFrom("aws4_requests", "aws4", "AWS4_REQUEST", "").map((end) => ({
      label: `scope terminator ${end || "(empty)"}`,
      edit: (r: WireRequest) => setAuth(r, auth(r).replace("/aws4_request", `/${end}`)),
    })),
    fc.integer({ min: 1, max: 3650 }).map((days) => ({
      label: `scope date ${days} days off`,
      edit: (r: WireRequest) =>
        setAuth(
          r,
          auth(r).replace(/\/(\d{8})\//, (_m, d: string) => `/${shiftDay(d, days)}/`),
        ),
    })),
    fc
      .constantFrom("x-amz-date", "host;x-amz-date;x-missing", "host;x-amz-date;accept", "host")
      .map((list) => ({
        label: `SignedHeaders=${list}`,
        edit: (r: WireRequest) => setAuth(r, auth(r).replace(/SignedHeaders=[^,]+/, `SignedHeaders=${list}`)),
      })),
    fc.constantFrom("AWS4-HMAC-SHA1", "AWS4-HMAC-SHA256X", "HMAC-SHA256", "").map((algorithm) => ({
      label: `algorithm ${algorithm || "(none)"}`,
      edit: (r: WireRequest) => setAuth(r, auth(r).replace("AWS4-HMAC-SHA256", algorithm)),
    })),
  );
  const dates = fc.oneof(
    fc
      .integer({ min: -86_400 * 400, max: 86_400 * 400 })
      .filter((s) => s !== 0)
      .map((shift) => ({
        label: `X-Amz-Date moved ${shift} s`,
        edit: (r: WireRequest) =>
          withHeader(r, "x-amz-date", shiftAmzDate(header(r, "x-amz-date") ?? "", shift)),
      })),
    fc.constant({
      label: "X-Amz-Date removed",
      edit: (r: WireRequest) => withHeader(r, "x-amz-date", undefined),
    }),
    fc.constant({ label: "Host removed", edit: (r: WireRequest) => withHeader(r, "host", undefined) }),
    fc.integer({ min: 1, max: 65535 }).map((port) => ({
      label: `Host port ${port}`,
      edit: (r: WireRequest) => {
        const host = header(r, "host") ?? "";
        return withHeader(
          r,
          "host",
          host.endsWith(`:${port}`) ? `${host}0` : host.replace(/:\d+$/, `:${port}`),
        );
      },
    })),
    fc.constant({
      label: "x-amz-content-sha256 of another body",
      edit: (r: WireRequest) => withHeader(r, "x-amz-content-sha256", "0".repeat(64)),
    }),
    fc.constant({
      label: "GET turned into POST",
      edit: (r: WireRequest) =>
        r.method === "GET" ? { ...r, method: "POST" } : { ...r, body: `${r.body}&X=1` },
    }),
  );
  return [signature, scope, dates];
}

function queryValue(r: WireRequest, name: string): string {
  const query = r.target.split(/\?(.*)/s)[1] ?? "";
  return decodeParameters(query).find(([n]) => n === name)?.[1] ?? "";
}

function setQueryValue(r: WireRequest, name: string, value: string | undefined): WireRequest {
  const [path, query = ""] = r.target.split(/\?(.*)/s);
  const params = decodeParameters(query).filter(([n]) => n !== name);
  const edited = value === undefined ? params : [...params, [name, value] as const];
  return { ...r, target: `${path}?${encodeParameters(edited)}` };
}

function v4QueryTampers(): fc.Arbitrary<Tamper>[] {
  const signature = signatureEdits(
    "X-Amz-Signature",
    (r) => queryValue(r, "X-Amz-Signature"),
    (r, s) => setQueryValue(r, "X-Amz-Signature", s),
  );
  const fields = fc.oneof(
    fc
      .constantFrom(
        "X-Amz-Signature",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-SignedHeaders",
        "X-Amz-Algorithm",
      )
      .map((name) => ({
        label: `${name} removed`,
        edit: (r: WireRequest) => setQueryValue(r, name, undefined),
      })),
    fc.stringMatching(/^AK[A-Z0-9]{1,12}$/).map((ak) => ({
      label: `X-Amz-Credential access key ${ak}`,
      edit: (r: WireRequest) =>
        setQueryValue(r, "X-Amz-Credential", queryValue(r, "X-Amz-Credential").replace(/^[^/]+/, ak)),
    })),
    otherRegion("cn-beijing-6").map((region) => ({
      label: `X-Amz-Credential region ${region || "(empty)"}`,
      edit: (r: WireRequest) =>
        setQueryValue(
          r,
          "X-Amz-Credential",
          queryValue(r, "X-Amz-Credential").replace("/cn-beijing-6/", `/${region}/`),
        ),
    })),
    fc
      .integer({ min: -86_400 * 30, max: 86_400 * 30 })
      .filter((s) => s !== 0)
      .map((shift) => ({
        label: `X-Amz-Date moved ${shift} s`,
        edit: (r: WireRequest) =>
          setQueryValue(r, "X-Amz-Date", shiftAmzDate(queryValue(r, "X-Amz-Date"), shift)),
      })),
    fc.constantFrom("0", "604801", "-5", "abc", "1.5", "", "99999999").map((expires) => ({
      label: `X-Amz-Expires=${expires}`,
      edit: (r: WireRequest) => setQueryValue(r, "X-Amz-Expires", expires),
    })),
    fc.constantFrom("x-amz-date", "host;x-missing", "accept;host").map((list) => ({
      label: `X-Amz-SignedHeaders=${list}`,
      edit: (r: WireRequest) => setQueryValue(r, "X-Amz-SignedHeaders", list),
    })),
    fc.constantFrom("AWS4-HMAC-SHA1", "").map((algorithm) => ({
      label: `X-Amz-Algorithm=${algorithm}`,
      edit: (r: WireRequest) => setQueryValue(r, "X-Amz-Algorithm", algorithm),
    })),
  );
  return [signature, fields];
}

function simpleTampers(): fc.Arbitrary<Tamper>[] {
  const editSimple = (r: WireRequest, name: string, value: string | undefined) =>
    editParams(r, (p) => {
      const without = p.filter(([n]) => n !== name);
      return value === undefined ? without : [...without, [name, value]];
    });
  const simpleValue = (r: WireRequest, name: string) => {
    let found = "";
    editParams(r, (p) => {
      found = p.find(([n]) => n === name)?.[1] ?? "";
      return p;
    });
    return found;
  };
  const signature = signatureEdits(
    "Signature",
    (r) => simpleValue(r, "Signature"),
    (r, s) => editSimple(r, "Signature", s),
  );
  const fields = fc.oneof(
    fc
      .constantFrom("Signature", "Accesskey", "Timestamp", "Service", "SignatureMethod", "SignatureVersion")
      .map((name) => ({
        label: `${name} removed`,
        edit: (r: WireRequest) => editSimple(r, name, undefined),
      })),
    fc.stringMatching(/^AK[A-Z0-9]{1,12}$/).map((ak) => ({
      label: `Accesskey ${ak}`,
      edit: (r: WireRequest) => editSimple(r, "Accesskey", ak),
    })),
    fc
      .integer({ min: -86_400 * 30, max: 86_400 * 30 })
      .filter((s) => s !== 0)
      .map((shift) => ({
        label: `Timestamp moved ${shift} s`,
        edit: (r: WireRequest) =>
          editSimple(
            r,
            "Timestamp",
            new Date(Date.parse(simpleValue(r, "Timestamp")) + shift * 1000)
              .toISOString()
              .replace(/\.\d{3}/, ""),
          ),
      })),
    fc.constantFrom("2026-11-27 02:47:36", "20261127T024736Z", "yesterday", "").map((stamp) => ({
      label: `Timestamp=${stamp}`,
      edit: (r: WireRequest) => editSimple(r, "Timestamp", stamp),
    })),
    fc.constantFrom("kms", "KKMS", "iam").map((service) => ({
      label: `Service=${service}`,
      edit: (r: WireRequest) => editSimple(r, "Service", service),
    })),
    fc.constantFrom("HMAC-SHA1", "hmac-sha256").map((method) => ({
      label: `SignatureMethod=${method}`,
      edit: (r: WireRequest) => editSimple(r, "SignatureMethod", method),
    })),
    fc.constantFrom("2.0", "1", "").map((version) => ({
      label: `SignatureVersion=${version}`,
      edit: (r: WireRequest) => editSimple(r, "SignatureVersion", version),
    })),
    otherRegion("cn-beijing-6").map((region) => ({
      label: `Region=${region}`,
      edit: (r: WireRequest) => editSimple(r, "Region", region),
    })),
  );
  return [signature, fields];
}

/** A valid DryRun request (the server would answer 412), then one signed part tampered with. */
export function signatureCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  return fc
    .record({
      name: action,
      shape,
      v4: fc.oneof(...v4HeaderTampers(), ...commonTampers()),
      "v4-query": fc.oneof(...v4QueryTampers(), ...commonTampers()),
      simple: fc.oneof(...simpleTampers(), ...commonTampers()),
    })
    .map((generated): HostileCase => {
      const { name, shape: s } = generated;
      const tamper = generated[s.signing];
      const request = toWire(signed(t, validParams(name, t), s));
      return {
        category: "tampered signature",
        label: `${s.signing} ${s.method} ${name}: ${tamper.label}`,
        transport: "http",
        request: tamper.edit(request),
        expect: [...AUTH_CODES, "InvalidParameterValue", "InvalidQueryParameter"],
      };
    });
}

function shiftAmzDate(amzDate: string, seconds: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return `${amzDate}1`;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + seconds * 1000;
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function shiftDay(yyyymmdd: string, days: number): string {
  const ms =
    Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8)) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, "");
}

// ---------------------------------------------------------------------------------------------------------
// Headers and raw bytes

/** Header values node:http can send: random Authorization, dates, content types, hosts, repeated headers. */
export function headerCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const latin1Text = fc
    .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })), {
      maxLength: 80,
    })
    .map((codes) => String.fromCharCode(...codes).trim());
  const base = (s: Shape) => toWire(signed(t, validParams("DescribeKeys", t), s));
  return fc
    .record({
      shape,
      name: fc.constantFrom(
        "authorization",
        "x-amz-date",
        "content-type",
        "accept",
        "host",
        "x-amz-content-sha256",
        "date",
      ),
      value: fc.oneof(
        latin1Text,
        hostileValue.filter((v) => /^[\x20-\x7e]*$/.test(v)),
      ),
      repeat: fc.boolean(),
    })
    .map(({ shape: s, name, value, repeat }): HostileCase => {
      const request = base(name === "content-type" ? { ...s, method: "POST", placement: "body" } : s);
      const headers: [string, string][] = repeat
        ? [...request.headers, [name, value]]
        : [...request.headers.filter(([n]) => n !== name), [name, value]];
      return {
        category: "hostile headers",
        label: `${repeat ? "another" : "replaced"} ${name}: ${JSON.stringify(value.slice(0, 40))}`,
        transport: "http",
        request: { ...request, headers },
      };
    });
}

const INJECTIONS = [
  "\r\nX-Injected: 1",
  "\r\nSet-Cookie: injected=1",
  "\nX-Injected: 1",
  "\rX-Injected: 1",
  "\u0000",
  "\r\n X-Injected: folded",
  "\r\n\r\nGET /?Action=DescribeKeys HTTP/1.1\r\nX-Injected: 1",
  "\u000b",
  "\u007f",
];

/** Header injection, request smuggling and framing attacks: bytes only a raw socket sends. */
export function injectionCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const host = new URL(t.url).host;
  const valid = (s: Shape) => toWire(signed(t, validParams("DescribeKeys", t), s));
  const injected = fc
    .record({
      shape,
      name: fc.constantFrom("accept", "x-amz-date", "host", "authorization", "content-type", "x-custom"),
      injection: fc.constantFrom(...INJECTIONS),
      position: fc.constantFrom("start", "end"),
    })
    .map(({ shape: s, name, injection, position }): HostileCase => {
      const request = valid(s);
      const current = header(request, name) ?? "x";
      const value = position === "end" ? current + injection : injection + current;
      return {
        category: "header injection",
        label: `${name}: ${JSON.stringify(value.slice(-50))}`,
        transport: "raw",
        request: withHeader(request, name, value),
      };
    });
  const badName = fc
    .constantFrom("X Space", "X:Colon", "X\u0000Nul", "Accept\t", "(x)", "X\u00e9")
    .map((name): HostileCase => {
      const request = valid({ method: "GET", placement: "query", signing: "v4", accept: "json" });
      return {
        category: "header injection",
        label: `header name ${JSON.stringify(name)}`,
        transport: "raw",
        request: { ...request, headers: [...request.headers, [name, "1"]] },
      };
    });
  const framing = fc.constantFrom(
    ...[
      `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /?Action=DescribeKeys HTTP/1.1\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 99999999999999999999999\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 20\r\n\r\nAction=Describe`,
      `GET / HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`,
      `GET /?Action=DescribeKeys HTTP/1.0\r\n\r\n`,
      `GET /?Action=DescribeKeys HTTP/2.0\r\nHost: ${host}\r\n\r\n`,
      `GET /?Action=DescribeKeys\r\nHost: ${host}\r\n\r\n`,
      `GET  /?Action=DescribeKeys  HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      `GET /?Action=DescribeKeys HTTP/1.1 extra\r\nHost: ${host}\r\n\r\n`,
      `CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      `CONNECT kkms.api.ksyun.com:443 HTTP/1.1\r\nHost: kkms.api.ksyun.com:443\r\n\r\n`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nExpect: 200-ok\r\nContent-Length: 3\r\n\r\nabc`,
      `POST / HTTP/1.1\r\nHost: ${host}\r\nExpect: nonsense\r\nContent-Length: 0\r\n\r\n`,
      `GET /?Action=DescribeKeys HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`,
      `GET /?Action=DescribeKeys HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
      `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`,
      `\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003`,
    ],
  );
  const framingCase = framing.map((text): HostileCase => ({
    category: "header injection",
    label: `framing ${JSON.stringify(text.slice(0, 60))}`,
    transport: "raw",
    request: { method: "", target: "", headers: [], body: Buffer.from(text, "latin1") },
  }));
  return fc.oneof(injected, badName, framingCase);
}

/** Random bytes, and valid requests with random bytes flipped, inserted or deleted. */
export function garbageCase(t: HostileTarget): fc.Arbitrary<HostileCase> {
  const pure = fc
    .uint8Array({ minLength: 1, maxLength: 2_000 })
    .filter((bytes) => bytes.some((b) => b !== 0x0d && b !== 0x0a))
    .map((bytes): HostileCase => ({
      category: "random bytes",
      label: `${bytes.length} random bytes`,
      transport: "raw",
      request: { method: "", target: "", headers: [], body: Buffer.from(bytes) },
    }));
  const mutated = fc
    .record({
      shape,
      name: action,
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          kind: fc.constantFrom("flip", "insert", "delete"),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    })
    .map(({ shape: s, name, edits }): HostileCase => {
      let bytes = rawRequestBytes(toWire(signed(t, validParams(name, t), s)));
      for (const { at, kind, byte } of edits) {
        const i = at % bytes.length;
        if (kind === "flip") bytes[i] = bytes[i] === byte ? byte ^ 0xff : byte;
        else if (kind === "insert")
          bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
        else bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
      }
      return {
        category: "random bytes",
        label: `${name} with ${edits.length} byte edits`,
        transport: "raw",
        request: { method: "", target: "", headers: [], body: bytes },
      };
    });
  return fc.oneof(pure, mutated);
}

/** The bytes a raw case sends: a prebuilt byte string, or the request written out. */
export function rawBytesOf(request: WireRequest): Buffer {
  return request.method === "" ? Buffer.from(request.body ?? "") : rawRequestBytes(request);
}
