import fc from "fast-check";
import * as http from "http";
import { ACTION_NAMES, type ActionName } from "../../../../emulator/actions/actionNames";
import {
  action,
  API_VERSION,
  setParam,
  shape,
  signed,
  toWire,
  validParams,
  type HostileCase,
  type HostileTarget,
  type Params,
} from "./cases";
import { hostileValue, notBase64, notOneOf, tamperedBlob, withControl } from "./values";

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
