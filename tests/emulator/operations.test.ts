import * as http from "http";
import { startEmulator } from "../../emulator/emulator";
import { handleAdminRequest, type AdminContext } from "../../emulator/operations/admin";
import { RecentRequests } from "../../emulator/operations/recentRequests";
import { KeyStore } from "../../emulator/storage/keyStore";
import { StorageHealth } from "../../emulator/storage/storageHealth";
import { isLoopbackAddress } from "../../emulator/http/loopback";
import { Throttle } from "../../emulator/operations/throttle";
import { FaultInjector, isActive, mulberry32, NO_FAULT } from "../../emulator/operations/faults";
import { AccountDirectory, DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { LATENCY_BUCKETS, Metrics } from "../../emulator/operations/metrics";
import { createKeyParams, expectError, useEmulator } from "./support/emulatorFixture";
import { callAction } from "./support/kkmsRequest";

/** Plain HTTP for /health, /metrics and /_admin (no signature). */
function plain(
  url: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = http.request(target, { method, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("health and metrics", () => {
  const fixture = useEmulator();

  it("GET /health answers 200 {status: ok}", async () => {
    const response = await plain(fixture.url, "GET", "/health");
    expect(response).toMatchObject({ status: 200, text: '{"status":"ok"}' });
  });

  it("counts requests by action and code, in the handle and in Prometheus text", async () => {
    fixture.emulator.resetMetrics();
    const keyId = await fixture.createKey("metrics");
    await fixture.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" });
    await fixture.call("Encrypt", { KeyId: "missing", Plaintext: "aaaa" });
    await fixture.call("DescribeKeys", {}, { signing: "none" });
    const snapshot = fixture.emulator.metrics();
    expect(snapshot.total).toBe(4);
    expect(snapshot.byAction).toEqual({ CreateKey: 1, Encrypt: 2, DescribeKeys: 1 });
    expect(snapshot.byCode).toEqual({ OK: 2, KeyNotFound: 1, MissingAuthenticationToken: 1 });
    const text = (await plain(fixture.url, "GET", "/metrics")).text;
    expect(text).toContain('kkms_requests_total{action="Encrypt",code="KeyNotFound",status="404"} 1');
    expect(text).toContain('kkms_requests_total{action="CreateKey",code="OK",status="200"} 1');
    expect(text).toMatch(/kkms_request_duration_seconds_bucket\{action="Encrypt",le="\+Inf"\} 2/);
    expect(text).toMatch(/kkms_request_duration_seconds_count\{action="Encrypt"\} 2/);
    expect(text).toMatch(/kkms_keys\{state="Enabled"\} 1/);
    fixture.emulator.resetMetrics();
    expect(fixture.emulator.metrics().total).toBe(0);
  });
});

describe("the latency histogram", () => {
  it("counts each request in every bucket whose bound it does not exceed, at the bounds too", () => {
    const metrics = new Metrics();
    const seconds = [0, 0.001, 0.0011, 0.005, 0.3, 10, 11, 0.05];
    for (const value of seconds) metrics.record("Encrypt", "OK", 200, value);
    metrics.record("Decrypt", "InvalidCiphertext", 400, 0.002);
    const text = metrics.render({});
    const bucket = (action: string, le: string) => {
      const name = `kkms_request_duration_seconds_bucket{action="${action}",le="${le}"} `;
      return Number(
        text
          .split("\n")
          .find((line) => line.startsWith(name))
          ?.slice(name.length),
      );
    };
    for (const bound of LATENCY_BUCKETS) {
      expect([bound, bucket("Encrypt", String(bound))]).toEqual([
        bound,
        seconds.filter((s) => s <= bound).length,
      ]);
      expect([bound, bucket("Decrypt", String(bound))]).toEqual([bound, bound >= 0.002 ? 1 : 0]);
    }
    expect(bucket("Encrypt", "+Inf")).toBe(seconds.length);
    expect(text).toContain(`kkms_request_duration_seconds_count{action="Encrypt"} ${seconds.length}`);
    expect(metrics.snapshot().requests).toEqual([
      { action: "Encrypt", code: "OK", status: 200, count: seconds.length },
      { action: "Decrypt", code: "InvalidCiphertext", status: 400, count: 1 },
    ]);
  });
});

describe("request logs", () => {
  const lines: string[] = [];
  const secret = "c2VjcmV0LXBsYWludGV4dA==";
  const fixture = useEmulator({ log: (line) => lines.push(line) });

  it("writes one JSON line per request with only safe fields, never a secret", async () => {
    const keyId = await fixture.createKey("logged");
    const encrypted = await fixture.call("Encrypt", { KeyId: keyId, Plaintext: secret });
    const blob = encrypted.body.CiphertextBlob as string;
    const decrypted = await fixture.call(
      "Decrypt",
      { KeyId: keyId, CiphertextBlob: blob },
      { signing: "simple" },
    );
    const dataKey = await fixture.call(
      "GenerateDataKey",
      { KeyId: keyId, KeySpec: "AES256" },
      { signing: "v4-query" },
    );
    await fixture.call(
      "DescribeKeys",
      {},
      { credentials: { ...DEVELOPMENT_ACCOUNT, secretAccessKey: "wrong" } },
    );
    expect(lines).toHaveLength(5);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(
        [
          "accountId",
          "action",
          "code",
          "durationMs",
          "method",
          "region",
          "requestId",
          "status",
          "time",
        ].filter((field) => entry[field] !== undefined),
      );
    }
    expect(entries[1]).toMatchObject({
      action: "Encrypt",
      accountId: "100000000001",
      region: "cn-beijing-6",
      status: 200,
      code: "OK",
    });
    expect(entries[1].requestId).toBe(encrypted.requestId);
    expect(entries[4]).toMatchObject({ action: "DescribeKeys", status: 403, code: "SignatureDoesNotMatch" });
    const everything = lines.join("\n");
    for (const forbidden of [
      secret,
      blob,
      decrypted.body.Plaintext as string,
      dataKey.body.Plaintext as string,
      dataKey.body.CiphertextBlob as string,
      DEVELOPMENT_ACCOUNT.secretAccessKey,
      DEVELOPMENT_ACCOUNT.accessKeyId,
      "logged",
    ]) {
      expect(everything).not.toContain(forbidden);
    }
    // No signature (64 hex digits) either.
    expect(everything).not.toMatch(/[0-9a-f]{64}/);
  });
});

describe("throttle", () => {
  const fixture = useEmulator({
    throttleRps: 5,
    accounts: [{ ...DEVELOPMENT_ACCOUNT }, { accountId: "2", accessKeyId: "AKTWO", secretAccessKey: "two" }],
  });

  it("answers 409 LimitExceeded past the rate, per account, and recovers", async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => fixture.call("DescribeKeys")));
    const throttled = burst.filter((response) => response.status === 409);
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    expectError(throttled[0], "limitExceeded");
    expect(throttled[0].error?.Message).toBe(
      "Request was rejected because the request speed of this openAPI is beyond the current flow control limit.",
    );
    const other = await fixture.call(
      "DescribeKeys",
      {},
      { credentials: { accessKeyId: "AKTWO", secretAccessKey: "two" } },
    );
    expect(other.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await fixture.call("DescribeKeys")).status).toBe(200);
  });

  it("changes at run time, through the handle and the admin path", async () => {
    fixture.emulator.setThrottle(undefined);
    const free = await Promise.all(Array.from({ length: 30 }, () => fixture.call("DescribeKeys")));
    expect(free.every((response) => response.status === 200)).toBe(true);
    expect(await plain(fixture.url, "PUT", "/_admin/throttle", '{"rps": 1}')).toMatchObject({
      status: 200,
      text: '{"rps":1}',
    });
    const limited = await Promise.all(Array.from({ length: 5 }, () => fixture.call("DescribeKeys")));
    expect(limited.filter((response) => response.status === 409).length).toBeGreaterThanOrEqual(3);
    expect(await plain(fixture.url, "GET", "/_admin/throttle")).toMatchObject({ text: '{"rps":1}' });
    expect((await plain(fixture.url, "PUT", "/_admin/throttle", '{"rps": null}')).text).toBe('{"rps":null}');
    expect((await plain(fixture.url, "PUT", "/_admin/throttle", '{"rps": -3}')).status).toBe(400);
  });
});

describe("fault injection", () => {
  const fixture = useEmulator();
  afterEach(() => fixture.emulator.setFaults([]));

  it("fails the chosen action before doing anything", async () => {
    fixture.emulator.setFaults([{ action: "CreateKey", error: "ServiceUnavailable" }]);
    const before = (await fixture.call("DescribeKeys")).body.KeySet as unknown[];
    const failed = await fixture.call("CreateKey", createKeyParams("never"));
    expectError(failed, "serviceUnavailable");
    expect(failed.error?.Type).toBe("Receiver");
    expect((await fixture.call("DescribeKeys")).body.KeySet).toEqual(before);
  });

  it("phase after: does the work and commits, then answers the error (a lost response)", async () => {
    fixture.emulator.setFaults([{ action: "CreateKey", error: "ServiceTimeout", phase: "after" }]);
    const before = ((await fixture.call("DescribeKeys")).body.KeySet as unknown[]).length;
    expectError(await fixture.call("CreateKey", createKeyParams("made anyway")), "serviceTimeout");
    const after = (await fixture.call("DescribeKeys")).body.KeySet as { KeyName: string }[];
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1].KeyName).toBe("made anyway");
  });

  it("adds latency", async () => {
    fixture.emulator.setFaults([{ latencyMs: 200 }]);
    const started = Date.now();
    expect((await fixture.call("DescribeKeys")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("fires with its probability, deterministically with a seed", async () => {
    const run = async () => {
      fixture.emulator.setFaults({ faults: [{ error: "LimitExceeded", probability: 0.3 }], seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await fixture.call("DescribeKeys")).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((status) => status === 409).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(30);
  });

  it("offers InternalError and other catalog errors, each with a RequestId", async () => {
    fixture.emulator.setFaults([{ error: "InternalError" }]);
    const response = await fixture.call("DescribeKeys");
    expectError(response, "serviceException", "injected by kkms-local");
  });

  it("is set and read through the loopback admin path, with checked input", async () => {
    const rules = '[{"action":"Encrypt","error":"LimitExceeded","probability":1}]';
    expect((await plain(fixture.url, "PUT", "/_admin/faults", rules)).status).toBe(200);
    expect(JSON.parse((await plain(fixture.url, "GET", "/_admin/faults")).text)).toEqual({
      faults: [{ action: "Encrypt", error: "LimitExceeded", probability: 1 }],
    });
    expectError(await fixture.call("Encrypt", { KeyId: "x", Plaintext: "aaaa" }), "limitExceeded");
    const bad = await plain(fixture.url, "PUT", "/_admin/faults", '[{"error":"Nope"}]');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      Error: { Code: "InvalidParameterValue" },
      Detail: expect.stringContaining("faults[0].error"),
    });
    expect((await plain(fixture.url, "PUT", "/_admin/faults", "not json")).status).toBe(400);
    expect((await plain(fixture.url, "DELETE", "/_admin/faults")).status).toBe(400);
    expect((await plain(fixture.url, "GET", "/_admin/nothing")).status).toBe(400);
    expect((await plain(fixture.url, "POST", "/_admin/reset-metrics")).text).toBe('{"reset":true}');
  });

  it("decides nothing, in one shared answer, while no rule is set; rules of other actions do nothing", () => {
    const injector = new FaultInjector();
    expect(injector.decide("Encrypt")).toBe(NO_FAULT);
    expect(
      Object.isFrozen(NO_FAULT) && Object.isFrozen(NO_FAULT.before) && Object.isFrozen(NO_FAULT.after),
    ).toBe(true);
    expect([isActive(NO_FAULT.before), isActive(NO_FAULT.after)]).toEqual([false, false]);
    injector.set({ faults: [{ action: "CreateKey", error: "LimitExceeded", phase: "after" }] });
    const other = injector.decide("Encrypt");
    expect([isActive(other.before), isActive(other.after)]).toEqual([false, false]);
    const chosen = injector.decide("CreateKey");
    expect([isActive(chosen.before), isActive(chosen.after)]).toEqual([false, true]);
    expect(isActive({ latencyMs: 1 })).toBe(true);
    injector.set({ faults: [] });
    expect(injector.decide("CreateKey")).toBe(NO_FAULT);
  });

  it("has a reproducible PRNG", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 5 }, () => a());
    expect(values).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});

describe("the admin path", () => {
  it("recognizes loopback addresses only", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["192.0.2.2", "::ffff:10.0.0.1", "fd00::2", undefined])
      expect(isLoopbackAddress(address)).toBe(false);
  });

  // The server sees a remote address it cannot fake over loopback (tests stay on 127.0.0.1): hand the admin
  // handler a request from elsewhere, as one arriving on 0.0.0.0 from another host would be.
  it("refuses requests from another address with 403 AccessDenied, and changes nothing", async () => {
    let resets = 0;
    const throttle = new Throttle(undefined);
    const store = KeyStore.open(undefined);
    const context: AdminContext = {
      faults: new FaultInjector(),
      throttle,
      maxBodyBytes: 65536,
      bodyTimeoutMs: 10_000,
      browserPolicy: { allowedOrigins: new Set<string>() },
      resetMetrics: () => void resets++,
      metrics: new Metrics(),
      recentRequests: new RecentRequests(),
      store,
      storageHealth: new StorageHealth(),
      accounts: new AccountDirectory([DEVELOPMENT_ACCOUNT]),
      regions: new Set(["cn-beijing-6"]),
      dataDir: undefined,
      clock: () => new Date(),
    };
    for (const [method, path] of [
      ["PUT", "/_admin/throttle"],
      ["GET", "/_admin/faults"],
      ["POST", "/_admin/reset-metrics"],
      ["GET", "/_admin/keys"],
      ["GET", "/_admin/requests"],
      ["GET", "/_admin/info"],
      ["GET", "/_admin/metrics"],
      ["GET", "/_admin/throttle"],
    ]) {
      const request = { method, socket: { remoteAddress: "192.0.2.2" } } as unknown as http.IncomingMessage;
      const response = await handleAdminRequest(context, request, path);
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({
        RequestId: expect.any(String),
        Error: { Code: "AccessDenied" },
      });
    }
    store.close();
    expect(resets).toBe(0);
    expect(throttle.rate).toBeUndefined();
  });
});

describe("access control per access key", () => {
  const fixture = useEmulator({
    accounts: [
      {
        accountId: "333",
        accessKeyId: "AKREADER",
        secretAccessKey: "reader",
        allowedActions: ["DescribeKeys", "kkms:Decrypt"],
      },
    ],
  });

  it("answers AccessDenied with the seed's text for actions not allowed", async () => {
    const credentials = { accessKeyId: "AKREADER", secretAccessKey: "reader" };
    expect((await fixture.call("DescribeKeys", {}, { credentials })).status).toBe(200);
    const denied = await fixture.call("CreateKey", createKeyParams("x"), { credentials });
    expectError(denied, "accessDenied", "333", "kkms:CreateKey");
    expect(denied.error?.Message).toBe("User: 333 is not authorized to perform: kkms:CreateKey.");
  });
});

describe("concurrency", () => {
  const fixture = useEmulator();

  it("loses no key among parallel creations", async () => {
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => fixture.createKey(`parallel-${i}`)));
    expect(new Set(ids).size).toBe(60);
    const listed = (await fixture.call("DescribeKeys")).body.KeySet as { KeyId: string }[];
    expect(listed.map((key) => key.KeyId).sort()).toEqual([...ids].sort());
  });

  it("deletes a key once when asked in parallel", async () => {
    const keyId = await fixture.createKey("contended");
    await fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => fixture.call("DeleteKey", { KeyId: keyId })),
    );
    expect(answers.filter((response) => response.status === 200)).toHaveLength(1);
    expect(answers.filter((response) => response.error?.Code === "InvalidKeyState")).toHaveLength(9);
  });

  it("keeps state consistent under interleaved state changes and crypto", async () => {
    const keyId = await fixture.createKey("busy");
    const requests = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? fixture.call("ModifyKeyState", { KeyId: keyId, KeyState: i % 2 === 0 ? "Disabled" : "Enabled" })
        : fixture.call("Encrypt", { KeyId: keyId, Plaintext: "aaaa" }),
    );
    const answers = await Promise.all(requests);
    for (const answer of answers) expect([200, 400]).toContain(answer.status);
    const integrity = fixture.emulator.store.db.pragma("integrity_check", { simple: true });
    expect(integrity).toBe("ok");
  });
});

describe("resilience", () => {
  it("answers 500 ServiceUnavailable for an internal failure without crashing, and closes cleanly", async () => {
    const emulator = await startEmulator();
    emulator.store.close();
    const response = await callAction(emulator.url, "DescribeKeys");
    expectError(response, "serviceException");
    expect(response.error?.Message).toMatch(/^Exception \w+$/);
    expect((await plain(emulator.url, "GET", "/health")).status).toBe(200);
    await emulator.close();
  });

  it("lets a request in flight finish when closing", async () => {
    const emulator = await startEmulator({ faults: [{ latencyMs: 300 }] });
    const pending = callAction(emulator.url, "DescribeKeys");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = emulator.close();
    expect((await pending).status).toBe(200);
    await closed;
    await expect(callAction(emulator.url, "DescribeKeys")).rejects.toThrow(/ECONNREFUSED/);
  });
});
