import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Ciphertext, DataKey, decryptOutput, generateDataKeyOutput, Key } from "../../provider";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { KkmsClient } from "../../sdk";
import { ensureBuiltCli, startCli, type CliRun } from "../emulator/support/cliProcess";
import { findResource, OperationFailedError, openStack, type Stack } from "../../offline-engine";
import { killAllProviderHosts } from "../../offline-engine/providers/providerHost";
import { stripSecrets, type PropertyValue } from "../../offline-engine/providers/secrets";
import { ProgramRuns } from "../helpers/programRuns";
import {
  PROJECT,
  REPO_ROOT,
  SECRET_CONFIG_KEYS,
  withoutKsyunEnvironment,
} from "../provider/support/kkmsFixture";
import { recordFigures, tally } from "./support/figures";
import {
  filesUnder,
  findLeaks,
  maskSecrets,
  SecretRegistry,
  stateFilesUnder,
  textArtifact,
  type Artifact,
} from "./support/secretScan";

/**
 * Item 6: credentials, secret keys, plaintexts and data keys never leak. After provisioning every resource kind
 * through the offline engine and the real provider host (also under injected faults), running the functions in a
 * program and using the SDK with its debug log on, every artifact is searched for every secret in every form it
 * could take: `__provider` texts, the stacks' state files (outside secret-wrapped values), kkms-local's request log
 * (CLI stdout and the `log` option), the SDK's debug log (`logger` and KKMS_DEBUG=1 on stderr), everything the
 * engine printed (the provider hosts' stdout and stderr among it), error messages. kkms-local's data dir holds no raw key material and is owner-only.
 */
const tag = randomBytes(6).toString("hex");
const ACCOUNT = {
  accountId: "300000000003",
  accessKeyId: `AKREL${tag.toUpperCase()}`,
  secretAccessKey: `rel-secret-${tag}-${randomBytes(9).toString("base64url")}`,
};
const SEEDED = [1, 2, 3].map((i) => ({
  keyId: `rel-seeded-${i}`,
  keyName: `seeded ${i}`,
  material: randomBytes(32).toString("base64"),
  accountId: ACCOUNT.accountId,
}));
const registry = new SecretRegistry();
registry.text("access key id", ACCOUNT.accessKeyId);
registry.text("secret access key", ACCOUNT.secretAccessKey);
SEEDED.forEach((seed) => registry.bytes(`key material of ${seed.keyId}`, seed.material));

let tmp: string;
let stacksDir: string;
let dataDir: string;
let cli: CliRun;
let faulty: RunningEmulator;
const faultyLog: string[] = [];
/** Everything the engine printed, by run (the provider hosts' output included). */
const printed: Record<string, string[]> = {};
const artifacts: Artifact[] = [];

/**
 * The state files searched. Each entry is one directory of `*.json` states; to cover more stacks (the example
 * stacks' `.pulumi-offline` directories, say), add one line here.
 */
const STATE_DIRECTORIES = (): string[] => [stacksDir];

beforeAll(async () => {
  ensureBuiltCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-secrets-"));
  stacksDir = path.join(tmp, "stacks");
  dataDir = path.join(tmp, "data");
  const accountsFile = path.join(tmp, "accounts.json");
  fs.writeFileSync(accountsFile, JSON.stringify([ACCOUNT]), { mode: 0o600 });
  const seedFile = path.join(tmp, "seed.json");
  fs.writeFileSync(seedFile, JSON.stringify(SEEDED.slice(0, 2)), { mode: 0o600 });
  cli = await startCli([
    "--data-dir",
    dataDir,
    "--accounts",
    accountsFile,
    "--seed",
    seedFile,
    "--port",
    "0",
  ]);
  faulty = await startEmulator({
    accounts: [ACCOUNT],
    seedKeys: SEEDED.slice(2),
    log: (line) => faultyLog.push(line),
    // Seeded, so the same requests fail on every run (the requests below are made one at a time).
    faults: {
      seed: 8,
      faults: [
        { probability: 0.2, error: "ServiceUnavailable" },
        { probability: 0.1, error: "ServiceTimeout", phase: "after" },
      ],
    },
  });
});

afterAll(async () => {
  await killAllProviderHosts();
  await faulty?.close();
  if (cli && cli.child.exitCode === null) {
    cli.child.kill("SIGKILL");
    await cli.exited;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Stacks on `endpoint` as the engine runs them, with the account's keys, the SDK's debug log on, one step at a time. */
function stacksOn(endpoint: string, label: string): ProgramRuns {
  const lines: string[] = (printed[label] = []);
  return new ProgramRuns({
    project: PROJECT,
    config: {
      "kkms:endpoint": endpoint,
      "kkms:accessKeyId": ACCOUNT.accessKeyId,
      "kkms:secretAccessKey": ACCOUNT.secretAccessKey,
    },
    // The engine keeps the stack config in the state as the default provider's inputs (see the key-basic test
    // below): the access key id stays out of plain sight there only as a secret config value.
    secretKeys: [...SECRET_CONFIG_KEYS, "kkms:accessKeyId"],
    env: { ...withoutKsyunEnvironment(), KKMS_DEBUG: "1" },
    parallel: 1,
    dir: stacksDir,
    log: (line) => lines.push(line),
  });
}

/** The plain value of an output of the resource named `name` in the stack's state. */
function plain(stack: Stack, name: string, output: string): string {
  return String(stripSecrets(findResource(stack.state(), name)?.outputs ?? {})[output]);
}

/** The state as it is now, kept beside the stack's own file (which the destroy empties) for the search. */
function keepState(stack: Stack, copy: string): void {
  fs.copyFileSync(stack.stateFile, path.join(stacksDir, `${copy}.json`));
}

/** What a failed `up` tells the user. */
async function failedUp(programs: ProgramRuns, program: () => void): Promise<string> {
  const error = await programs.run(program).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationFailedError);
  return error instanceof OperationFailedError ? `${error.message}\n${error.summary}` : "";
}

test("a stack of every resource kind: create, update, refresh, destroy through the offline engine", async () => {
  const programs = stacksOn(cli.url, "every kind");
  const secretText = `the ciphertext plaintext ${tag}`;
  registry.text("Ciphertext plaintext", secretText);
  const first = await programs.run(() => void new Key("app", { keyName: "app-key", description: "first" }), {
    stack: "every-kind",
  });
  const second = await programs.run(
    () => {
      const key = new Key("app", { keyName: "app-key", description: "second" });
      new DataKey("dk", { keyId: SEEDED[0].keyId });
      new DataKey("dk16", { keyId: SEEDED[1].keyId, keySpec: "AES128" });
      new Ciphertext("ct", { keyId: key.keyId, plaintext: secretText });
    },
    { stack: "every-kind" },
  );
  expect(second.steps).toEqual({ app: "update", dk: "create", dk16: "create", ct: "create" });
  for (const resource of second.resources)
    artifacts.push(textArtifact(`__provider of ${resource.type}`, String(resource.wireInputs.__provider)));
  const stack = first.stack;
  registry.bytes("DataKey plaintext", plain(stack, "dk", "plaintext"));
  registry.bytes("DataKey (AES128) plaintext", plain(stack, "dk16", "plaintext"));
  expect((await stack.refresh()).drift).toEqual([]);
  keepState(stack, "every-kind-after-up");

  // The search finds secrets where they are: inside the wrappers, before masking.
  const raw = fs.readFileSync(stack.stateFile, "utf8");
  expect(raw).toContain(secretText);
  expect(raw).toContain(plain(stack, "dk", "plaintext"));
  expect(JSON.stringify(maskSecrets(JSON.parse(raw) as PropertyValue))).not.toContain(secretText);

  await stack.destroy();
  expect(stack.state().resources).toEqual([]);
});

test("the same under injected faults and errors: retries, lost answers, failed creates", async () => {
  const programs = stacksOn(faulty.url, "under faults");
  const secretText = `plaintext under faults ${tag}`;
  registry.text("Ciphertext plaintext under faults", secretText);
  let keyId = "";
  const { stack } = await programs.run(
    () => {
      new Key("faulty", { keyState: "Disabled" }).keyId.apply((id) => (keyId = id));
      new DataKey("faulty-dk", { keyId: SEEDED[2].keyId });
      new Ciphertext("faulty-ct", { keyId: SEEDED[2].keyId, plaintext: secretText });
    },
    { stack: "under-faults" },
  );
  registry.bytes("DataKey plaintext under faults", plain(stack, "faulty-dk", "plaintext"));
  keepState(stack, "under-faults-after-up");

  faulty.setFaults([]);
  const errors = [
    // A Disabled key cannot encrypt: the plaintext must not ride along in the error.
    await failedUp(programs, () => void new Ciphertext("refused", { keyId, plaintext: secretText })),
    await failedUp(programs, () => void new DataKey("missing", { keyId: "no-such-key" })),
  ];
  artifacts.push(textArtifact("errors the engine reports", errors.join("\n")));
  await stack.destroy();
  // The faults fired: the logs searched below cover retries and lost answers.
  expect(faultyLog.some((line) => line.includes('"status":500'))).toBe(true);
});

test("the key-basic example stack: up, refresh, destroy through the offline engine", async () => {
  const project = "kkms-key-basic";
  const password = `db-password-${tag}`;
  registry.text("key-basic dbPassword", password);
  const config = {
    "kkms:endpoint": cli.url,
    "kkms:accessKeyId": ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": ACCOUNT.secretAccessKey,
    [`${project}:dbPassword`]: password,
  };
  const stateFile = path.join(stacksDir, "key-basic", "state.json");
  // Everything the engine prints: the plan, and the plugins' and the program's output (the SDK's debug log on).
  const keyBasicPrinted: string[] = [];
  const stack = openStack({
    cwd: path.join(REPO_ROOT, "examples", "key-basic"),
    stack: "reliability",
    stateFile,
    config,
    // The engine keeps the whole stack config in the state, as the inputs of the default provider (target.go
    // GetPackageConfig): the access key id is kept out of plain sight there only as a secret config value.
    secretKeys: [...SECRET_CONFIG_KEYS, "kkms:accessKeyId", `${project}:dbPassword`],
    env: { ...withoutKsyunEnvironment(), KKMS_DEBUG: "1" },
    log: (line) => keyBasicPrinted.push(line),
  });
  const result = await stack.up();
  registry.bytes("key-basic DataKey plaintext", String(result.outputs.dataKeyPlaintext.value));
  expect(result.outputs.dataKeyPlaintext.secret).toBe(true);
  fs.copyFileSync(stateFile, path.join(stacksDir, "key-basic", "state-after-up.json"));
  // The password is in the state, wrapped as a secret: the scan below must find it nowhere else.
  expect(fs.readFileSync(stateFile, "utf8")).toContain(password);
  await stack.refresh();
  await stack.destroy();
  // The SDK's debug log reached the printed output (so the scan covers it).
  expect(keyBasicPrinted.some((line) => line.includes('"action":"CreateKey"'))).toBe(true);
  artifacts.push(textArtifact("offline engine's printed output (key-basic)", keyBasicPrinted.join("\n")));
});

test("functions in a program, with the SDK's debug log on", async () => {
  const config = {
    "kkms:endpoint": cli.url,
    "kkms:accessKeyId": ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": ACCOUNT.secretAccessKey,
  };
  const client = new KkmsClient({ endpoint: cli.url, credentials: ACCOUNT });
  const plaintext = `decrypted by a function ${tag}`;
  const blob = (await client.encrypt({ keyId: SEEDED[0].keyId, plaintext })).ciphertextBlob;
  client.destroy();
  registry.text("decrypt function plaintext", `decrypted by a function ${tag}`);
  let stderr = "";
  const write = process.stderr.write;
  process.env.KKMS_DEBUG = "1";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    const programs = new ProgramRuns({
      project: PROJECT,
      config,
      secretKeys: SECRET_CONFIG_KEYS,
      dir: stacksDir,
    });
    const { outputs } = await programs.run(
      () => ({
        dataKey: generateDataKeyOutput({ keyId: SEEDED[1].keyId }),
        decrypted: decryptOutput({ keyId: SEEDED[0].keyId, ciphertextBlob: blob }),
      }),
      { stack: "functions" },
    );
    registry.bytes("generateDataKey plaintext", outputs.dataKey.plaintext);
    expect(outputs.decrypted.plaintext).toBe(`decrypted by a function ${tag}`);
  } finally {
    process.stderr.write = write;
    delete process.env.KKMS_DEBUG;
  }
  expect(stderr).toContain('"action":"GenerateDataKey"');
  artifacts.push(textArtifact("KKMS_DEBUG=1 stderr of the program", stderr));
});

test("the SDK on its own: the logger option, and KKMS_DEBUG=1 in another process", async () => {
  const events: string[] = [];
  const client = new KkmsClient({
    endpoint: faulty.url,
    credentials: ACCOUNT,
    // Enough attempts that 15 calls through a 30% fault rate all succeed (0.3^10 per call).
    maxAttempts: 10,
    retry: { baseDelayMs: 1 },
    logger: { debug: (message, event) => events.push(JSON.stringify({ message, ...event })) },
  });
  faulty.setFaults({ seed: 11, faults: [{ probability: 0.3, error: "ServiceUnavailable" }] });
  const messages: string[] = [];
  const plaintextText = `sdk logger plaintext ${tag}`;
  registry.text("SDK plaintext", plaintextText);
  for (let i = 0; i < 5; i++) {
    const { ciphertextBlob } = await client.encrypt({ keyId: SEEDED[2].keyId, plaintext: plaintextText });
    await client.decrypt({ keyId: SEEDED[2].keyId, ciphertextBlob });
    const dataKey = await client.generateDataKey({ keyId: SEEDED[2].keyId, keySpec: "AES256" });
    registry.bytes(`SDK data key ${i}`, dataKey.plaintext.toString("base64"));
  }
  faulty.setFaults([]);
  const wrongSecret = new KkmsClient({
    endpoint: faulty.url,
    credentials: { ...ACCOUNT, secretAccessKey: "wrong" },
  });
  for (const failing of [
    () => client.encrypt({ keyId: "no-such-key", plaintext: plaintextText }),
    () => wrongSecret.decrypt({ keyId: SEEDED[2].keyId, ciphertextBlob: "AAAA" }),
  ]) {
    messages.push(
      await failing().then(
        () => "no error",
        (e: Error) => `${e.message} ${JSON.stringify(e)}`,
      ),
    );
  }
  wrongSecret.destroy();
  client.destroy();
  expect(events.some((e) => e.includes('"code":"ServiceUnavailable"'))).toBe(true);
  artifacts.push(
    textArtifact("SDK logger events", events.join("\n")),
    textArtifact("SDK error messages", messages.join("\n")),
  );

  const childPlaintext = `child process plaintext ${tag}`;
  registry.text("child process plaintext", childPlaintext);
  const script = `
    const { KkmsClient } = require(${JSON.stringify(path.join(REPO_ROOT, "dist/sdk"))});
    (async () => {
      const client = new KkmsClient();
      const { ciphertextBlob } = await client.encrypt({ keyId: "${SEEDED[0].keyId}", plaintext: process.env.PLAINTEXT });
      await client.decrypt({ keyId: "${SEEDED[0].keyId}", ciphertextBlob });
      const dataKey = await client.generateDataKey({ keyId: "${SEEDED[0].keyId}" });
      await client.encrypt({ keyId: "no-such-key", plaintext: process.env.PLAINTEXT }).catch((e) => console.error(e.message));
      process.stdout.write(dataKey.plaintext.toString("base64"));
      client.destroy();
    })();`;
  const child = spawnSync(process.execPath, ["-e", script], {
    encoding: "utf8",
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      KKMS_DEBUG: "1",
      KSYUN_ACCESS_KEY: ACCOUNT.accessKeyId,
      KSYUN_SECRET_KEY: ACCOUNT.secretAccessKey,
      KKMS_ENDPOINT: cli.url,
      PLAINTEXT: childPlaintext,
    },
  });
  expect(child.status).toBe(0);
  registry.bytes("child process data key", child.stdout);
  expect(child.stderr).toContain('"action":"Encrypt"');
  artifacts.push(textArtifact("KKMS_DEBUG=1 stderr of an SDK process", child.stderr));
});

describe("the search", () => {
  let hits: ReturnType<typeof findLeaks>;
  let dataFiles: string[];

  beforeAll(() => {
    artifacts.push(
      ...STATE_DIRECTORIES().flatMap(stateFilesUnder),
      textArtifact("kkms-local CLI stdout (request log)", cli.stdout.join("\n")),
      textArtifact("kkms-local CLI stderr", cli.stderr()),
      textArtifact("kkms-local log option", faultyLog.join("\n")),
      ...Object.entries(printed).map(([label, lines]) =>
        textArtifact(`offline engine's printed output (${label})`, lines.join("\n")),
      ),
    );
    dataFiles = filesUnder(dataDir);
    artifacts.push(
      ...dataFiles.map((file): Artifact => ({ name: file, kind: "bytes", content: fs.readFileSync(file) })),
    );
    hits = findLeaks(artifacts, registry.needles);
  });

  test("finds a planted secret in every form, and in state only outside the secret wrappers", () => {
    const planted = registry.needles.flatMap((needle, i) =>
      needle.forms.map((form, j): Artifact => ({
        name: `planted ${i}.${j}`,
        kind: "bytes",
        content: Buffer.concat([Buffer.from("…"), form, Buffer.from("…")]),
      })),
    );
    const found = findLeaks(planted, registry.needles);
    expect(new Set(found.map((h) => h.artifact)).size).toBe(planted.length);
    const secret = "rel-secret-" + tag;
    const wrapped = {
      outputs: {
        value: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: secret },
      },
    };
    const bare = { outputs: { value: secret } };
    const state = (json: object): Artifact => ({
      name: "state",
      kind: "state",
      content: Buffer.from(JSON.stringify(json)),
    });
    const needle = [{ label: "planted", forms: [Buffer.from(secret)] }];
    expect(findLeaks([state(wrapped)], needle)).toEqual([]);
    expect(findLeaks([state(bare)], needle)).toHaveLength(1);
  });

  test("covers every kind of artifact, with their content", () => {
    const names = artifacts.map((a) => a.name).join("\n");
    for (const expected of [
      "__provider of pulumi-nodejs:dynamic/kkms:Key",
      "__provider of pulumi-nodejs:dynamic/kkms:DataKey",
      "__provider of pulumi-nodejs:dynamic/kkms:Ciphertext",
      "state.json",
      "request log",
      "log option",
      "printed output (under faults)",
      "key-basic",
      "SDK logger",
      "KKMS_DEBUG=1 stderr",
      "kkms-local.db",
    ]) {
      expect(names).toContain(expected);
    }
    expect(cli.stdout.length).toBeGreaterThan(10);
    // The provider host's debug log under faults reached the engine's output, and so the search.
    expect(printed["under faults"].join("\n")).toContain("kkms call failed");
    expect(stateFilesUnder(stacksDir).length).toBeGreaterThanOrEqual(5);
  });

  test("finds no credential, secret key, plaintext or data key outside secret-wrapped state values", () => {
    recordFigures("secrets", {
      secretsSearched: registry.needles.length,
      forms: registry.needles.reduce((sum, n) => sum + n.forms.length, 0),
      artifacts: artifacts.length,
      artifactsByKind: tally(artifacts.map((a) => a.kind)),
      bytesSearched: artifacts.reduce((sum, a) => sum + a.content.length, 0),
      hits: hits.length,
    });
    expect(hits).toEqual([]);
  });

  test("kkms-local's data dir holds no raw key material and is owner-only, running and after a clean stop", async () => {
    const check = () => {
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      const files = filesUnder(dataDir);
      expect(files.map((f) => path.basename(f)).sort()).toEqual(
        expect.arrayContaining(["kkms-local.db", "root.key"]),
      );
      for (const file of files)
        expect([path.basename(file), fs.statSync(file).mode & 0o777]).toEqual([path.basename(file), 0o600]);
      const materials = registry.needles.filter(
        (n) =>
          n.label.startsWith("key material") || n.label.includes("data key") || n.label.includes("plaintext"),
      );
      expect(
        findLeaks(
          files.map((file) => ({ name: file, kind: "bytes", content: fs.readFileSync(file) })),
          materials,
        ),
      ).toEqual([]);
    };
    expect(dataFiles.some((f) => f.endsWith("-wal"))).toBe(true);
    check();
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    check();
  });
});
