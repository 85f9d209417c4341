import * as fs from "fs";
import type * as http from "http";
import { loadConsoleAssets } from "../../emulator/console/consoleAssets";
import { handleConsoleRequest } from "../../emulator/console/consoleRequest";
import { CONSOLE_CONTENT_SECURITY_POLICY } from "../../emulator/console/consoleSecurityHeaders";
import { useEmulator } from "../emulator/support/emulatorFixture";
import { ensureConsoleBuilt, PAGE_BUILD } from "./support/consoleBuild";
import { plainRequest } from "./support/plainRequest";

/** The page and its assets over plain HTTP: what is served, with which headers, and what is refused. */
beforeAll(() => ensureConsoleBuilt());

const SECURITY_HEADERS = {
  "content-security-policy": CONSOLE_CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

/** Every module main.js imports, directly or not, as the browser will ask for them. */
async function moduleGraph(url: string): Promise<Map<string, string>> {
  const modules = new Map<string, string>();
  const pending = ["/_console/main.js"];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (modules.has(path)) continue;
    const response = await plainRequest(url, { path });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    modules.set(path, response.text);
    for (const [, name] of response.text.matchAll(/from "\.\/([\w.-]+\.js)"/g))
      pending.push(`/_console/${name}`);
  }
  return modules;
}

describe("GET /_console", () => {
  const kkms = useEmulator();

  it("serves the page under a policy that allows only its own scripts, styles and fetches", async () => {
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; " +
        "trusted-types 'none'",
    );
    const page = await plainRequest(kkms.url, { path: "/_console" });
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS });
    expect((await plainRequest(kkms.url, { path: "/_console/" })).text).toBe(page.text);
  });

  it("holds no inline script, style or handler, and links only to its own assets", async () => {
    const { text } = await plainRequest(kkms.url, { path: "/_console" });
    const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes, body]) => [attributes.trim(), body])).toEqual([
      ['type="module" src="/_console/main.js"', ""],
    ]);
    expect(text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const links = [...text.matchAll(/(?:href|src)="([^"]*)"/g)].map(([, link]) => link);
    expect(links.sort()).toEqual(["/_console/console.css", "/_console/favicon.svg", "/_console/main.js"]);
  });

  it("serves every module the page imports, and the stylesheet and icon, with the same headers", async () => {
    const modules = await moduleGraph(kkms.url);
    // Every compiled module is one the page uses: nothing is served that it does not need.
    const built = fs.readdirSync(PAGE_BUILD).filter((name) => name.endsWith(".js"));
    expect([...modules.keys()].sort()).toEqual(built.map((name) => `/_console/${name}`).sort());
    for (const [path, type] of [
      ["/_console/main.js", "text/javascript; charset=utf-8"],
      ["/_console/console.css", "text/css; charset=utf-8"],
      ["/_console/favicon.svg", "image/svg+xml"],
    ]) {
      const asset = await plainRequest(kkms.url, { path });
      expect(asset.status).toBe(200);
      expect(asset.headers).toMatchObject({ "content-type": type, ...SECURITY_HEADERS });
    }
  });

  it("fetches nothing from anywhere else: no asset names another host", async () => {
    const texts = [
      ...(await moduleGraph(kkms.url)).values(),
      (await plainRequest(kkms.url, { path: "/_console/console.css" })).text,
      (await plainRequest(kkms.url, { path: "/_console" })).text,
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).not.toMatch(/@import|url\(/);
    }
    // The icon's only URL is its XML namespace, which is a name, not something fetched.
    const icon = (await plainRequest(kkms.url, { path: "/_console/favicon.svg" })).text;
    expect(icon.match(/https?:\/\/[^"]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
  });

  it("answers HEAD without a body", async () => {
    const head = await plainRequest(kkms.url, { method: "HEAD", path: "/_console" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
  });

  it.each([
    ["/_console/nothing.js"],
    ["/_console/../_admin/keys"],
    ["/_console/main.ts"],
    ["/_console/page/main.js"],
  ])("answers %s with 400 InvalidPath, reading no file", async (path) => {
    const answer = await plainRequest(kkms.url, { path });
    expect(answer.status).toBe(400);
    expect(answer.error?.Code).toBe("InvalidPath");
    expect(answer.headers["content-security-policy"]).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
  });

  it.each([["POST"], ["PUT"], ["DELETE"]])("answers %s with 400 InvalidMethod", async (method) => {
    const answer = await plainRequest(kkms.url, { method, path: "/_console", body: "" });
    expect(answer.status).toBe(400);
    expect(answer.error?.Code).toBe("InvalidMethod");
  });

  it.each([
    ["an address typed into the browser", { "sec-fetch-site": "none" }],
    ["curl", {}],
    ["its own page (an asset)", { "sec-fetch-site": "same-origin" }],
  ])("serves %s", async (_what, headers: Record<string, string>) => {
    expect((await plainRequest(kkms.url, { path: "/_console/main.js", headers })).status).toBe(200);
  });

  // Tests stay on 127.0.0.1, where no other peer address can be had: hand the handler a request from elsewhere.
  it("refuses a peer that is not this machine with 403 AccessDenied, as the admin path does", () => {
    const request = {
      method: "GET",
      headers: { host: "127.0.0.1:8080" },
      socket: { remoteAddress: "192.0.2.7" },
    } as unknown as http.IncomingMessage;
    const answer = handleConsoleRequest(
      { browserPolicy: { allowedOrigins: new Set() } },
      request,
      "/_console",
    );
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).Error.Code).toBe("AccessDenied");
    expect(answer.body).toContain("kkms-local:Console");
  });

  it("answers 503 saying what to do where the page was never built", () => {
    const request = {
      method: "GET",
      headers: { host: "127.0.0.1:8080" },
      socket: { remoteAddress: "127.0.0.1" },
    } as unknown as http.IncomingMessage;
    const missing = () => loadConsoleAssets(["/nonexistent/console/page"]);
    const answer = handleConsoleRequest(
      { browserPolicy: { allowedOrigins: new Set() } },
      request,
      "/_console",
      missing,
    );
    expect(answer).toMatchObject({ status: 503, contentType: "text/plain; charset=utf-8" });
    expect(answer.body).toBe(
      "kkms-local's console is not built: run `npm run build` in the pulumi-kkms checkout.\n",
    );
    expect(answer.headers).toMatchObject({ "X-Content-Type-Options": "nosniff" });
  });
});
