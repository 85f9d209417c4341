import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import BetterSqlite3 from "better-sqlite3";
import { ACTION_NAMES } from "../../emulator/actions/actionNames";
import { newKeyId } from "../../emulator/actions/keyIds";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { startEmulator } from "../../emulator/emulator";
import { DataDirError } from "../../emulator/errors";
import { openStorage } from "../../emulator/storage/openStorage";
import { KkmsClient, isKkmsError } from "../../sdk";
import { createKeyParams } from "../emulator/support/emulatorFixture";
import { callAction } from "../emulator/support/kkmsRequest";
import { CLI_PATH, ensureBuiltCli, startCliUnderDescriptorLimit } from "../emulator/support/cliProcess";
import { recordFigures, reliabilitySeed, seededRandom, seconds, tally } from "./support/figures";

/**
 * Item 8: what operators and machines do to kkms-local — a damaged database, a full disk, floods of idle and
 * slow connections, web pages, closed pipes. It refuses to serve damage, loses nothing and writes nothing half
 * on a full disk, keeps serving legitimate clients through the floods, and serves on without its pipes.
 */
/** Version byte, 12-byte IV, 32 bytes of material, 16-byte tag. */
const WRAPPED_MATERIAL_BYTES = 61;
const seed = reliabilitySeed();
const random = seededRandom(seed);
let tmp: string;
const figures: Record<string, Record<string, number | string>> = {};

beforeAll(() => {
  ensureBuiltCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-hazards-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  recordFigures("operationalHazards", { seed, ...figures });
});

function client(url: string, maxAttempts = 1): KkmsClient {
  return new KkmsClient({
    endpoint: url,
    region: "cn-beijing-6",
    credentials: DEVELOPMENT_ACCOUNT,
    maxAttempts,
  });
}

/**
 * A data dir holding `count` keys, closed cleanly. The material is random bytes of a wrapped key's size
 * (61): the integrity check reads pages, not keys, and wrapping 100,000 keys would cost seconds.
 */
function dataDirWithKeys(dir: string, count: number): void {
  const { store } = openStorage({ dataDir: dir });
  const owner = { accountId: DEVELOPMENT_ACCOUNT.accountId, region: "cn-beijing-6" };
  const material = randomBytes(WRAPPED_MATERIAL_BYTES * count);
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      store.insert({
        keyId: newKeyId(),
        ...owner,
        keyName: `key-${i}`,
        description: "made for the integrity check",
        keyState: "Enabled",
        keyUsage: "EncryptDecrypt",
        origin: "kms",
        chargeType: "PostPaidByDay",
        createTime: Date.now(),
        deletionTime: null,
        wrappedMaterial: material.subarray(i * WRAPPED_MATERIAL_BYTES, (i + 1) * WRAPPED_MATERIAL_BYTES),
      });
    }
  });
  store.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}

describe("a damaged database", () => {
  it.each([[10_000], [100_000]])(
    "is checked at every start: quick_check on %i keys (timed, never asserted)",
    (count) => {
      const dir = path.join(tmp, `keys-${count}`);
      dataDirWithKeys(dir, count);
      const file = path.join(dir, "kkms-local.db");
      const checks: number[] = [];
      const starts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const db = new BetterSqlite3(file, { readonly: true });
        const started = performance.now();
        expect(db.pragma("quick_check", { simple: true })).toBe("ok");
        checks.push(performance.now() - started);
        db.close();
        const opening = performance.now();
        openStorage({ dataDir: dir }).store.close();
        starts.push(performance.now() - opening);
      }
      figures[`integrityCheck${count / 1000}k`] = {
        keys: count,
        databaseMB: Math.round(fs.statSync(file).size / 1e5) / 10,
        quickCheckMs: median(checks),
        startMs: median(starts),
      };
    },
  );

  it("is never served: every image with a page overwritten by random bytes is refused at start", () => {
    const source = path.join(tmp, "keys-10000", "kkms-local.db");
    const pages = fs.statSync(source).size / 4096;
    const rounds = 40;
    const refused: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const dir = path.join(tmp, `damaged-${round}`);
      fs.mkdirSync(dir);
      fs.copyFileSync(source, path.join(dir, "kkms-local.db"));
      fs.copyFileSync(path.join(tmp, "keys-10000", "root.key"), path.join(dir, "root.key"));
      // Page 1 holds the header (a damaged one is SQLITE_NOTADB, tested elsewhere): the others hold keys.
      const page = 2 + Math.floor(random() * (pages - 1));
      const fd = fs.openSync(path.join(dir, "kkms-local.db"), "r+");
      fs.writeSync(fd, randomBytes(4096), 0, 4096, (page - 1) * 4096);
      fs.closeSync(fd);
      try {
        openStorage({ dataDir: dir }).store.close();
        refused.push("served");
      } catch (err) {
        refused.push(err instanceof DataDirError && /is damaged/.test(err.message) ? "refused" : String(err));
      }
    }
    figures.damagedImages = { pages, images: rounds, ...tally(refused) };
    expect(tally(refused)).toEqual({ refused: rounds });
  });
});

describe("a full disk", () => {
  it("loses no acknowledged write, writes nothing half, and answers every refusal 507 StorageFull", async () => {
    const dir = path.join(tmp, "full");
    const emulator = await startEmulator({ dataDir: dir, log: undefined });
    const pages = emulator.store.db.pragma("page_count", { simple: true }) as number;
    // Room for some keys, then full: SQLite's own SQLITE_FULL, the error a full disk gives.
    emulator.store.db.pragma(`max_page_count = ${pages + 6}`);
    const sdk = client(emulator.url);
    const acknowledged = new Map<string, string>();
    const answers: string[] = [];
    const writer = async (id: number) => {
      for (let i = 0; i < 60; i++) {
        try {
          const name = `w${id}-${i}`;
          const { key } = await sdk.createKey({
            keyName: name,
            description: "x".repeat(200 + Math.floor(random() * 800)),
          });
          acknowledged.set(key.keyId, name);
          await sdk.modifyKey({ keyId: key.keyId, description: "y".repeat(Math.floor(random() * 1024)) });
          answers.push("OK");
        } catch (err) {
          answers.push(isKkmsError(err) ? `${err.statusCode} ${err.code}` : String(err));
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    await emulator.close();
    const after = openStorage({ dataDir: dir });
    const stored = after.store.list(DEVELOPMENT_ACCOUNT.accountId, "cn-beijing-6", Date.now());
    after.store.close();
    const db = new BetterSqlite3(path.join(dir, "kkms-local.db"), { readonly: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    db.close();
    figures.fullDisk = {
      ...tally(answers),
      acknowledgedKeys: acknowledged.size,
      keysAfterRestart: stored.length,
      integrityCheck: String(integrity),
    };
    expect(Object.keys(tally(answers)).sort()).toEqual(["507 StorageFull", "OK"]);
    // Every key acknowledged is there, and no key that was refused.
    expect(new Map(stored.map((key) => [key.keyId, key.keyName]))).toEqual(acknowledged);
    expect(integrity).toBe("ok");
  });
});

function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("floods of connections", () => {
  it("serve every legitimate request through 1,000 idle connections under a 128-descriptor limit", async () => {
    const cli = await startCliUnderDescriptorLimit(128);
    const url = cli.url;
    const sockets: net.Socket[] = [];
    let closedByServer = 0;
    const statuses: number[] = [];
    try {
      for (let wave = 0; wave < 10; wave++) {
        const opened = await Promise.all(Array.from({ length: 100 }, () => connect(url)));
        for (const socket of opened) {
          socket.on("error", () => undefined);
          socket.on("close", () => (closedByServer += 1));
        }
        sockets.push(...opened);
        for (let i = 0; i < 5; i++) {
          statuses.push((await callAction(url, "CreateKey", createKeyParams(`legit-${wave}-${i}`))).status);
        }
      }
      figures.idleFlood = {
        descriptorLimit: 128,
        idleConnections: sockets.length,
        closedByServer,
        ...tally(statuses.map(String)),
      };
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(statuses).toHaveLength(50);
    } finally {
      for (const socket of sockets) socket.destroy();
      await cli.stop();
    }
  });

  it("close slow clients (stalled headers, stalled bodies) with 408 while legitimate requests pass", async () => {
    const emulator = await startEmulator({ headerTimeoutMs: 300, bodyTimeoutMs: 300 });
    const host = new URL(emulator.url).host;
    const slow = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const socket = await connect(emulator.url);
        let received = "";
        socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
        socket.write(
          i % 2 === 0
            ? `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `
            : `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nAction=`,
        );
        return new Promise<string>((resolve) => socket.on("close", () => resolve(received.split("\r\n")[0])));
      }),
    );
    const legit: number[] = [];
    for (let i = 0; i < 20; i++) legit.push((await callAction(emulator.url, "DescribeKeys")).status);
    const closings = await Promise.all(slow);
    await emulator.close();
    figures.slowClients = {
      slow: closings.length,
      ...tally(closings),
      legitimate: legit.length,
      legitimateServed: legit.filter((s) => s === 200).length,
    };
    expect(tally(closings)).toEqual({ "HTTP/1.1 408 Request Timeout": 60 });
    expect(legit.every((status) => status === 200)).toBe(true);
  });
});

describe("web pages", () => {
  const BROWSER_FORMS: Record<string, Record<string, string>> = {
    "cross-site form POST": { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    "sandboxed page": { origin: "null" },
    "img GET": { "sec-fetch-site": "cross-site", referer: "https://evil.example/" },
    "same-site page": { origin: "http://localhost:3000", "sec-fetch-site": "same-site" },
    "DNS rebinding": { "sec-fetch-site": "same-origin", host: "rebound.example:8080" },
    "old browser GET": { referer: "http://evil.example/page" },
  };

  it("cannot use any action in any browser form, nor the admin path under any foreign Host", async () => {
    const emulator = await startEmulator();
    const keyId = (await client(emulator.url).createKey({ keyName: "target" })).key.keyId;
    const params: Record<string, Record<string, string>> = {
      CreateKey: createKeyParams("from-a-page"),
      DeleteKey: { KeyId: keyId },
      ModifyKey: { KeyId: keyId, KeyName: "renamed" },
      ModifyKeyState: { KeyId: keyId, KeyState: "Disabled" },
      DescribeKeys: {},
      Encrypt: { KeyId: keyId, Plaintext: "aGVsbG8=" },
      Decrypt: { KeyId: keyId, CiphertextBlob: "AAAA" },
      GenerateDataKey: { KeyId: keyId, KeySpec: "AES256" },
    };
    const answers: string[] = [];
    for (const action of ACTION_NAMES) {
      for (const headers of Object.values(BROWSER_FORMS)) {
        for (const method of ["GET", "POST"]) {
          const answer = await callAction(emulator.url, action, params[action], { method, headers });
          answers.push(`${answer.status} ${answer.error?.Code ?? "OK"}`);
        }
      }
    }
    const adminAnswers: string[] = [];
    for (const host of [
      "evil.example",
      "rebound.example:8080",
      "0.0.0.0",
      "127.0.0.1.evil.example",
      "localhost.",
    ]) {
      for (const [method, target, body] of [
        ["PUT", "/_admin/faults", '[{"error":"ServiceUnavailable"}]'],
        ["PUT", "/_admin/throttle", '{"rps":1}'],
        ["POST", "/_admin/reset-metrics", ""],
      ]) {
        const status = await new Promise<number>((resolve, reject) => {
          const request = net.connect(Number(new URL(emulator.url).port), "127.0.0.1", () =>
            request.write(
              `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
            ),
          );
          let text = "";
          request.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
          request.on("close", () => resolve(Number(text.split(" ")[1])));
          request.on("error", reject);
        });
        adminAnswers.push(`${status}`);
      }
    }
    const [key] = emulator.store.list(DEVELOPMENT_ACCOUNT.accountId, "cn-beijing-6", Date.now());
    const unchanged =
      emulator.store.list(DEVELOPMENT_ACCOUNT.accountId, "cn-beijing-6", Date.now()).length === 1 &&
      key.keyName === "target" &&
      key.keyState === "Enabled" &&
      emulator.getFaults().faults.length === 0;
    await emulator.close();
    figures.webPages = {
      apiRequests: answers.length,
      ...tally(answers),
      adminRequests: adminAnswers.length,
      adminRefused: adminAnswers.filter((s) => s === "403").length,
    };
    expect(tally(answers)).toEqual({
      "403 OriginNotAllowed": ACTION_NAMES.length * Object.keys(BROWSER_FORMS).length * 2,
    });
    expect(adminAnswers.every((status) => status === "403")).toBe(true);
    expect(unchanged).toBe(true);
  });
});

describe("closed pipes", () => {
  it("serve 200 requests after the CLI's stdout and stderr readers closed", async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI_PATH, "--in-memory"], {
      env: { PATH: process.env.PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stderr.destroy();
    const url = await new Promise<string>((resolve) => {
      child.stdout.once("data", (chunk: Buffer) =>
        resolve(/http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString())![0]),
      );
    });
    child.stdout.destroy();
    const sdk = client(url);
    const statuses: string[] = [];
    for (let i = 0; i < 100; i++) {
      const { key } = await sdk.createKey({ keyName: `after-${i}` });
      const { ciphertextBlob } = await sdk.encrypt({ keyId: key.keyId, plaintext: Buffer.from("kept") });
      statuses.push(ciphertextBlob.length > 0 ? "served" : "empty");
    }
    const running = child.exitCode === null;
    child.kill("SIGTERM");
    const code = await exited;
    figures.closedPipes = {
      requests: statuses.length * 2,
      ...tally(statuses),
      exitCodeOnSigterm: String(code),
      seconds: seconds(started),
    };
    expect(running).toBe(true);
    expect(tally(statuses)).toEqual({ served: 100 });
    expect(code).toBe(0);
  });
});
