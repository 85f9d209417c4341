import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { KkmsClient, KkmsError } from "../../sdk";
import { DEVELOPMENT_ACCOUNT, type Account } from "../../emulator/auth/accounts";
import { startEmulator, type RunningEmulator } from "../../emulator/emulator";
import { ensureConsoleBuilt } from "./support/consoleBuild";
import { launchChromium, type LaunchedChromium } from "./support/chromium";

/**
 * The console in headless Chromium, against kkms-local in process: what a person sees and does. The tests run
 * in order, as one session at the page: each step starts from what the one before left.
 */
const SECOND: Account = {
  accountId: "200000000002",
  accessKeyId: "AKSECOND",
  secretAccessKey: "second-secret",
};
/** Written on every run, for a person to look at (gitignored); the README's picture is one of these. */
const SCREENSHOT = path.resolve(__dirname, "artifacts/console.png");
/** How long the page may take to show a change: it polls every second; a loaded machine is slower. */
const SHOWN_WITHIN_MS = 20_000;

/** The page's own globals, for the functions run in it (tests compile without the DOM library). */
declare const document: { createElement(tag: string): { innerHTML: string }; visibilityState: string };
declare const window: { pwned?: number };

let kkms: RunningEmulator;
let browser: LaunchedChromium;
let page: Page;
const pageErrors: string[] = [];
const requested: string[] = [];

function client(region = "cn-beijing-6", account: Account = DEVELOPMENT_ACCOUNT): KkmsClient {
  return new KkmsClient({ endpoint: kkms.url, region, credentials: account, maxAttempts: 1 });
}

/** Waits until an element matching `selector` holds `text` (case kept); answers its whole text. */
async function shown(selector: string, text: string | RegExp = ""): Promise<string> {
  const hasText = typeof text === "string" ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : text;
  const element = page.locator(selector).filter({ hasText }).first();
  await element.waitFor({ timeout: SHOWN_WITHIN_MS });
  return (await element.textContent()) ?? "";
}

async function cells(rowSelector: string): Promise<string[]> {
  await shown(rowSelector);
  return page.locator(`${rowSelector} td`).allTextContents();
}

/** The seed's CreateTime (Beijing time) as the page shows it (UTC). */
function asShownUtc(createTime: string): string {
  return new Date(`${createTime.replace(" ", "T")}+08:00`).toISOString().slice(0, 19).replace("T", " ");
}

beforeAll(async () => {
  ensureConsoleBuilt();
  kkms = await startEmulator({ accounts: [DEVELOPMENT_ACCOUNT, SECOND] });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("pageerror", (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("request", (request) => requested.push(request.url()));
  await page.goto(`${kkms.url}/_console`);
});

afterAll(async () => {
  await browser?.close();
  await kkms?.close();
});

describe("the kkms-local console in Chromium", () => {
  const keyIds: Record<string, string> = {};

  it("says what to do while there are no keys and no requests", async () => {
    const empty = await shown("#keys-empty", "No keys yet: create one with");
    expect(empty).toContain(`new KkmsClient({ endpoint: "${kkms.url}"`);
    expect(empty).toContain(`.createKey({ keyName: "first" })`);
    expect(await shown("#requests-empty")).toContain("No API requests yet");
    expect(await shown("#faults-empty")).toContain("No fault rules");
    expect(await shown("#throttle-state")).toContain("Off");
    expect(await shown("#status", "live")).toMatch(/^live · read \d\d:\d\d:\d\d UTC$/);
  });

  it("shows keys created through the SDK as they appear, by account and region, markup as text", async () => {
    const beijing = client();
    const created = [
      (await beijing.createKey({ keyName: "orders", description: "order records" })).key,
      (await beijing.createKey({ keyName: "sessions", description: '<img src=x onerror="window.pwned=1">' }))
        .key,
      (await client("cn-shanghai-2").createKey({ keyName: "east" })).key,
      (await client("cn-beijing-6", SECOND).createKey({ keyName: "theirs", description: "another account" }))
        .key,
    ];
    for (const key of created) keyIds[key.keyName] = key.keyId;
    for (const [key, account, region] of [
      [created[0], DEVELOPMENT_ACCOUNT, "cn-beijing-6"],
      [created[1], DEVELOPMENT_ACCOUNT, "cn-beijing-6"],
      [created[2], DEVELOPMENT_ACCOUNT, "cn-shanghai-2"],
      [created[3], SECOND, "cn-beijing-6"],
    ] as const) {
      const row = `[data-account="${account.accountId}"][data-region="${region}"] tr[data-key-id="${key.keyId}"]`;
      expect(await cells(row)).toEqual([
        key.keyId,
        key.keyName,
        key.description ?? "",
        "Enabled",
        asShownUtc(key.createTime),
      ]);
    }
    expect(await shown("#keys h2")).toBe("Keys4 keys · 2 accounts · 2 regions");
    expect(await page.locator("#keys img").count()).toBe(0);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  });

  it("shows a key's new state when it is disabled through the SDK", async () => {
    await client().modifyKeyState({ keyId: keyIds.sessions, keyState: "Disabled" });
    await shown(`tr[data-key-id="${keyIds.sessions}"] [data-state="Disabled"]`, "Disabled");
    expect(await page.locator(`tr[data-key-id="${keyIds.orders}"] [data-state]`).textContent()).toBe(
      "Enabled",
    );
  });

  let failedRequestId = "";

  it("switches a fault rule on from the page, and the next API call fails as the rule says", async () => {
    await page.selectOption("#fault-action", "Encrypt");
    await page.selectOption("#fault-error", "ServiceUnavailable");
    await page.fill("#fault-probability", "1");
    await page.selectOption("#fault-phase", "before");
    await page.click("#fault-add");
    await shown("#fault-rules li", "Encrypt: ServiceUnavailable, 100%, before the work");
    expect(kkms.getFaults()).toEqual({
      faults: [{ action: "Encrypt", probability: 1, error: "ServiceUnavailable", phase: "before" }],
    });
    const failure = await client()
      .encrypt({ keyId: keyIds.orders, plaintext: Buffer.from("refused") })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(KkmsError);
    expect(failure).toMatchObject({ code: "ServiceUnavailable", statusCode: 500 });
    failedRequestId = (failure as KkmsError).requestId ?? "";
    expect(failedRequestId).toMatch(/^[0-9a-f-]{36}$/);
    // The rule names Encrypt only.
    expect((await client().describeKeys({})).keys).toHaveLength(2);
  });

  it("shows that call in the request log, with its RequestId and what it got", async () => {
    const row = await cells(`#requests tr[data-request-id="${failedRequestId}"]`);
    expect(row).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      DEVELOPMENT_ACCOUNT.accountId,
      "cn-beijing-6",
      "Encrypt",
      "500",
      "ServiceUnavailable",
      failedRequestId,
      expect.stringMatching(/^\d+\.\d ms$/),
    ]);
    // Newest first: the DescribeKeys after it is above it.
    const order = await page.locator("#requests tbody tr .action").allTextContents();
    expect(order.slice(0, 2)).toEqual(["DescribeKeys", "Encrypt"]);
  });

  it("removes one rule, then all, from the page, and the call works again", async () => {
    await page.selectOption("#fault-action", "DescribeKeys");
    await page.selectOption("#fault-error", "");
    await page.fill("#fault-latency", "1");
    await page.click("#fault-add");
    await shown('#fault-rules li[data-rule="1"]', "DescribeKeys: 1 ms, 100%, before the work");
    await page.click('#fault-rules li[data-rule="0"] button');
    await shown('#fault-rules li[data-rule="0"]', "DescribeKeys");
    expect(kkms.getFaults().faults).toEqual([
      { action: "DescribeKeys", probability: 1, latencyMs: 1, phase: "before" },
    ]);
    await page.click("#faults-clear");
    await shown("#faults-empty");
    expect(kkms.getFaults().faults).toEqual([]);
    const { ciphertextBlob } = await client().encrypt({
      keyId: keyIds.orders,
      plaintext: Buffer.from("works"),
    });
    expect(ciphertextBlob.length).toBeGreaterThan(0);
    await page.fill("#fault-latency", "0");
  });

  it("shows kkms-local's reason when it refuses a rule, and changes nothing", async () => {
    await page.fill("#fault-probability", "5");
    await page.click("#fault-add");
    const notice = await shown("#faults-notice", "Not changed");
    expect(notice).toBe("Not changed: faults[0].probability must be a number from 0 to 1.");
    expect(kkms.getFaults().faults).toEqual([]);
    // Editing the rule again clears the reason.
    await page.fill("#fault-probability", "1");
    expect(await page.locator("#faults-notice").textContent()).toBe("");
  });

  it("sets the throttle from the page, which the API then enforces, and turns it off", async () => {
    await page.fill("#throttle-rps", "0.001");
    await page.click("#throttle-set");
    await shown("#throttle-state", "0.001 requests a second per account");
    // One token, and the next in 1,000 s: the second call is refused whatever the machine's speed.
    await client().describeKeys({});
    await expect(client().describeKeys({})).rejects.toMatchObject({ code: "LimitExceeded", statusCode: 409 });
    await page.click("#throttle-off");
    await shown("#throttle-state", "Off");
    expect((await client().describeKeys({})).keys).toHaveLength(2);
  });

  it("counts the API requests by code and action, and resets them from the page", async () => {
    expect(await shown("#metrics-by-code", "LimitExceeded 1")).toContain("ServiceUnavailable 1");
    expect(await shown("#metrics-by-action", "Encrypt")).toContain("CreateKey 4");
    // The page polls: the round that showed the codes may predate the last request, so wait for the total.
    const total = kkms.metrics().total;
    expect(total).toBeGreaterThan(0);
    expect(Number(await shown("#metrics-total", new RegExp(`^${total}$`)))).toBe(total);
    await page.click("#metrics-reset");
    await shown("#metrics-total", /^0$/);
    expect(kkms.metrics().total).toBe(0);
  });

  it("reads nothing while its tab is hidden, and reads again once it is shown", async () => {
    await page.evaluate(() =>
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true }),
    );
    // Requests of a round already started may still be reported: let them arrive, then count.
    await page.waitForTimeout(1_500);
    const before = requested.length;
    await page.waitForTimeout(2_500);
    expect(requested.length).toBe(before);
    await page.evaluate(() => delete (document as { visibilityState?: string }).visibilityState);
    await page.waitForRequest((request) => request.url().endsWith("/_admin/keys"), {
      timeout: SHOWN_WITHIN_MS,
    });
  });

  it("takes a screenshot of the page at work", async () => {
    kkms.setFaults([
      { action: "GenerateDataKey", error: "ServiceTimeout", probability: 0.25, phase: "after" },
    ]);
    const { key } = await client().createKey({ keyName: "payments", description: "card tokens" });
    await client().encrypt({ keyId: key.keyId, plaintext: Buffer.from("screenshot") });
    await shown(`tr[data-key-id="${key.keyId}"]`);
    await shown("#fault-rules li", "GenerateDataKey: ServiceTimeout, 25%, after the work");
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = fs.readFileSync(SCREENSHOT);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(20_000);
  });

  it("asked nothing of any host but kkms-local, and logged no error but the refused rule's answer", () => {
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => !url.startsWith(`${kkms.url}/`))).toEqual([]);
    expect(pageErrors).toEqual([
      "console: Failed to load resource: the server responded with a status of 400 (Bad Request) " +
        `(${kkms.url}/_admin/faults)`,
    ]);
  });

  it("runs under its policy: no eval, no markup from strings, no other host, and no API calls", async () => {
    const outcome = await page.evaluate(async () => {
      const attempt = async (run: () => unknown) => {
        try {
          await run();
          return "allowed";
        } catch (err) {
          return (err as Error).name;
        }
      };
      const api = await fetch("/?Action=DescribeKeys&Version=2016-03-04", {
        headers: { Accept: "application/json" },
      });
      return {
        eval: await attempt(() => eval("1 + 1")),
        innerHTML: await attempt(() => {
          document.createElement("div").innerHTML = "<b>markup</b>";
        }),
        otherHost: await attempt(() => fetch("http://127.0.0.2:9/")),
        api: { status: api.status, code: ((await api.json()) as { Error: { Code: string } }).Error.Code },
      };
    });
    expect(outcome).toEqual({
      eval: "EvalError",
      innerHTML: "TypeError",
      otherHost: "TypeError",
      api: { status: 403, code: "OriginNotAllowed" },
    });
  });
});
