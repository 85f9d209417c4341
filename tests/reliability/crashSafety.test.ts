import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import BetterSqlite3 from "better-sqlite3";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { SCHEMA_VERSION } from "../../emulator/storage/schema";
import { KkmsClient, isKkmsError, type KmsKey } from "../../sdk";
import { ensureBuiltCli, startCli, type CliRun } from "../emulator/support/cliProcess";
import { recordFigures, reliabilitySeed, seconds, seededRandom } from "./support/figures";

/**
 * Item 1: a real kkms-local process on a real data dir; four concurrent writers create, rename, enable,
 * disable, delete keys and encrypt under them; `kill -9` at a random moment; restart on the same dir. Every
 * change that was answered 200 is there, every surviving key still decrypts its earlier ciphertexts and
 * encrypts new ones, and the crash image of the database passes SQLite's integrity check. 20 rounds.
 */
const ROUNDS = 20;
const WRITERS = 4;
/** The kill comes this long after the writers start, uniformly at random. */
const KILL_WINDOW_MS = [40, 400] as const;

type KeyState = "Enabled" | "Disabled" | "PendingDeletion";

interface ModelKey {
  keyId: string;
  keyName: string;
  description: string;
  keyState: KeyState;
  /** Ciphertexts acknowledged under this key, with their plaintext. */
  blobs: { blob: string; plaintext: string; round: number }[];
  /** Acknowledged changes to this key, for the acknowledged-vs-found figures. */
  changes: number;
  /** The last round that wrote to it. */
  touched: number;
}

/** A write whose answer never came: the crash may have kept it or not, but nothing in between. */
interface InFlight {
  writer: number;
  /** False when the connection was refused: the write surely never reached the server. */
  sent: boolean;
  description: string;
  keyId?: string;
  /** For a CreateKey: the name the key would have. */
  createdName?: string;
  /** The key as it is if the write was kept. */
  after?: Pick<ModelKey, "keyName" | "description" | "keyState">;
}

const seed = reliabilitySeed();
const random = seededRandom(seed);
const model = new Map<string, ModelKey>();
const totals = {
  acknowledgedChanges: 0,
  foundChanges: 0,
  acknowledgedCiphertexts: 0,
  decryptedCiphertexts: 0,
  inFlightAtKill: 0,
  inFlightKept: 0,
  inFlightLost: 0,
  integrityChecks: 0,
  decryptedInLastRound: 0,
};
let tmp: string;
let dataDir: string;
let running: CliRun | undefined;

beforeAll(() => {
  ensureBuiltCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-crash-"));
  dataDir = path.join(tmp, "data");
});

afterAll(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill("SIGKILL");
    await running.exited;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

function clientOf(url: string): KkmsClient {
  // One attempt: a retried write would blur which answer acknowledged what.
  return new KkmsClient({
    endpoint: url,
    credentials: DEVELOPMENT_ACCOUNT,
    maxAttempts: 1,
    timeoutMs: 10_000,
  });
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** One writer: keeps writing to its own keys until the server dies under it. */
async function writer(
  client: KkmsClient,
  index: number,
  round: number,
  killed: () => boolean,
): Promise<{ acknowledged: number; ciphertexts: number; inFlight?: InFlight }> {
  let acknowledged = 0;
  let ciphertexts = 0;
  for (let n = 0; !killed(); n++) {
    const mine = [...model.values()].filter(
      (k) => k.keyName.startsWith(`w${index}-`) && k.keyState !== "PendingDeletion",
    );
    const key = mine.length < 3 || random() < 0.1 ? undefined : pick(mine);
    const op = planWrite(index, round, n, key);
    try {
      await op.send(client);
      if (op.ciphertext) ciphertexts++;
      else acknowledged++;
    } catch (err) {
      if (!isKkmsError(err) || err.statusCode !== 0) throw err;
      const refused = (err.cause as { code?: string } | undefined)?.code === "ECONNREFUSED";
      return { acknowledged, ciphertexts, inFlight: { ...op.inFlight, sent: !refused } };
    }
  }
  return { acknowledged, ciphertexts };
}

interface PlannedWrite {
  inFlight: InFlight;
  ciphertext: boolean;
  /** Sends it and, once acknowledged, records it in the model. */
  send(client: KkmsClient): Promise<void>;
}

function planWrite(writerIndex: number, round: number, n: number, key: ModelKey | undefined): PlannedWrite {
  const base = { writer: writerIndex, sent: true };
  if (key === undefined) {
    const keyName = `w${writerIndex}-r${round}-${n}`;
    const description = `created in round ${round}`;
    return {
      inFlight: { ...base, description: `CreateKey ${keyName}`, createdName: keyName },
      ciphertext: false,
      async send(client) {
        const { key: created } = await client.createKey({ keyName, description });
        const entry = { keyId: created.keyId, keyName, description, keyState: "Enabled" as const };
        model.set(created.keyId, { ...entry, blobs: [], changes: 1, touched: round });
      },
    };
  }
  const choices =
    key.keyState === "Enabled" ? ["rename", "encrypt", "encrypt", "disable"] : ["rename", "enable", "delete"];
  const choice = pick(choices);
  const now = { keyName: key.keyName, description: key.description, keyState: key.keyState };
  const acknowledge = (after: Partial<ModelKey>) => {
    Object.assign(key, after, { touched: round });
    key.changes++;
  };
  switch (choice) {
    case "rename": {
      const after = {
        ...now,
        keyName: `${key.keyName.split("~")[0]}~${round}.${n}`,
        description: `renamed in ${round}.${n}`,
      };
      return {
        inFlight: { ...base, description: `ModifyKey ${key.keyId}`, keyId: key.keyId, after },
        ciphertext: false,
        send: async (client) => {
          await client.modifyKey({
            keyId: key.keyId,
            keyName: after.keyName,
            description: after.description,
          });
          acknowledge(after);
        },
      };
    }
    case "encrypt": {
      const plaintext = `round ${round} write ${n} of writer ${writerIndex} ${random().toString(36)}`;
      return {
        inFlight: { ...base, description: `Encrypt ${key.keyId}`, keyId: key.keyId, after: now },
        ciphertext: true,
        send: async (client) => {
          const { ciphertextBlob } = await client.encrypt({ keyId: key.keyId, plaintext });
          key.blobs.push({ blob: ciphertextBlob, plaintext, round });
          key.touched = round;
        },
      };
    }
    case "delete": {
      const after = { ...now, keyState: "PendingDeletion" as const };
      return {
        inFlight: { ...base, description: `DeleteKey ${key.keyId}`, keyId: key.keyId, after },
        ciphertext: false,
        send: async (client) => {
          await client.deleteKey({ keyId: key.keyId });
          acknowledge(after);
        },
      };
    }
    default: {
      const keyState = choice === "enable" ? "Enabled" : "Disabled";
      const after = { ...now, keyState: keyState as KeyState };
      return {
        inFlight: {
          ...base,
          description: `ModifyKeyState ${key.keyId} ${keyState}`,
          keyId: key.keyId,
          after,
        },
        ciphertext: false,
        send: async (client) => {
          await client.modifyKeyState({ keyId: key.keyId, keyState });
          acknowledge(after);
        },
      };
    }
  }
}

/** Copies the crash image (db, -wal, -shm) and checks the copy, so the restart still recovers the original. */
function checkCrashImage(round: number): { keys: number } {
  const image = path.join(tmp, `image-${round}`);
  fs.mkdirSync(image);
  for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith("kkms-local.db"))) {
    fs.copyFileSync(path.join(dataDir, file), path.join(image, file));
  }
  const db = new BetterSqlite3(path.join(image, "kkms-local.db"));
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    totals.integrityChecks++;
    return { keys: (db.prepare("SELECT COUNT(*) AS n FROM keys").get() as { n: number }).n };
  } finally {
    db.close();
    fs.rmSync(image, { recursive: true, force: true });
  }
}

const comparable = (k: Pick<ModelKey, "keyName" | "description" | "keyState">) => ({
  keyName: k.keyName,
  description: k.description,
  keyState: k.keyState,
});

const same = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

/**
 * After the restart: every key is exactly as acknowledged, except that a write in flight at the kill may or
 * may not have happened (one that was refused surely did not). Resolves those in the model; returns the
 * acknowledged changes found and what became of the writes in flight.
 */
function reconcile(
  found: KmsKey[],
  inFlight: InFlight[],
  round: number,
): { found: number; kept: number; notKept: number; problems: string[] } {
  const byId = new Map(found.map((k) => [k.keyId, k]));
  const problems: string[] = [];
  let changesFound = 0;
  let kept = 0;
  let notKept = 0;
  for (const key of model.values()) {
    const actual = byId.get(key.keyId);
    if (actual === undefined) {
      problems.push(`${key.keyId} (${key.keyName}) is missing`);
      continue;
    }
    const now = comparable(actual as unknown as ModelKey);
    const pending = inFlight.find((f) => f.keyId === key.keyId);
    const after = pending?.after && comparable(pending.after);
    const changedByPending = after !== undefined && !same(after, comparable(key));
    const allowed = [comparable(key), ...(changedByPending && pending?.sent ? [after] : [])];
    if (!allowed.some((state) => same(state, now))) {
      problems.push(
        `${key.keyId}: found ${JSON.stringify(now)}, acknowledged ${JSON.stringify(comparable(key))}`,
      );
      continue;
    }
    changesFound += key.changes;
    if (changedByPending) {
      if (same(now, comparable(key))) notKept++;
      else kept++;
    }
    Object.assign(key, now);
  }
  // A key nobody acknowledged can only come from a CreateKey in flight at the kill, at most one each.
  for (const extra of found.filter((k) => !model.has(k.keyId))) {
    const pending = inFlight.find((f) => f.sent && f.createdName === extra.keyName);
    if (pending === undefined) problems.push(`${extra.keyId} (${extra.keyName}) was never created`);
    else pending.createdName = undefined;
    model.set(extra.keyId, {
      ...comparable(extra as unknown as ModelKey),
      keyId: extra.keyId,
      blobs: [],
      changes: 0,
      touched: round,
    });
    kept++;
  }
  notKept += inFlight.filter((f) => f.createdName !== undefined).length;
  return { found: changesFound, kept, notKept, problems };
}

/**
 * Every key written this round (every key, in the last round) decrypts the ciphertexts acknowledged under it
 * and encrypts a new one; a Disabled key is enabled for it and disabled again.
 */
async function checkCiphertexts(client: KkmsClient, round: number, all: boolean): Promise<number> {
  let decrypted = 0;
  for (const key of model.values()) {
    if (key.keyState === "PendingDeletion" || (!all && key.touched < round)) continue;
    const disabled = key.keyState === "Disabled";
    if (disabled) await client.modifyKeyState({ keyId: key.keyId, keyState: "Enabled" });
    for (const { blob, plaintext } of key.blobs.filter((b) => all || b.round === round)) {
      const result = await client.decrypt({ keyId: key.keyId, ciphertextBlob: blob });
      expect(result.plaintext.toString("utf8")).toBe(plaintext);
      decrypted++;
    }
    const fresh = await client.encrypt({ keyId: key.keyId, plaintext: "after the crash" });
    const again = await client.decrypt({ keyId: key.keyId, ciphertextBlob: fresh.ciphertextBlob });
    expect(again.plaintext.toString()).toBe("after the crash");
    if (disabled) await client.modifyKeyState({ keyId: key.keyId, keyState: "Disabled" });
  }
  return decrypted;
}

test(`${ROUNDS} rounds of concurrent writers, kill -9 at a random moment, restart: nothing acknowledged is lost`, async () => {
  const startedMs = Date.now();
  // Per round: acknowledged changes + acknowledged ciphertexts / writes in flight at the kill.
  const roundsLog: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const run = await startCli(["--data-dir", dataDir, "--port", "0", "--log-format", "none"]);
    running = run;
    const client = clientOf(run.url);
    let killed = false;
    const killAfterMs = KILL_WINDOW_MS[0] + random() * (KILL_WINDOW_MS[1] - KILL_WINDOW_MS[0]);
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(client, w, round, () => killed));
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    killed = true;
    run.child.kill("SIGKILL");
    expect(await run.exited).toBe("SIGKILL");
    const results = await Promise.all(writers);
    client.destroy();
    const acknowledged = results.reduce((sum, r) => sum + r.acknowledged, 0);
    const ciphertexts = results.reduce((sum, r) => sum + r.ciphertexts, 0);
    const inFlight = results.flatMap((r) => (r.inFlight ? [r.inFlight] : []));
    totals.acknowledgedCiphertexts += ciphertexts;
    totals.inFlightAtKill += inFlight.length;

    const image = checkCrashImage(round);

    const restarted = await startCli(["--data-dir", dataDir, "--port", "0", "--log-format", "none"]);
    running = restarted;
    const verifier = clientOf(restarted.url);
    const { keys } = await verifier.describeKeys();
    expect(keys).toHaveLength(image.keys);
    const acknowledgedSoFar = [...model.values()].reduce((sum, k) => sum + k.changes, 0);
    const outcome = reconcile(keys, inFlight, round);
    expect({ round, problems: outcome.problems }).toEqual({ round, problems: [] });
    totals.acknowledgedChanges = acknowledgedSoFar;
    totals.foundChanges = outcome.found;
    totals.inFlightKept += outcome.kept;
    totals.inFlightLost += outcome.notKept;
    const decrypted = await checkCiphertexts(verifier, round, round === ROUNDS);
    totals.decryptedCiphertexts += decrypted;
    if (round === ROUNDS) totals.decryptedInLastRound = decrypted;
    verifier.destroy();
    restarted.child.kill("SIGKILL");
    await restarted.exited;
    roundsLog.push(`${acknowledged}+${ciphertexts}/${inFlight.length}`);
  }
  const ciphertextsInModel = [...model.values()]
    .filter((k) => k.keyState !== "PendingDeletion")
    .reduce((sum, k) => sum + k.blobs.length, 0);
  recordFigures("crashSafety", {
    seed,
    rounds: ROUNDS,
    writers: WRITERS,
    acknowledgedChanges: totals.acknowledgedChanges,
    foundChanges: totals.foundChanges,
    acknowledgedCiphertexts: totals.acknowledgedCiphertexts,
    decryptionsAfterRestarts: totals.decryptedCiphertexts,
    ciphertextsOfSurvivingKeys: ciphertextsInModel,
    ciphertextsOfSurvivingKeysDecryptedAtEnd: totals.decryptedInLastRound,
    inFlightAtKill: totals.inFlightAtKill,
    inFlightKept: totals.inFlightKept,
    inFlightNotKept: totals.inFlightLost,
    keysAtEnd: model.size,
    perRound: roundsLog.join(" "),
    integrityChecksOk: totals.integrityChecks,
    seconds: seconds(startedMs),
  });
  expect(totals.foundChanges).toBe(totals.acknowledgedChanges);
  expect(totals.integrityChecks).toBe(ROUNDS);
  expect(totals.acknowledgedChanges).toBeGreaterThan(ROUNDS);
  expect(totals.decryptedInLastRound).toBe(ciphertextsInModel);
});
