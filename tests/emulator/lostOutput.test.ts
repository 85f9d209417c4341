import * as fs from "fs";
import * as net from "net";
import { callAction } from "./support/kkmsRequest";
import { createKeyParams } from "./support/emulatorFixture";
import { ensureBuiltCli, startCli, type CliRun, type CliStartOptions } from "./support/cliProcess";

/**
 * `kkms-local | head -1` closes kkms-local's stdout after the ready line; a terminal closed under it takes
 * stderr. Either way the server serves on: the log goes quiet, with one warning on the stream still open.
 */
const running: CliRun[] = [];

beforeAll(() => ensureBuiltCli());

afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    await run.exited;
  }
});

async function start(options: CliStartOptions = {}, args: string[] = []): Promise<CliRun> {
  const run = await startCli(["--in-memory", ...args], {}, options);
  running.push(run);
  return run;
}

/** A port free a moment ago (the CLI's own URL cannot be read when its stdout is a full disk). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Requests of every kind: unsigned (refused), signed reads and writes, and the health path. */
async function serveSome(run: CliRun): Promise<number[]> {
  const statuses: number[] = [];
  for (let round = 0; round < 3; round++) {
    statuses.push((await callAction(run.url, "DescribeKeys", {}, { signing: "none" })).status);
    statuses.push((await callAction(run.url, "CreateKey", createKeyParams(`after-${round}`))).status);
    statuses.push((await fetch(`${run.url}/health`)).status);
  }
  return statuses;
}

const SERVED = [403, 200, 200, 403, 200, 200, 403, 200, 200];

/** Lets the child's pending writes fail and their errors be handled (or crash it) before looking. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** Requests served before and after the stream's loss settles, one warning on stderr naming it, a clean stop. */
async function expectServedOnWithOneWarning(run: CliRun, code: string): Promise<void> {
  expect(await serveSome(run)).toEqual(SERVED);
  await settle();
  expect(await serveSome(run)).toEqual(SERVED);
  expect(run.child.exitCode).toBeNull();
  const warnings = run
    .stderr()
    .split("\n")
    .filter((line) => line.includes("stdout"));
  expect(warnings).toEqual([
    expect.stringMatching(new RegExp(`^kkms-local: stdout is closed \\(${code}\\).*still served`)),
  ]);
  run.child.kill("SIGTERM");
  expect(await run.exited).toBe(0);
}

describe("kkms-local when its output goes away", () => {
  it("serves on after stdout's reader closes, and says so once on stderr", async () => {
    const run = await start();
    run.child.stdout?.destroy();
    await expectServedOnWithOneWarning(run, "EPIPE");
  });

  // `kkms-local > log` on a full disk: each write fails with ENOSPC, the ready line first.
  it("serves on with stdout on a full disk (/dev/full), and says so once on stderr", async () => {
    const port = await freePort();
    const full = fs.openSync("/dev/full", "w");
    let run: CliRun;
    try {
      run = await start({ stdout: { fd: full, url: `http://127.0.0.1:${port}` } }, ["--port", String(port)]);
    } finally {
      fs.closeSync(full); // the child holds its own copy
    }
    await expectServedOnWithOneWarning(run, "ENOSPC");
  });

  it("serves on without stderr, and says so once as a JSON line on stdout", async () => {
    const run = await start({ closeStderr: true });
    expect(await serveSome(run)).toEqual(SERVED);
    await settle();
    expect(run.child.exitCode).toBeNull();
    const lines = run.stdout.slice(1).filter((line) => line !== "");
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const warnings = entries.filter((entry) => entry.warning !== undefined);
    expect(warnings).toEqual([
      {
        time: expect.any(String),
        warning: expect.stringMatching(/^stderr is closed \(EPIPE\).*still served/),
      },
    ]);
    expect(entries.filter((entry) => entry.requestId !== undefined)).toHaveLength(6);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("serves on with both closed, and still stops cleanly on SIGTERM", async () => {
    const run = await start({ closeStderr: true });
    run.child.stdout?.destroy();
    expect(await serveSome(run)).toEqual(SERVED);
    await settle();
    expect(await serveSome(run)).toEqual(SERVED);
    expect(run.child.exitCode).toBeNull();
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });
});
