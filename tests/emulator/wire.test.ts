import * as http from "http";
import * as net from "net";
import fc from "fast-check";
import { expectError, useEmulator } from "./support/emulatorFixture";
import {
  callAction,
  kkmsRequest,
  prepareRequest,
  sendPrepared,
  toResponse,
  type KkmsResponse,
  type PreparedRequest,
} from "./support/kkmsRequest";

const fixture = useEmulator();
let keys: string[];

beforeAll(async () => {
  keys = [];
  for (const name of ["k0", "k1", "k2", "k3"]) keys.push(await fixture.createKey(name));
});

async function describedIds(params: [string, string][]): Promise<string[]> {
  const response = await kkmsRequest(fixture.url, [
    ["Action", "DescribeKeys"],
    ["Version", "2016-03-04"],
    ...params,
  ]);
  expect(response.status).toBe(200);
  return (response.body.KeySet as { KeyId: string }[]).map((key) => key.KeyId);
}

describe("DescribeKeys KeyId lists, as every Kingsoft SDK sends them", () => {
  it("takes KeyId.N numbered from 0 (Go, Python) and from 1 (Java)", async () => {
    expect(
      await describedIds([
        ["KeyId.0", keys[2]],
        ["KeyId.1", keys[0]],
      ]),
    ).toEqual([keys[2], keys[0]]);
    expect(
      await describedIds([
        ["KeyId.1", keys[1]],
        ["KeyId.2", keys[3]],
      ]),
    ).toEqual([keys[1], keys[3]]);
  });

  it("orders sparse numbers numerically, not as text", async () => {
    const ids = await describedIds([
      ["KeyId.10", keys[0]],
      ["KeyId.3", keys[1]],
      ["KeyId.7", keys[2]],
    ]);
    expect(ids).toEqual([keys[1], keys[2], keys[0]]);
  });

  it("takes bare repeated KeyId (kscore), in the order sent", async () => {
    expect(
      await describedIds([
        ["KeyId", keys[3]],
        ["KeyId", keys[1]],
      ]),
    ).toEqual([keys[3], keys[1]]);
  });

  it("removes duplicates and leaves out ids that do not exist (200, possibly empty)", async () => {
    expect(
      await describedIds([
        ["KeyId.1", keys[0]],
        ["KeyId.2", "missing"],
        ["KeyId.3", keys[0]],
      ]),
    ).toEqual([keys[0]]);
    expect(await describedIds([["KeyId.1", "missing"]])).toEqual([]);
  });

  it("answers over POST with the ids in the body", async () => {
    const response = await callAction(
      fixture.url,
      "DescribeKeys",
      { "KeyId.1": keys[2] },
      { method: "POST" },
    );
    expect(response.body.KeySet).toEqual([expect.objectContaining({ KeyId: keys[2] })]);
  });
});

describe("formats", () => {
  it.each([
    ["application/json", "json"],
    ["application/json, text/plain, */*", "json"],
    ["application/xml", "xml"],
    ["text/html", "xml"],
  ])("Accept: %s answers %s", async (accept, format) => {
    const response = await callAction(
      fixture.url,
      "DescribeKeys",
      {},
      { headers: { accept }, accept: "none" },
    );
    expect(response.headers["content-type"]).toBe(`application/${format}; charset=utf-8`);
  });

  it("answers XML without an Accept header", async () => {
    const response = await callAction(fixture.url, "DescribeKeys", {}, { accept: "none" });
    expect(response.headers["content-type"]).toBe("application/xml; charset=utf-8");
  });

  it("renders an error in XML with root ErrorResponse and RequestId first", async () => {
    const response = await callAction(
      fixture.url,
      "Encrypt",
      { KeyId: "missing", Plaintext: "aaaa" },
      { accept: "xml" },
    );
    expect(response.status).toBe(404);
    expect(response.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse><RequestId>[0-9a-f-]{36}<\/RequestId><Error><Type>Sender<\/Type><Code>KeyNotFound<\/Code><Message>The key missing was not found.<\/Message><\/Error><\/ErrorResponse>$/,
    );
  });

  it("renders an error in JSON as {RequestId, Error{Type, Code, Message}}", async () => {
    const response = await callAction(fixture.url, "Encrypt", { KeyId: "missing", Plaintext: "aaaa" });
    expect(JSON.parse(response.text)).toEqual({
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Error: { Type: "Sender", Code: "KeyNotFound", Message: "The key missing was not found." },
    });
  });
});

/** Sends raw bytes and reads the answer, for requests no client library would build. */
function rawExchange(bytes: Buffer | string): Promise<KkmsResponse> {
  const { hostname, port } = new URL(fixture.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head, ...rest] = text.split("\r\n\r\n");
      const [statusLine, ...headerLines] = head.split("\r\n");
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.split(":")[0].toLowerCase(),
          line.slice(line.indexOf(":") + 1).trim(),
        ]),
      );
      const fake = {
        statusCode: Number(statusLine.split(" ")[1]),
        headers,
      } as unknown as http.IncomingMessage;
      resolve(toResponse(fake, rest.join("\r\n\r\n")));
    });
  });
}

/** Sends raw bytes and reads everything the server sends until it closes. */
function rawText(bytes: string): Promise<string> {
  const { hostname, port } = new URL(fixture.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

describe("requests of the wrong shape", () => {
  it.each(["PUT", "DELETE", "PATCH", "OPTIONS"])(
    "%s answers 400 InvalidMethod with the seed's text",
    async (method) => {
      const response = await callAction(fixture.url, "DescribeKeys", {}, { method, placement: "query" });
      expectError(response, "invalidMethod", method);
      expect(response.error?.Message).toBe(`The method ${method} for is not valid for this web service.`);
    },
  );

  it("HEAD answers the status of InvalidMethod without a body", async () => {
    const response = await callAction(
      fixture.url,
      "DescribeKeys",
      {},
      { method: "HEAD", placement: "query" },
    );
    expect(response.status).toBe(400);
  });

  it.each(["/foo", "/kkms", "//", "/health/x"])("path %s answers 400 InvalidPath", async (path) => {
    expectError(await callAction(fixture.url, "DescribeKeys", {}, { path }), "invalidPath", path);
  });

  it("accepts a POST without Content-Type as a form, and with a charset", async () => {
    expect(
      (await callAction(fixture.url, "DescribeKeys", {}, { method: "POST", contentType: null })).status,
    ).toBe(200);
    const charset = "application/x-www-form-urlencoded; charset=UTF-8";
    expect(
      (await callAction(fixture.url, "DescribeKeys", {}, { method: "POST", contentType: charset })).status,
    ).toBe(200);
  });

  it.each([
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded; charset=latin1",
  ])("refuses a POST body of type %s with 415 UnsupportedContentType", async (type) => {
    const response = await callAction(fixture.url, "DescribeKeys", {}, { method: "POST", contentType: type });
    expectError(response, "unsupportedContentType", type);
  });

  it("refuses a body over 64 KiB with 413 RequestEntityTooLarge, and keeps serving", async () => {
    const big = "x".repeat(70_000);
    const declared = await callAction(
      fixture.url,
      "Encrypt",
      { KeyId: keys[0], Plaintext: big },
      { method: "POST" },
    );
    expectError(declared, "requestTooLarge", "65536");
    const chunked = await new Promise<KkmsResponse>((resolve, reject) => {
      const { hostname, port } = new URL(fixture.url);
      const req = http.request(
        { host: hostname, port, method: "POST", path: "/", headers: { accept: "application/json" } },
        (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve(toResponse(res, text)));
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("y".repeat(10_000));
      req.end();
    });
    expectError(chunked, "requestTooLarge", "65536");
    expect((await callAction(fixture.url, "DescribeKeys")).status).toBe(200);
  });

  it("names the parameter of a malformed % escape or of bytes that are not UTF-8", async () => {
    const request = (rawQuery: string) =>
      sendPrepared(fixture.url, {
        method: "GET",
        path: "/",
        rawQuery,
        headers: { host: new URL(fixture.url).host, accept: "application/json" },
        body: "",
      });
    expectError(await request("Action=CreateKey&KeyName=%ZZ"), "invalidQueryParameter", "KeyName");
    expectError(await request("Action=CreateKey&KeyName=%FF%FE"), "invalidQueryParameter", "KeyName");
    expectError(await request("Action=CreateKey&Key%ZZ=1"), "invalidQueryParameter", "Key%ZZ");
    const body = Buffer.concat([
      Buffer.from("Action=CreateKey&Description="),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("&x=1"),
    ]);
    const post = await sendPrepared(fixture.url, {
      method: "POST",
      path: "/",
      rawQuery: "",
      headers: {
        host: new URL(fixture.url).host,
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
      },
      body,
    });
    expectError(post, "invalidQueryParameter", "Description");
  });

  it("answers what Node's HTTP parser refuses with a well-formed 400 MalformedRequest and a RequestId", async () => {
    const raw = Buffer.concat([
      Buffer.from("GET /?a="),
      Buffer.from([0xc3, 0xff]),
      Buffer.from(" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ]);
    const response = await rawExchange(raw);
    expectError(response, "malformedRequest");
    const broken = await rawExchange("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    expectError(broken, "malformedRequest");
  });

  it("keeps echoed names printable, so an XML error stays well-formed", async () => {
    const response = await sendPrepared(fixture.url, {
      method: "GET",
      path: "/",
      rawQuery: "Action=CreateKey&%01%02=%ZZ",
      headers: { host: new URL(fixture.url).host, accept: "application/xml" },
      body: "",
    });
    expectError(response, "invalidQueryParameter", "??");
    // eslint-disable-next-line no-control-regex
    expect(response.text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

describe("hostile input", () => {
  const text = fc.string({ unit: "binary", maxLength: 40 });
  const names = fc.oneof(
    fc.constantFrom(
      "Action",
      "Version",
      "KeyId",
      "KeyId.1",
      "Plaintext",
      "CiphertextBlob",
      "KeyName",
      "NumberOfBytes",
      "KeySpec",
      "DryRun",
      "Signature",
      "X-Amz-Date",
      "X-Amz-Algorithm",
    ),
    text,
  );
  const values = fc.oneof(
    fc.constantFrom(
      "CreateKey",
      "Encrypt",
      "Decrypt",
      "DescribeKeys",
      "GenerateDataKey",
      "2016-03-04",
      "AES128",
      "true",
      "AAAA",
      "",
    ),
    text,
  );
  const params = fc.array(fc.tuple(names, values), { maxLength: 8 });

  it("never gets a 500, always a document with a RequestId", async () => {
    await fc.assert(
      fc.asyncProperty(
        params,
        fc.constantFrom("GET", "POST"),
        fc.constantFrom("v4", "v4-query", "simple", "none") as fc.Arbitrary<
          "v4" | "v4-query" | "simple" | "none"
        >,
        fc.constantFrom("json", "xml") as fc.Arbitrary<"json" | "xml">,
        async (pairs, method, signing, accept) => {
          const response = await kkmsRequest(fixture.url, pairs, { method, signing, accept });
          expect(response.status).toBeLessThan(500);
          expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
        },
      ),
      { numRuns: 300 },
    );
    const codes = fixture.emulator.metrics().byCode;
    expect(codes.ServiceUnavailable).toBeUndefined();
  });

  it("reads no body without Content-Length or Transfer-Encoding, and keeps the connection for the next", async () => {
    const describe = (extra: [string, string][] = []) =>
      prepareRequest(
        fixture.url,
        [["Action", "DescribeKeys"], ["Version", "2016-03-04"], ["KeyId.1", keys[0]], ...extra],
        {
          signing: "v4-query",
        },
      );
    const chunked = prepareRequest(
      fixture.url,
      [
        ["Action", "DescribeKeys"],
        ["Version", "2016-03-04"],
        ["KeyId.1", keys[1]],
      ],
      { method: "POST" },
    );
    const body = Buffer.from(chunked.body);
    const head = (request: PreparedRequest, headers: Record<string, string>) =>
      `${request.method} /?${request.rawQuery} HTTP/1.1\r\n` +
      Object.entries({ ...request.headers, ...headers })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("") +
      "\r\n";
    const bytes =
      head(describe(), {}) +
      head(chunked, { "transfer-encoding": "chunked" }) +
      `${body.length.toString(16)}\r\n${body.toString()}\r\n0\r\n\r\n` +
      head(describe([["KeyId.2", keys[2]]]), { connection: "close" });
    const answers = (await rawText(bytes)).split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => answer.split("\r\n")[0])).toEqual(Array(3).fill("HTTP/1.1 200 OK"));
    expect(answers.map((answer) => [...answer.matchAll(/"KeyId":"([^"]+)"/g)].map((m) => m[1]))).toEqual([
      [keys[0]],
      [keys[1]],
      [keys[0], keys[2]],
    ]);
  });

  it("survives raw garbage on the socket", async () => {
    for (const garbage of [
      "\x00\x01\x02\r\n\r\n",
      "GET\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "🙂🙂🙂",
    ]) {
      await rawExchange(garbage).catch(() => undefined);
    }
    expect((await callAction(fixture.url, "DescribeKeys")).status).toBe(200);
  });
});
