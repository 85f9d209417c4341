import * as http from "http";
import { browserRefusal, normalizeOrigin, parseAllowedOrigins } from "../../emulator/http/browserPolicy";
import { isLoopbackHost } from "../../emulator/http/loopback";
import { catalogMessage, createKeyParams, expectError, useEmulator } from "./support/emulatorFixture";
import { callAction, toResponse, type KkmsResponse } from "./support/kkmsRequest";
import { ensureBuiltCli, runCli, startCli } from "./support/cliProcess";

/**
 * A browser on this machine counts as loopback: without these rules any web page could drive kkms-local (a
 * cross-site form POST needs no preflight, and the development secret is public) and a DNS-rebinding page
 * could read its answers. Pages of other sites are refused on every path; the admin path answers only
 * requests addressed to a loopback Host.
 */
const ALLOWED = "http://localhost:3000";

/** A request with exactly these headers (Host included, or none), over its own connection. */
function rawRequest(
  url: string,
  request: { method?: string; path: string; headers: Record<string, string>; body?: string },
): Promise<KkmsResponse> {
  const endpoint = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: request.method ?? "GET",
        path: request.path,
        headers: request.headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => resolve(toResponse(res, text)));
      },
    );
    req.on("error", reject);
    req.end(request.body ?? "");
  });
}

describe("web pages, by default", () => {
  const kkms = useEmulator();

  it("cannot disable a key with a cross-site form POST signed with the development secret", async () => {
    const keyId = await kkms.createKey("target");
    const answer = await callAction(
      kkms.url,
      "ModifyKeyState",
      { KeyId: keyId, KeyState: "Disabled" },
      { method: "POST", headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
    );
    expectError(answer, "originNotAllowed", "Origin https://evil.example");
    const [key] = (await kkms.call("DescribeKeys", { "KeyId.1": keyId })).body.KeySet as {
      KeyState: string;
    }[];
    expect(key.KeyState).toBe("Enabled");
  });

  it.each([
    [{ origin: "https://evil.example" }, "Origin https://evil.example"],
    [{ origin: "null" }, "Origin null"],
    [{ origin: "http://127.0.0.1:1" }, "Origin http://127.0.0.1:1"],
    // An <img src> GET carries a signed query and no Origin.
    [{ "sec-fetch-site": "cross-site", referer: "https://evil.example/page" }, "Sec-Fetch-Site cross-site"],
    [{ "sec-fetch-site": "same-site" }, "Sec-Fetch-Site same-site"],
    // A DNS-rebinding page fetches its own origin: same-origin to the browser, not a page kkms-local served.
    [{ "sec-fetch-site": "same-origin", host: "rebound.example:8080" }, "Sec-Fetch-Site same-origin"],
    // Older browsers send neither Origin nor Sec-Fetch-* on a GET, but do send Referer.
    [{ referer: "https://evil.example/page" }, "Referer https://evil.example"],
    [{ referer: "not a url" }, "Referer (unreadable)"],
  ])("refuses an API request carrying %j, and does nothing", async (headers, what) => {
    const answer = await callAction(kkms.url, "CreateKey", createKeyParams("from-a-page"), { headers });
    expectError(answer, "originNotAllowed", what);
    expect(
      kkms.emulator.store.list("100000000001", "cn-beijing-6", Date.now()).map((k) => k.keyName),
    ).not.toContain("from-a-page");
  });

  it.each([[{}], [{ "sec-fetch-site": "none" }], [{ "user-agent": "curl/8.0" }]])(
    "serves a request with %j (SDKs, curl, an address typed into the browser)",
    async (headers) => {
      expect((await kkms.call("DescribeKeys", {}, { headers })).status).toBe(200);
    },
  );

  it("refuses pages on the health and metrics paths too, and shares no answer", async () => {
    for (const path of ["/health", "/metrics"]) {
      const page = await rawRequest(kkms.url, {
        path,
        headers: { host: new URL(kkms.url).host, origin: "https://evil.example" },
      });
      expect(page.status).toBe(403);
      expect(page.error?.Code).toBe("OriginNotAllowed");
      expect(page.headers["access-control-allow-origin"]).toBeUndefined();
      expect((await rawRequest(kkms.url, { path, headers: { host: new URL(kkms.url).host } })).status).toBe(
        200,
      );
    }
  });

  it("answers a preflight from another origin with a refusal, not a permission", async () => {
    const preflight = await rawRequest(kkms.url, {
      method: "OPTIONS",
      path: "/",
      headers: {
        host: new URL(kkms.url).host,
        origin: ALLOWED,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, x-amz-date",
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.error?.Code).toBe("OriginNotAllowed");
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("web pages of an allowed origin", () => {
  const kkms = useEmulator({ allowedOrigins: [ALLOWED, "https://Tools.Example:443"] });

  it.each([
    [{ origin: ALLOWED }],
    [{ origin: "https://tools.example" }],
    [{ "sec-fetch-site": "same-site", referer: `${ALLOWED}/app/page?x=1` }],
    [{ referer: `${ALLOWED}/` }],
  ])("may call the API with %j; a fetch gets the answer shared", async (headers) => {
    const answer = await kkms.call("DescribeKeys", {}, { headers });
    expect(answer.status).toBe(200);
    if ("origin" in headers) {
      expect(answer.headers["access-control-allow-origin"]).toBe(headers.origin);
      expect(answer.headers.vary).toBe("Origin");
    }
  });

  it.each([["http://localhost:3001"], ["https://localhost:3000"], ["http://localhost"]])(
    "refuses a neighbouring origin %s",
    async (origin) => {
      expectError(
        await kkms.call("DescribeKeys", {}, { headers: { origin } }),
        "originNotAllowed",
        `Origin ${origin}`,
      );
    },
  );

  it("answers its preflight: the methods, the headers it asked for, a cache time", async () => {
    const preflight = await rawRequest(kkms.url, {
      method: "OPTIONS",
      path: "/",
      headers: {
        host: new URL(kkms.url).host,
        origin: ALLOWED,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, x-amz-date, bad header, (x)",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      "access-control-allow-origin": ALLOWED,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "authorization, x-amz-date",
      "access-control-max-age": "600",
    });
  });
});

describe("the admin path", () => {
  const kkms = useEmulator();
  const port = () => new URL(kkms.url).port;

  it.each([
    ["127.0.0.1:PORT"],
    ["127.0.0.1"],
    ["127.5.6.7:80"],
    ["localhost:PORT"],
    ["LocalHost"],
    ["[::1]:PORT"],
    ["[::ffff:127.0.0.1]"],
  ])("answers Host %s", async (host) => {
    const answer = await rawRequest(kkms.url, {
      path: "/_admin/throttle",
      headers: { host: host.replace("PORT", port()) },
    });
    expect(answer.status).toBe(200);
  });

  it.each([
    ["evil.example"],
    ["evil.example:PORT"],
    ["127.0.0.1.evil.example"],
    ["localhost.evil.example:PORT"],
    ["localhost."],
    ["0.0.0.0:PORT"],
    ["2130706433"],
    ["[::2]:PORT"],
    [""],
    [undefined],
  ])("refuses Host %s with 403 HostNotAllowed and changes nothing", async (host) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (host !== undefined) headers.host = host.replace("PORT", port());
    const answer = await rawRequest(kkms.url, {
      method: "PUT",
      path: "/_admin/throttle",
      headers,
      body: JSON.stringify({ rps: 1 }),
    });
    expect(answer.status).toBe(403);
    expect(answer.error).toEqual({
      Type: "Sender",
      Code: "HostNotAllowed",
      Message: catalogMessage("hostNotAllowed", host === undefined ? "(none)" : host.replace("PORT", port())),
    });
    const throttle = await rawRequest(kkms.url, { path: "/_admin/throttle", headers: { host: "127.0.0.1" } });
    expect(JSON.parse(throttle.text)).toEqual({ rps: null });
  });

  it("refuses another site's page, even with a loopback Host (a text/plain POST needs no preflight)", async () => {
    const answer = await rawRequest(kkms.url, {
      method: "PUT",
      path: "/_admin/faults",
      headers: {
        host: new URL(kkms.url).host,
        origin: "https://evil.example",
        "content-type": "text/plain",
      },
      body: JSON.stringify([{ error: "ServiceUnavailable" }]),
    });
    expect(answer.error?.Code).toBe("OriginNotAllowed");
    expect(kkms.emulator.getFaults().faults).toEqual([]);
  });
});

describe("the rules, one function each (a console served by kkms-local itself will reuse them)", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST:8080", true],
    ["127.0.0.1:65535", true],
    ["127.255.255.254", true],
    ["[::1]", true],
    ["[::1]:1", true],
    ["::1", false],
    ["128.0.0.1", false],
    ["127.0.0.1:", false],
    ["127.0.0.1:123456", false],
    ["localhost:8080:1", false],
    ["[localhost]", false],
    ["", false],
  ])("isLoopbackHost(%j) is %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ["http://localhost:3000", "http://localhost:3000"],
    ["HTTPS://Example.COM:443", "https://example.com"],
    ["http://example.com:80", "http://example.com"],
    ["http://[::1]:8080", "http://[::1]:8080"],
    ["http://example.com/", undefined],
    ["http://example.com/path", undefined],
    ["http://user@example.com", undefined],
    ["ftp://example.com", undefined],
    ["null", undefined],
    ["*", undefined],
    ["example.com", undefined],
  ])("normalizeOrigin(%j) is %j", (text, expected) => {
    expect(normalizeOrigin(text)).toBe(expected);
  });

  it("names the source, the entry and the rule for a bad allowed origin", () => {
    expect(() =>
      parseAllowedOrigins(["http://ok.example", "http://x.example/app"], "--allowed-origins"),
    ).toThrow(
      '--allowed-origins[1] "http://x.example/app" is not an origin: scheme://host[:port] with scheme http or https and no path (e.g. http://localhost:3000).',
    );
  });

  const own = { allowedOrigins: new Set<string>(), allowOwnPages: true };
  it.each([
    [{ host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080" }, undefined],
    [{ host: "localhost:8080", "sec-fetch-site": "same-origin" }, undefined],
    [{ host: "localhost:8080", referer: "http://localhost:8080/_console" }, undefined],
    [{ host: "rebound.example:8080", origin: "http://rebound.example:8080" }, "OriginNotAllowed"],
    [{ host: "rebound.example:8080", "sec-fetch-site": "same-origin" }, "OriginNotAllowed"],
    [{ host: "127.0.0.1:8080", origin: "http://127.0.0.1:9090" }, "OriginNotAllowed"],
  ])("with allowOwnPages, %j is %s", (headers, refused) => {
    expect(browserRefusal(headers, own)?.code).toBe(refused);
  });
});

describe("the CLI's --allowed-origins", () => {
  beforeAll(() => ensureBuiltCli());

  it.each([
    [
      ["--allowed-origins", "http://localhost:3000,localhost:4000"],
      {},
      '--allowed-origins[1] "localhost:4000"',
    ],
    [
      [],
      { KKMS_LOCAL_ALLOWED_ORIGINS: "http://a.example/x" },
      'KKMS_LOCAL_ALLOWED_ORIGINS[0] "http://a.example/x"',
    ],
  ])("exits 2 naming the flag and the rule: %j %j", (args, env, message) => {
    const result = runCli(["--in-memory", ...args], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("is not an origin: scheme://host[:port]");
  });

  it.each([
    ["--allowed-origins", ["--allowed-origins", ALLOWED], {}],
    ["KKMS_LOCAL_ALLOWED_ORIGINS", [], { KKMS_LOCAL_ALLOWED_ORIGINS: ALLOWED }],
  ])("lets the allowed origin through when given by %s, and still refuses another", async (_, args, env) => {
    const run = await startCli(["--in-memory", "--log-format", "none", ...args], env);
    try {
      const allowed = await callAction(
        run.url,
        "DescribeKeys",
        {},
        { signing: "none", headers: { origin: ALLOWED } },
      );
      // Past the origin rule: the unsigned request meets authentication, and the page may read the answer.
      expectError(allowed, "missingAuthenticationToken");
      expect(allowed.headers["access-control-allow-origin"]).toBe(ALLOWED);
      const other = await callAction(
        run.url,
        "DescribeKeys",
        {},
        { headers: { origin: "http://localhost:3001" } },
      );
      expectError(other, "originNotAllowed", "Origin http://localhost:3001");
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      run.child.kill("SIGKILL");
      await run.exited;
    }
  });
});
