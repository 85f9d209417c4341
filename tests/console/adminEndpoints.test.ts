import { KkmsClient, KkmsError } from "../../sdk";
import { DEVELOPMENT_ACCOUNT, type Account } from "../../emulator/auth/accounts";
import { ACTION_NAMES } from "../../emulator/actions/actionNames";
import { formatCreateTime } from "../../emulator/actions/time";
import { FAULT_ERRORS } from "../../emulator/operations/faults";
import { KEYS_LISTED_PER_GROUP, listKeysByOwner } from "../../emulator/operations/keyListing";
import { RECENT_REQUESTS_CAPACITY, RecentRequests } from "../../emulator/operations/recentRequests";
import type { KeyStore } from "../../emulator/storage/keyStore";
import type { StoredKey } from "../../emulator/storage/storedKey";
import { KNOWN_REGIONS } from "../../sdk/regions";
import { catalogMessage, useEmulator } from "../emulator/support/emulatorFixture";
import { callAction } from "../emulator/support/kkmsRequest";
import { ensureConsoleBuilt } from "./support/consoleBuild";
import { plainRequest, readAdmin } from "./support/plainRequest";

/**
 * The admin path's JSON endpoints the console reads, each on its own, against kkms-local in process: what they
 * answer, what they never answer (key material, plaintexts, secrets, signatures), and what they refuse.
 */
beforeAll(() => ensureConsoleBuilt());

const SECOND: Account = {
  accountId: "200000000002",
  accessKeyId: "AKSECOND",
  secretAccessKey: "second-secret",
};

function client(url: string, region = "cn-beijing-6", account: Account = DEVELOPMENT_ACCOUNT): KkmsClient {
  return new KkmsClient({ endpoint: url, region, credentials: account, maxAttempts: 1 });
}

/** Every live key of an owner as the store holds it, wrapped material included (listings leave it out). */
function storedKeys(store: KeyStore, accountId: string, region: string): StoredKey[] {
  const now = Date.now();
  return store
    .list(accountId, region, now)
    .map((key) => store.find(accountId, region, key.keyId, now) as StoredKey);
}

interface Listing {
  total: number;
  groups: { accountId: string; region: string; count: number; keys: Record<string, unknown>[] }[];
}

describe("GET /_admin/keys", () => {
  const kkms = useEmulator({ accounts: [DEVELOPMENT_ACCOUNT, SECOND] });

  it("lists every served account's keys by region, newest first, with what DescribeKeys shows and no more", async () => {
    const beijing = client(kkms.url);
    const first = (await beijing.createKey({ keyName: "first" })).key;
    const second = (await beijing.createKey({ keyName: "second", description: "the newer one" })).key;
    const shanghai = (await client(kkms.url, "cn-shanghai-2").createKey({ keyName: "east" })).key;
    const other = (await client(kkms.url, "cn-beijing-6", SECOND).createKey({ keyName: "theirs" })).key;
    await beijing.modifyKeyState({ keyId: first.keyId, keyState: "Disabled" });
    await beijing.deleteKey({ keyId: first.keyId });

    const listing = await readAdmin<Listing>(kkms.url, "/_admin/keys");

    const expected = (key: typeof first, keyState: string, deletionTime: unknown = null) => ({
      keyId: key.keyId,
      keyName: key.keyName,
      description: key.description ?? "",
      keyState,
      createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      deletionTime,
    });
    expect(listing).toEqual({
      total: 4,
      groups: [
        {
          accountId: DEVELOPMENT_ACCOUNT.accountId,
          region: "cn-beijing-6",
          count: 2,
          keys: [
            expected(second, "Enabled"),
            expected(first, "PendingDeletion", expect.stringMatching(/Z$/)),
          ],
        },
        {
          accountId: DEVELOPMENT_ACCOUNT.accountId,
          region: "cn-shanghai-2",
          count: 1,
          keys: [expected(shanghai, "Enabled")],
        },
        { accountId: SECOND.accountId, region: "cn-beijing-6", count: 1, keys: [expected(other, "Enabled")] },
      ],
    });
    // The same instant DescribeKeys prints in Beijing time; the deletion a week (the default window) later.
    const [listedSecond, listedFirst] = listing.groups[0].keys;
    expect(formatCreateTime(Date.parse(listedSecond.createTime as string))).toBe(second.createTime);
    const window = Date.parse(listedFirst.deletionTime as string) - Date.now();
    expect(window).toBeGreaterThan(6.9 * 86_400_000);
    expect(window).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it("holds no key material: no stored key's wrapped material, in any encoding, is in the answer", async () => {
    const response = await plainRequest(kkms.url, { path: "/_admin/keys" });
    const stored = [DEVELOPMENT_ACCOUNT, SECOND].flatMap((account) =>
      KNOWN_REGIONS.flatMap((region) => storedKeys(kkms.emulator.store, account.accountId, region)),
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const key of stored) {
      for (const encoding of ["base64", "hex", "base64url"] as const)
        expect(response.text).not.toContain(key.wrappedMaterial.toString(encoding));
    }
    for (const group of (response.json as Listing).groups)
      for (const key of group.keys)
        expect(Object.keys(key).sort()).toEqual(
          ["createTime", "deletionTime", "description", "keyId", "keyName", "keyState"].sort(),
        );
  });

  it("shows the newest keys of a group up to its limit and still counts them all", async () => {
    const hongkong = client(kkms.url, "cn-hongkong-2");
    const names = ["hk-1", "hk-2", "hk-3"];
    for (const keyName of names) await hongkong.createKey({ keyName });
    const listing = listKeysByOwner({
      store: kkms.emulator.store,
      accountIds: [DEVELOPMENT_ACCOUNT.accountId, DEVELOPMENT_ACCOUNT.accountId],
      regions: ["cn-hongkong-2"],
      nowMs: Date.now(),
      perGroup: 2,
    });
    expect(listing.total).toBe(3);
    expect(listing.groups).toHaveLength(1);
    expect(listing.groups[0].count).toBe(3);
    expect(listing.groups[0].keys.map((key) => key.keyName)).toEqual(["hk-3", "hk-2"]);
    expect(KEYS_LISTED_PER_GROUP).toBe(500);
  });
});

describe("GET /_admin/keys, after a deletion window has ended", () => {
  const kkms = useEmulator({ deletionWindowDays: 0 });

  it("leaves the key out, as DescribeKeys does", async () => {
    const beijing = client(kkms.url);
    const gone = (await beijing.createKey({ keyName: "gone" })).key;
    const kept = (await beijing.createKey({ keyName: "kept" })).key;
    await beijing.modifyKeyState({ keyId: gone.keyId, keyState: "Disabled" });
    await beijing.deleteKey({ keyId: gone.keyId });
    const listing = await readAdmin<Listing>(kkms.url, "/_admin/keys");
    expect(listing.groups.flatMap((group) => group.keys.map((key) => key.keyId))).toEqual([kept.keyId]);
    expect((await beijing.describeKeys({})).keys.map((key) => key.keyId)).toEqual([kept.keyId]);
  });
});

describe("GET /_admin/keys, with an empty store", () => {
  const kkms = useEmulator();

  it("answers no groups and a total of 0 (the page then says how to create a key)", async () => {
    expect(await readAdmin(kkms.url, "/_admin/keys")).toEqual({ groups: [], total: 0 });
  });
});

const REQUEST_FIELDS = [
  "accountId",
  "action",
  "code",
  "durationMs",
  "method",
  "region",
  "requestId",
  "seq",
  "status",
  "time",
];

interface Recent {
  capacity: number;
  recorded: number;
  requests: Record<string, unknown>[];
}

describe("GET /_admin/requests", () => {
  const kkms = useEmulator();

  it("keeps each API request, newest first: its RequestId, caller, outcome and duration, nothing it sent", async () => {
    const beijing = client(kkms.url);
    const created = await beijing.createKey({ keyName: "logged" });
    const encrypted = await beijing.encrypt({ keyId: created.key.keyId, plaintext: Buffer.from("kept out") });
    const failure = await beijing
      .encrypt({ keyId: "no-such-key", plaintext: Buffer.from("x") })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(KkmsError);
    const unsigned = await callAction(kkms.url, "DescribeKeys", {}, { signing: "none" });

    const recent = await readAdmin<Recent>(kkms.url, "/_admin/requests");

    expect(recent.capacity).toBe(RECENT_REQUESTS_CAPACITY);
    expect(recent.recorded).toBe(4);
    const entry = (
      seq: number,
      requestId: string,
      [method, action]: [string, string],
      [status, code]: [number, string],
      caller = true,
    ) => ({
      seq,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestId,
      action,
      accountId: caller ? DEVELOPMENT_ACCOUNT.accountId : null,
      region: caller ? "cn-beijing-6" : null,
      method,
      status,
      code,
      durationMs: expect.any(Number),
    });
    // The SDK sends Encrypt as a POST: its plaintext travels in the body, never in a URL.
    expect(recent.requests).toEqual([
      entry(4, unsigned.requestId!, ["GET", "DescribeKeys"], [403, "MissingAuthenticationToken"], false),
      entry(3, (failure as KkmsError).requestId!, ["POST", "Encrypt"], [404, "KeyNotFound"]),
      entry(2, encrypted.requestId, ["POST", "Encrypt"], [200, "OK"]),
      entry(1, created.requestId, ["GET", "CreateKey"], [200, "OK"]),
    ]);
    for (const request of recent.requests) expect(Object.keys(request).sort()).toEqual(REQUEST_FIELDS);
  });

  it("does not count requests to the admin path, the console, /health or /metrics", async () => {
    const before = (await readAdmin<Recent>(kkms.url, "/_admin/requests")).recorded;
    await readAdmin(kkms.url, "/_admin/keys");
    await readAdmin(kkms.url, "/_admin/metrics");
    for (const path of ["/_console", "/_console/main.js", "/health", "/metrics"])
      expect((await plainRequest(kkms.url, { path })).status).toBe(200);
    expect((await readAdmin<Recent>(kkms.url, "/_admin/requests")).recorded).toBe(before);
  });

  it(`is bounded: the newest ${RECENT_REQUESTS_CAPACITY} are kept, and recorded counts every one`, async () => {
    const before = (await readAdmin<Recent>(kkms.url, "/_admin/requests")).recorded;
    for (let i = 0; i < RECENT_REQUESTS_CAPACITY + 5; i++)
      await callAction(kkms.url, "DescribeKeys", {}, { signing: "none" });
    const recent = await readAdmin<Recent>(kkms.url, "/_admin/requests");
    const recorded = before + RECENT_REQUESTS_CAPACITY + 5;
    expect(recent.recorded).toBe(recorded);
    expect(recent.requests).toHaveLength(RECENT_REQUESTS_CAPACITY);
    expect(recent.requests.map((request) => request.seq)).toEqual(
      Array.from({ length: RECENT_REQUESTS_CAPACITY }, (_, age) => recorded - age),
    );
  });
});

describe("the recent-requests ring", () => {
  it("drops the oldest past its capacity and copies only the fields it shows (no internal error text)", () => {
    const ring = new RecentRequests(3);
    for (let i = 1; i <= 5; i++) {
      ring.record({
        time: `2026-01-01T00:00:0${i}.000Z`,
        requestId: `r${i}`,
        action: "Encrypt",
        method: "POST",
        status: 500,
        code: "ServiceUnavailable",
        durationMs: i,
        error: "SqliteError: near 'Plaintext=secret'",
      });
    }
    expect(ring.recorded).toBe(5);
    expect(ring.newestFirst().map((entry) => entry.requestId)).toEqual(["r5", "r4", "r3"]);
    expect(JSON.stringify(ring.newestFirst())).not.toContain("Plaintext");
    expect(Object.keys(ring.newestFirst()[0]).sort()).toEqual(REQUEST_FIELDS);
  });
});

describe("nothing the console can read holds a plaintext, a secret or a signature", () => {
  const kkms = useEmulator();

  it("after Encrypt, Decrypt and GenerateDataKey, no admin answer or console asset contains any of them", async () => {
    const beijing = client(kkms.url);
    const { key } = await beijing.createKey({ keyName: "secretive" });
    const plaintext = "plaintext-the-console-must-never-see";
    const { ciphertextBlob } = await beijing.encrypt({ keyId: key.keyId, plaintext: Buffer.from(plaintext) });
    await beijing.decrypt({ keyId: key.keyId, ciphertextBlob });
    const dataKey = await beijing.generateDataKey({ keyId: key.keyId, numberOfBytes: 32 });
    let signature = "";
    await callAction(
      kkms.url,
      "Encrypt",
      { KeyId: key.keyId, Plaintext: Buffer.from(plaintext).toString("base64") },
      {
        afterSigning: (request) => {
          signature = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? "")?.[1] ?? "";
          return request;
        },
      },
    );
    expect(signature).toMatch(/^[0-9a-f]{64}$/);

    const forbidden = [
      plaintext,
      Buffer.from(plaintext).toString("base64"),
      ciphertextBlob,
      dataKey.plaintext.toString("base64"),
      dataKey.ciphertextBlob,
      DEVELOPMENT_ACCOUNT.secretAccessKey,
      DEVELOPMENT_ACCOUNT.accessKeyId,
      signature,
      ...storedKeys(kkms.emulator.store, DEVELOPMENT_ACCOUNT.accountId, "cn-beijing-6").map((stored) =>
        stored.wrappedMaterial.toString("base64"),
      ),
    ];
    const paths = ["keys", "requests", "faults", "throttle", "metrics", "info"].map(
      (name) => `/_admin/${name}`,
    );
    for (const path of [...paths, "/_console", "/_console/main.js", "/_console/keysView.js"]) {
      const response = await plainRequest(kkms.url, { path });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      for (const text of forbidden)
        expect({ path, leaked: response.text.includes(text) }).toEqual({ path, leaked: false });
    }
  });
});

describe("GET /_admin/metrics, POST /_admin/reset-metrics", () => {
  const kkms = useEmulator();

  it("answers the same counts as the handle's metrics(), and a reset sets them to zero", async () => {
    await client(kkms.url).createKey({ keyName: "counted" });
    await callAction(kkms.url, "DescribeKeys", {}, { signing: "none" });
    const metrics = await readAdmin<{ total: number; byCode: Record<string, number> }>(
      kkms.url,
      "/_admin/metrics",
    );
    expect(metrics).toEqual(kkms.emulator.metrics());
    expect(metrics.byCode).toEqual({ OK: 1, MissingAuthenticationToken: 1 });
    const reset = await plainRequest(kkms.url, {
      method: "POST",
      path: "/_admin/reset-metrics",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(reset.json).toEqual({ reset: true });
    expect(await readAdmin(kkms.url, "/_admin/metrics")).toEqual({
      total: 0,
      byAction: {},
      byCode: {},
      requests: [],
    });
  });

  it.each([
    ["text/plain"],
    ["application/x-www-form-urlencoded"],
    ["multipart/form-data; boundary=x"],
    ["Text/Plain; charset=UTF-8"],
  ])("refuses a POST with a form's content type %s (415), and resets nothing", async (contentType) => {
    await callAction(kkms.url, "DescribeKeys", {}, { signing: "none" });
    const answer = await plainRequest(kkms.url, {
      method: "POST",
      path: "/_admin/reset-metrics",
      headers: { "content-type": contentType },
      body: "",
    });
    expect(answer.status).toBe(415);
    expect(answer.error).toEqual({
      Type: "Sender",
      Code: "UnsupportedContentType",
      Message: catalogMessage("formPost", contentType.split(";")[0].toLowerCase()),
    });
    expect(kkms.emulator.metrics().total).toBeGreaterThan(0);
  });

  it("takes a POST without a body or content type, as curl -X POST sends it", async () => {
    await callAction(kkms.url, "DescribeKeys", {}, { signing: "none" });
    const answer = await plainRequest(kkms.url, { method: "POST", path: "/_admin/reset-metrics" });
    expect(answer.json).toEqual({ reset: true });
    expect(kkms.emulator.metrics().total).toBe(0);
  });
});

describe("GET /_admin/info", () => {
  const kkms = useEmulator({
    accounts: [DEVELOPMENT_ACCOUNT, { ...DEVELOPMENT_ACCOUNT, accessKeyId: "AKOTHER" }, SECOND],
  });

  it("names the served accounts once each, the regions, actions, fault errors and limits, and no access key", async () => {
    const info = await plainRequest(kkms.url, { path: "/_admin/info" });
    expect(info.json).toEqual({
      accounts: [DEVELOPMENT_ACCOUNT.accountId, SECOND.accountId],
      regions: KNOWN_REGIONS,
      actions: ACTION_NAMES,
      faultErrors: Object.keys(FAULT_ERRORS),
      dataDir: null,
      keysListedPerGroup: KEYS_LISTED_PER_GROUP,
      recentRequestsCapacity: RECENT_REQUESTS_CAPACITY,
    });
    for (const secret of ["AKOTHER", SECOND.accessKeyId, SECOND.secretAccessKey])
      expect(info.text).not.toContain(secret);
  });
});

describe("the console's own origin on the admin path", () => {
  const kkms = useEmulator();
  const own = () => new URL(kkms.url);

  it.each([["127.0.0.1"], ["localhost"]])(
    "may change faults and the throttle from a page of kkms-local itself, opened as %s",
    async (name) => {
      const host = `${name}:${own().port}`;
      const headers = {
        host,
        origin: `http://${host}`,
        "sec-fetch-site": "same-origin",
        "content-type": "application/json",
      };
      const faults = await plainRequest(kkms.url, {
        method: "PUT",
        path: "/_admin/faults",
        headers,
        body: JSON.stringify({ faults: [{ action: "Encrypt", error: "ServiceTimeout" }] }),
      });
      expect(faults.status).toBe(200);
      expect(kkms.emulator.getFaults()).toEqual({ faults: [{ action: "Encrypt", error: "ServiceTimeout" }] });
      const throttle = await plainRequest(kkms.url, {
        method: "PUT",
        path: "/_admin/throttle",
        headers,
        body: '{"rps":3}',
      });
      expect(throttle.json).toEqual({ rps: 3 });
      // A same-origin GET carries no Origin, only Sec-Fetch-Site.
      const read = await plainRequest(kkms.url, {
        path: "/_admin/keys",
        headers: { host, "sec-fetch-site": "same-origin" },
      });
      expect(read.status).toBe(200);
      kkms.emulator.setFaults([]);
      kkms.emulator.setThrottle(undefined);
    },
  );

  it("gets nothing more from the API than any other page: 403 OriginNotAllowed", async () => {
    const host = own().host;
    const answer = await callAction(
      kkms.url,
      "CreateKey",
      { KeyName: "from-the-console" },
      { method: "POST", headers: { origin: `http://${host}`, "sec-fetch-site": "same-origin" } },
    );
    expect(answer.error?.Code).toBe("OriginNotAllowed");
    expect(kkms.emulator.store.list(DEVELOPMENT_ACCOUNT.accountId, "cn-beijing-6", Date.now())).toEqual([]);
  });

  it("sends its answers uncacheable, unsniffable and closed to other origins' pages", async () => {
    for (const path of ["/_admin/keys", "/_admin/nothing"]) {
      const answer = await plainRequest(kkms.url, { path });
      expect(answer.headers).toMatchObject({
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "cross-origin-resource-policy": "same-origin",
      });
    }
  });
});

/** Every endpoint the console uses: the page, its assets, each read and each change. */
const CONSOLE_ENDPOINTS: [method: string, path: string, body?: string][] = [
  ["GET", "/_console"],
  ["GET", "/_console/main.js"],
  ["GET", "/_console/console.css"],
  ["GET", "/_console/favicon.svg"],
  ["GET", "/_admin/info"],
  ["GET", "/_admin/keys"],
  ["GET", "/_admin/requests"],
  ["GET", "/_admin/metrics"],
  ["GET", "/_admin/faults"],
  ["GET", "/_admin/throttle"],
  ["PUT", "/_admin/faults", '{"faults":[{"error":"ServiceUnavailable"}]}'],
  ["PUT", "/_admin/throttle", '{"rps":1}'],
  ["POST", "/_admin/reset-metrics", "{}"],
];

describe("the console's endpoints refuse what is not this machine's own page", () => {
  const kkms = useEmulator();
  const port = () => new URL(kkms.url).port;
  const cases = CONSOLE_ENDPOINTS.flatMap(([method, path, body]) =>
    [
      ["Host evil.example:PORT", { host: "evil.example:PORT" }, "HostNotAllowed"],
      ["Host localhost.evil.example", { host: "localhost.evil.example" }, "HostNotAllowed"],
      [
        "a rebound page's own origin",
        { host: "rebound.example:PORT", origin: "http://rebound.example:PORT" },
        "HostNotAllowed",
      ],
      ["Origin https://evil.example", { origin: "https://evil.example" }, "OriginNotAllowed"],
      ["another local port's page", { origin: "http://127.0.0.1:1" }, "OriginNotAllowed"],
      ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }, "OriginNotAllowed"],
      ["Origin null", { origin: "null" }, "OriginNotAllowed"],
    ].map(
      ([what, headers, code]) =>
        [
          `${method} ${path} with ${what as string}: 403 ${code as string}`,
          method,
          path,
          body,
          headers,
          code,
        ] as const,
    ),
  );

  it.each(cases)("%s", async (_title, method, path, body, headers, code) => {
    await callAction(kkms.url, "DescribeKeys", {}, { signing: "none" });
    const sent = Object.fromEntries(
      Object.entries({ "content-type": "application/json", ...(headers as Record<string, string>) }).map(
        ([name, value]) => [name, value.replace("PORT", port())],
      ),
    );
    const answer = await plainRequest(kkms.url, { method, path, headers: sent, body });
    expect({ status: answer.status, code: answer.error?.Code }).toEqual({ status: 403, code });
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(kkms.emulator.getFaults().faults).toEqual([]);
    expect(await readAdmin(kkms.url, "/_admin/throttle")).toEqual({ rps: null });
    expect(kkms.emulator.metrics().total).toBeGreaterThan(0);
  });
});
