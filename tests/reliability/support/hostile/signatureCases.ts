import fc from "fast-check";
import { decodeParameters, encodeParameters } from "../../../../sdk/protocol/formEncoding";
import { KNOWN_REGIONS } from "../../../../sdk/regions";
import type { WireRequest } from "../wire";
import {
  action,
  AUTH_CODES,
  shape,
  signed,
  toWire,
  validParams,
  type HostileCase,
  type HostileTarget,
  type Params,
} from "./cases";
import { hostileValue } from "./values";

/** Valid DryRun requests with one signed part tampered with, for each signature form. */

type Tamper = { label: string; edit: (request: WireRequest) => WireRequest };

const HEX = "0123456789abcdef";

export function header(request: WireRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

export function withHeader(request: WireRequest, name: string, value: string | undefined): WireRequest {
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
