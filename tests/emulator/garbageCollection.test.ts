import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI_PATH, ensureBuiltCli } from "./support/cliProcess";

/**
 * kkms-local's SQLite objects may be freed by the garbage collector at any time: a closed emulator's store and
 * its statements. With better-sqlite3 12 built for Node 24.19 or later, freeing one aborted the whole process
 * (SIGABRT in node::RemoveEnvironmentCleanupHook, from Statement::~Statement), the way the Node 24 suite's jest
 * workers died; this script did so in 3 runs of 3. It runs in a process of its own, so that any abort is its own:
 * 30 emulators on disk and in memory, each used and closed, with allocations between that make V8 collect.
 */
const SCRIPT = `
const { startEmulator } = require(process.argv[1]);
const { KkmsClient } = require(process.argv[2]);
const churn = (ticks) =>
  new Promise((resolve) => {
    let left = ticks;
    const timer = setInterval(() => {
      let junk = [];
      for (let i = 0; i < 200000; i++) junk.push({ i, text: "x" + i });
      junk = undefined;
      if (--left === 0) resolve(clearInterval(timer));
    }, 5);
  });
(async () => {
  for (let round = 0; round < 30; round++) {
    const kkms = await startEmulator(round % 2 === 0 ? { dataDir: process.argv[3] + "/" + round } : {});
    const client = new KkmsClient({ endpoint: kkms.url, credentials: kkms.accounts[0] });
    const { key } = await client.createKey({ keyName: "gc-" + round });
    await client.describeKeys({ keyIds: [key.keyId] });
    client.destroy();
    await kkms.close();
    await churn(2);
  }
  await churn(30);
  console.log("survived");
})().catch((err) => { console.error(err); process.exit(1); });
`;

test("closed emulators and their statements are garbage collected without a crash", () => {
  ensureBuiltCli();
  const dist = path.dirname(CLI_PATH);
  const dataDirs = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-gc-"));
  try {
    const run = spawnSync(
      process.execPath,
      ["-e", SCRIPT, path.join(dist, "index.js"), path.join(dist, "../sdk/index.js"), dataDirs],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect({ status: run.status, signal: run.signal, stderr: run.stderr.slice(0, 600) }).toEqual({
      status: 0,
      signal: null,
      stderr: "",
    });
    expect(run.stdout.trim()).toBe("survived");
  } finally {
    fs.rmSync(dataDirs, { recursive: true, force: true });
  }
}, 150_000);
