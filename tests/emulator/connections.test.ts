import * as net from "net";
import { startEmulator, type RunningEmulator } from "../../emulator/emulator";
import { defaultMaxConnections, openFilesLimit } from "../../emulator/http/defaultMaxConnections";
import { resolveOptions } from "../../emulator/options";
import { createKeyParams, expectError } from "./support/emulatorFixture";
import { callAction, prepareRequest, type Params } from "./support/kkmsRequest";
import { ensureBuiltCli, runCli, startCli, startCliUnderDescriptorLimit } from "./support/cliProcess";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { KkmsClient } from "../../sdk/client";
import { isThrottled } from "../../sdk/errors/guards";

/**
 * One slow or idle client must not hold a socket for minutes or starve the others: headers, bodies and idle
 * keep-alive connections have timeouts, and past the connection cap the connection idle for longest gives
 * way. Real sockets throughout.
 */
const WAIT_MS = 15_000;

/** A raw TCP connection, keeping everything kkms-local wrote to it. */
class Connection {
  received = "";
  closed = false;
  private readonly socket: net.Socket;
  private waiters: (() => void)[] = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => this.changed(() => (this.received += chunk.toString("latin1"))));
    socket.on("close", () => this.changed(() => (this.closed = true)));
    socket.on("error", () => undefined);
  }

  static open(url: string): Promise<Connection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => resolve(new Connection(socket)));
      socket.once("error", reject);
    });
  }

  send(text: string): void {
    this.socket.write(text, "latin1");
  }

  /** Resolves once `done` holds, or rejects after WAIT_MS (a failure, not a measurement). */
  until(done: (connection: Connection) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}: ${this.received}`)),
        WAIT_MS,
      );
      const check = () => {
        if (!done(this)) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve();
      };
      this.waiters.push(check);
      check();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private changed(update: () => void): void {
    update();
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A signed request as raw HTTP/1.1 text; `cutBodyAt` sends only that many bytes of the body. */
function httpText(
  url: string,
  action: string,
  params: Params,
  options: { cutBodyAt?: number; headers?: Record<string, string> } = {},
): string {
  const prepared = prepareRequest(
    url,
    [["Action", action], ["Version", "2016-03-04"], ...Object.entries(params)],
    {
      method: "POST",
      headers: options.headers,
    },
  );
  const body = Buffer.from(prepared.body);
  const head = [
    `POST / HTTP/1.1`,
    ...Object.entries(prepared.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.length}`,
    "",
    "",
  ].join("\r\n");
  return head + body.subarray(0, options.cutBodyAt ?? body.length).toString("latin1");
}

/** A signed CreateKey's head, asking for 100 Continue: once Node answers that, the request is in flight. */
function slowCreateKeyHead(url: string, name: string): string {
  const text = httpText(url, "CreateKey", createKeyParams(name), { headers: { expect: "100-continue" } });
  return text.split("\r\n\r\n")[0] + "\r\n\r\n";
}

/** The body that completes slowCreateKeyHead's request (the same parameters encode the same body). */
function slowCreateKeyBody(url: string, name: string): string {
  return httpText(url, "CreateKey", createKeyParams(name)).split("\r\n\r\n")[1];
}

/** A connection whose CreateKey is in flight, waiting for its body. */
async function startSlowCreateKey(url: string, name: string): Promise<Connection> {
  const connection = await open(url);
  connection.send(slowCreateKeyHead(url, name));
  await connection.until((c) => c.received.includes("100 Continue"), "100 Continue");
  return connection;
}

/** The status line of the last answer on a connection (a 100 Continue is not one). */
function statusLine(connection: Connection): string {
  const lines = connection.received.split("\r\n").filter((line) => /^HTTP\/1\.1 [2-5]\d\d /.test(line));
  return lines.pop() ?? "(no answer)";
}

const healthRequest = (url: string) => `GET /health HTTP/1.1\r\nHost: ${new URL(url).host}\r\n\r\n`;
const answered = (connection: Connection) => /\r\n\r\n[\s\S]*\}/.test(connection.received);

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let emulator: RunningEmulator | undefined;
const connections: Connection[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await emulator?.close();
  emulator = undefined;
});

/**
 * The SDK's client with 3 attempts and the given sleep between them. Backoff of at least 10 s for other failures
 * and jitter at its top: a delay under 1 s can only be throttling's ceiling (throttledMaxDelayMs).
 */
function sdkClient(url: string, sleep: (ms: number) => Promise<void>): KkmsClient {
  return new KkmsClient({
    endpoint: url,
    region: "cn-beijing-6",
    credentials: DEVELOPMENT_ACCOUNT,
    maxAttempts: 3,
    retry: { baseDelayMs: 10_000, maxDelayMs: 60_000 },
    random: () => 0.999,
    sleep,
  });
}

async function open(url: string): Promise<Connection> {
  const connection = await Connection.open(url);
  connections.push(connection);
  return connection;
}

describe("timeouts", () => {
  it("closes a connection that sends nothing within the header timeout, answering 408 RequestTimeout", async () => {
    emulator = await startEmulator({ headerTimeoutMs: 200 });
    const silent = await open(emulator.url);
    await silent.until((c) => c.closed, "the server to close the connection");
    expect(silent.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(silent.received).toContain("<Code>RequestTimeout</Code>");
    expect(silent.received).toContain("The request did not arrive within 200 ms; the connection is closed.");
  });

  it("closes a connection whose headers stall, answering 408 RequestTimeout", async () => {
    emulator = await startEmulator({ headerTimeoutMs: 200 });
    const slow = await open(emulator.url);
    slow.send(`GET /?Action=DescribeKeys HTTP/1.1\r\nHost: ${new URL(emulator.url).host}\r\nAccept: appl`);
    await slow.until((c) => c.closed, "the server to close the connection");
    expect(slow.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("answers a body that stalls with 408 RequestTimeout, does nothing, counts it, and closes", async () => {
    emulator = await startEmulator({ bodyTimeoutMs: 200 });
    const slow = await open(emulator.url);
    slow.send(httpText(emulator.url, "CreateKey", createKeyParams("stalled"), { cutBodyAt: 20 }));
    await slow.until((c) => c.closed, "the server to close the connection");
    expect(slow.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slow.received).toMatch(/Connection: close\r\n/i);
    expect(slow.received).toContain('"Code":"RequestTimeout"');
    expect(emulator.store.countByState(Date.now())).toEqual({});
    expect(emulator.metrics().byCode).toEqual({ RequestTimeout: 1 });
  });

  it("closes a keep-alive connection once idle for the idle timeout, which its answers announce", async () => {
    emulator = await startEmulator({ idleTimeoutMs: 2_000 });
    const idle = await open(emulator.url);
    idle.send(healthRequest(emulator.url));
    await idle.until(answered, "the answer");
    expect(idle.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // Node's default would announce (and wait) 5 s.
    expect(idle.received).toMatch(/\r\nKeep-Alive: timeout=2\r\n/);
    await idle.until((c) => c.closed, "the server to close the idle connection");
  });

  it("times arriving requests only: a slow answer (injected latency) still arrives", async () => {
    emulator = await startEmulator({
      headerTimeoutMs: 100,
      bodyTimeoutMs: 100,
      faults: [{ action: "DescribeKeys", latencyMs: 800 }],
    });
    expect((await callAction(emulator.url, "DescribeKeys", {}, { method: "POST" })).status).toBe(200);
  });
});

describe("the connection cap", () => {
  it("gives the place of the longest-idle connection to a new one: idle connections cannot keep a request out", async () => {
    emulator = await startEmulator({ maxConnections: 8 });
    const url = emulator.url;
    const keptAlive: Connection[] = [];
    for (let i = 0; i < 4; i++) {
      const connection = await open(url);
      connection.send(healthRequest(url));
      await connection.until(answered, "the answer");
      keptAlive.push(connection);
    }
    const silent: Connection[] = [];
    for (let i = 0; i < 4; i++) silent.push(await open(url));
    await waitFor(() => emulator!.openConnections() === 8, "8 open connections");

    const created = await callAction(url, "CreateKey", createKeyParams("legitimate"));
    expect(created.status).toBe(200);
    await keptAlive[0].until((c) => c.closed, "the longest-idle connection to be closed");
    expect([...keptAlive, ...silent].map((c) => c.closed)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);

    // A flood of idle connections: each pushes out the longest idle, the count stays at the cap.
    for (let i = 0; i < 40; i++) await open(url);
    await waitFor(() => connections.filter((c) => !c.closed).length <= 8, "the flood to be pushed out");
    expect(emulator.openConnections()).toBeLessThanOrEqual(8);
    expect((await callAction(url, "DescribeKeys")).status).toBe(200);
  });

  it("answers a connection opened while all are busy with 409 LimitExceeded and closes it; once one frees, requests pass", async () => {
    emulator = await startEmulator({ maxConnections: 4, bodyTimeoutMs: 60_000 });
    const url = emulator.url;
    const busy: Connection[] = [];
    for (let i = 0; i < 4; i++) {
      const connection = await open(url);
      const text = httpText(url, "CreateKey", createKeyParams(`busy-${i}`), {
        headers: { expect: "100-continue" },
      });
      const [head] = text.split("\r\n\r\n");
      connection.send(head + "\r\n\r\n");
      // Node answers 100 Continue as it hands the request to kkms-local: from then on the request is in flight.
      await connection.until((c) => c.received.includes("100 Continue"), "100 Continue");
      busy.push(connection);
    }
    const refused = await callAction(url, "DescribeKeys");
    expectError(refused, "limitExceeded");
    expect(refused.headers.connection).toBe("close");
    expect(emulator.metrics().byCode.LimitExceeded).toBe(1);

    const text = httpText(url, "CreateKey", createKeyParams("busy-0"), {
      headers: { expect: "100-continue" },
    });
    busy[0].send(text.split("\r\n\r\n")[1]);
    await busy[0].until(answered, "the first busy request's answer");
    expect(busy[0].received).toMatch(/HTTP\/1\.1 200 OK/);
    expect((await callAction(url, "DescribeKeys")).status).toBe(200);
  });

  it("refuses every newcomer with 409 while all admitted connections are busy, however newcomers alternate idle and busy", async () => {
    const cap = 2;
    // A refused connection waits half the header timeout for its request before it is answered anyway.
    emulator = await startEmulator({ maxConnections: cap, headerTimeoutMs: 400, bodyTimeoutMs: 60_000 });
    const url = emulator.url;
    const busy: Connection[] = [];
    for (let i = 0; i < cap; i++) busy.push(await startSlowCreateKey(url, `busy-${i}`));
    let mostOpen = 0;
    const sampler = setInterval(() => (mostOpen = Math.max(mostOpen, emulator!.openConnections())), 1);
    const answers: string[] = [];
    try {
      for (let round = 0; round < 10; round++) {
        const idle = await open(url);
        const slow = await open(url);
        slow.send(slowCreateKeyHead(url, `over-${round}`));
        await slow.until((c) => c.closed || c.received.includes("100 Continue"), "an answer to the newcomer");
        // Before the fix the idle newcomer was evicted for this one, which was then admitted (100 Continue).
        expect(slow.received).toMatch(/^HTTP\/1\.1 409 Conflict\r\n[\s\S]*"Code":"LimitExceeded"/);
        await idle.until((c) => c.closed, "the silent newcomer to be answered and closed");
        expect(idle.received).toContain("<Code>LimitExceeded</Code>");
        answers.push(statusLine(idle), statusLine(slow));
        await waitFor(() => emulator!.openConnections() === cap, "the refused connections to be gone");
      }
    } finally {
      clearInterval(sampler);
    }
    expect(answers).toEqual(Array.from({ length: 20 }, () => "HTTP/1.1 409 Conflict"));
    // At most the round's two newcomers were ever open beside the admitted ones.
    expect(mostOpen).toBeLessThanOrEqual(cap + 2);
    expect(busy.map((c) => c.closed)).toEqual([false, false]);
    for (const [i, connection] of busy.entries()) {
      connection.send(slowCreateKeyBody(url, `busy-${i}`));
      await connection.until(answered, "the busy request's answer");
      expect(statusLine(connection)).toBe("HTTP/1.1 200 OK");
    }
    expect(emulator.store.countByState(Date.now())).toEqual({ Enabled: 2 });
  });

  it("is throttling to the SDK: a refused CreateKey is retried (never processed) until it gets through, once", async () => {
    emulator = await startEmulator({ maxConnections: 1, bodyTimeoutMs: 60_000 });
    const url = emulator.url;
    const busy = await startSlowCreateKey(url, "busy");
    const sleeps: number[] = [];
    const client = sdkClient(url, async (ms) => {
      sleeps.push(ms);
      // The busy request ends during the second backoff: the third attempt finds its connection idle.
      if (sleeps.length !== 2) return;
      busy.send(slowCreateKeyBody(url, "busy"));
      await busy.until(answered, "the busy request's answer");
    });
    try {
      const created = await client.createKey({ keyName: "through-the-cap" });
      expect(created.key.keyName).toBe("through-the-cap");
    } finally {
      client.destroy();
    }
    // Throttling's backoff ceiling (throttledMaxDelayMs, 1 s), not the 10 s of other failures.
    expect(sleeps).toEqual([999, 999]);
    // Two refusals, then the busy request and this one served: one key each.
    expect(emulator.metrics().byCode).toEqual({ LimitExceeded: 2, OK: 2 });
    expect(emulator.store.countByState(Date.now())).toEqual({ Enabled: 2 });
  });

  it("is throttling to the SDK: while every connection stays busy, each attempt is refused and the error says so", async () => {
    emulator = await startEmulator({ maxConnections: 1, bodyTimeoutMs: 60_000 });
    await startSlowCreateKey(emulator.url, "busy");
    const client = sdkClient(emulator.url, async () => undefined);
    const failure = await client.createKey({ keyName: "never" }).catch((err: unknown) => err);
    client.destroy();
    expect(isThrottled(failure)).toBe(true);
    expect(failure).toMatchObject({
      code: "LimitExceeded",
      statusCode: 409,
      attempts: 3,
      maybeProcessed: false,
    });
    expect(emulator.metrics().byCode).toEqual({ LimitExceeded: 3 });
  });

  it("serves legitimate requests through 300 idle connections under a 128-descriptor limit (the CLI's default cap)", async () => {
    const cli = await startCliUnderDescriptorLimit(128);
    try {
      const idle = await Promise.all(Array.from({ length: 300 }, () => open(cli.url)));
      expect(idle).toHaveLength(300);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await callAction(cli.url, "CreateKey", createKeyParams(`through-${i}`))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect(((await callAction(cli.url, "DescribeKeys")).body.KeySet as unknown[]).length).toBe(5);
    } finally {
      await cli.stop();
    }
  });

  it("answers 409, never a dropped connection, while busy connections fill the CLI's default cap under a 128-descriptor limit and newcomers keep coming", async () => {
    const cli = await startCliUnderDescriptorLimit(128);
    try {
      // 96: the default cap under this limit (128 less 32).
      const busy = await Promise.all(
        Array.from({ length: 96 }, (_, i) => startSlowCreateKey(cli.url, `busy-${i}`)),
      );
      const newcomers: Connection[] = [];
      for (let round = 0; round < 40; round++) {
        newcomers.push(await open(cli.url));
        const slow = await open(cli.url);
        slow.send(slowCreateKeyHead(cli.url, `over-${round}`));
        newcomers.push(slow);
      }
      // Before the fix the newcomers took the refused ones' places, until no descriptor was left for this one.
      expectError(await callAction(cli.url, "DescribeKeys"), "limitExceeded");
      for (const newcomer of newcomers) await newcomer.until((c) => c.closed, "the newcomer to be closed");
      expect(new Set(newcomers.map(statusLine))).toEqual(new Set(["HTTP/1.1 409 Conflict"]));
      expect(busy.filter((c) => c.closed)).toEqual([]);
    } finally {
      await cli.stop();
    }
  });
});

describe("settings", () => {
  it("defaults to 10 s for headers, 10 s for a body, 5 s idle, and 256 connections or the descriptor limit less 32", () => {
    const settings = resolveOptions({});
    expect([settings.headerTimeoutMs, settings.bodyTimeoutMs, settings.idleTimeoutMs]).toEqual([
      10_000, 10_000, 5_000,
    ]);
    expect(settings.maxConnections).toBe(defaultMaxConnections());
    expect(
      defaultMaxConnections(
        () => "Max open files            1024                 1048576              files\n",
      ),
    ).toBe(256);
    expect(
      defaultMaxConnections(
        () => "Max open files            128                  128                  files\n",
      ),
    ).toBe(96);
    expect(
      defaultMaxConnections(
        () => "Max open files            16                   16                   files\n",
      ),
    ).toBe(1);
    expect(defaultMaxConnections(() => undefined)).toBe(256);
    expect(
      openFilesLimit("Max open files            unlimited            unlimited            files\n"),
    ).toBeUndefined();
  });

  it.each([
    [{ headerTimeoutMs: 0 }, "headerTimeoutMs must be an integer from 1 to 3600000, got 0."],
    [{ bodyTimeoutMs: 1.5 }, "bodyTimeoutMs must be an integer from 1 to 3600000, got 1.5."],
    [{ idleTimeoutMs: 3_600_001 }, "idleTimeoutMs must be an integer from 1 to 3600000, got 3600001."],
    [{ maxConnections: 0 }, "maxConnections must be an integer from 1 to 65536, got 0."],
  ])("startEmulator refuses %j", async (options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message);
  });

  it.each([
    [["--header-timeout-ms", "0"], {}, '--header-timeout-ms must be an integer from 1 to 3600000, got "0".'],
    [["--body-timeout-ms", "10s"], {}, '--body-timeout-ms must be an integer from 1 to 3600000, got "10s".'],
    [
      [],
      { KKMS_LOCAL_IDLE_TIMEOUT_MS: "-1" },
      'KKMS_LOCAL_IDLE_TIMEOUT_MS must be an integer from 1 to 3600000, got "-1".',
    ],
    [
      [],
      { KKMS_LOCAL_MAX_CONNECTIONS: "many" },
      'KKMS_LOCAL_MAX_CONNECTIONS must be an integer from 1 to 65536, got "many".',
    ],
  ])("the CLI exits 2 naming the flag and the rule: %j %j", (args, env, message) => {
    ensureBuiltCli();
    const result = runCli(["--in-memory", ...args], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("the CLI takes a valid --header-timeout-ms: a silent connection is answered 408 after that time", async () => {
    ensureBuiltCli();
    const run = await startCli(["--in-memory", "--log-format", "none", "--header-timeout-ms", "300"]);
    try {
      const silent = await open(run.url);
      await silent.until((c) => c.closed, "the server to close the connection");
      expect(silent.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(silent.received).toContain(
        "The request did not arrive within 300 ms; the connection is closed.",
      );
    } finally {
      run.child.kill("SIGKILL");
      await run.exited;
    }
  });

  it("the CLI takes a valid --max-connections: with 1, a request beside a busy connection gets 409", async () => {
    ensureBuiltCli();
    const run = await startCli(["--in-memory", "--log-format", "none", "--max-connections", "1"]);
    try {
      await startSlowCreateKey(run.url, "busy");
      expectError(await callAction(run.url, "DescribeKeys"), "limitExceeded");
    } finally {
      run.child.kill("SIGKILL");
      await run.exited;
    }
  });
});
