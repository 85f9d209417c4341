import fc from "fast-check";
import { rawRequestBytes, type WireRequest } from "../wire";
import {
  action,
  shape,
  signed,
  toWire,
  validParams,
  type HostileCase,
  type HostileTarget,
  type Shape,
} from "./cases";
import { header, withHeader } from "./signatureCases";
import { hostileValue } from "./values";

// Hostile headers, and bytes only a raw socket sends: header injection, smuggling, framing, garbage.

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
