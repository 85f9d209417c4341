import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import BetterSqlite3 from "better-sqlite3";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { createKeyParams, expectError } from "./support/emulatorFixture";
import { callAction, type KkmsRequestOptions } from "./support/kkmsRequest";
import { packageVersion } from "../../emulator/cli";
import {
  CLI_PATH,
  ensureBuiltCli,
  PACKAGE_CLI_PATH,
  runCli,
  startCli,
  type CliRun,
} from "./support/cliProcess";

let tmp: string;
const running: CliRun[] = [];

beforeAll(() => {
  ensureBuiltCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-local-cli-"));
});

afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    await run.exited;
  }
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const run = await startCli(args, env);
  running.push(run);
  return run;
}

function dir(name: string): string {
  return path.join(tmp, name);
}

async function createKey(url: string, name: string, options: KkmsRequestOptions = {}): Promise<string> {
  const response = await callAction(url, "CreateKey", createKeyParams(name), options);
  expect(response.status).toBe(200);
  return (response.body.Key as { KeyId: string }).KeyId;
}

describe("kkms-local (the CLI)", () => {
  it("prints exactly one line holding its URL when ready, the development account on stderr", async () => {
    const run = await start(["--in-memory", "--log-format", "none"]);
    expect(run.stdout).toHaveLength(1);
    expect(run.stdout[0]).toMatch(/^kkms-local listening on http:\/\/127\.0\.0\.1:\d+ \(data: in memory\)$/);
    expect(run.stderr()).toContain(DEVELOPMENT_ACCOUNT.accessKeyId);
    expect(run.stderr()).toContain(DEVELOPMENT_ACCOUNT.secretAccessKey);
    expect((await callAction(run.url, "DescribeKeys")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(run.stdout.filter((line) => line !== "")).toHaveLength(1);
  });

  it("writes one JSON log line per request on stdout", async () => {
    const run = await start(["--in-memory"]);
    await callAction(run.url, "DescribeKeys");
    await callAction(run.url, "Encrypt", { KeyId: "nope", Plaintext: "aaaa" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const entries = run.stdout
      .slice(1)
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((entry) => [entry.action, entry.status, entry.code])).toEqual([
      ["DescribeKeys", 200, "OK"],
      ["Encrypt", 404, "KeyNotFound"],
    ]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("exits 0 on %s", async (signal) => {
    const run = await start(["--in-memory"]);
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
  });

  it("keeps every acknowledged change across kill -9, with private files and no raw key material", async () => {
    const dataDir = dir("durable");
    const material = Buffer.from("0123456789abcdef0123456789ABCDEF");
    const seedFile = path.join(tmp, "durable-seed.json");
    fs.writeFileSync(
      seedFile,
      JSON.stringify([{ keyId: "known-material", keyName: "seeded", material: material.toString("base64") }]),
    );
    const first = await start(["--data-dir", dataDir, "--seed", seedFile, "--log-format", "none"]);
    const kept = await createKey(first.url, "kept");
    const disabled = await createKey(first.url, "disabled");
    await callAction(first.url, "ModifyKeyState", { KeyId: disabled, KeyState: "Disabled" });
    await callAction(first.url, "ModifyKey", {
      KeyId: kept,
      KeyName: "renamed",
      Description: "after create",
    });
    const blob = (await callAction(first.url, "Encrypt", { KeyId: kept, Plaintext: "aGVsbG8=" })).body
      .CiphertextBlob as string;
    const seededBlob = (
      await callAction(first.url, "Encrypt", { KeyId: "known-material", Plaintext: "aGVsbG8=" })
    ).body.CiphertextBlob as string;
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dataDir, "root.key")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, "kkms-local.db")).mode & 0o777).toBe(0o600);
    for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith("kkms-local.db"))) {
      const bytes = fs.readFileSync(path.join(dataDir, file));
      expect(bytes.includes(material)).toBe(false);
      expect(bytes.includes(Buffer.from(material.toString("base64")))).toBe(false);
      expect(bytes.includes(Buffer.from(material.toString("hex")))).toBe(false);
    }

    const second = await start(["--data-dir", dataDir, "--seed", seedFile, "--log-format", "none"]);
    const keys = (await callAction(second.url, "DescribeKeys")).body.KeySet as Record<string, string>[];
    expect(keys.map((key) => [key.KeyId, key.KeyName, key.KeyState, key.Description])).toEqual([
      ["known-material", "seeded", "Enabled", ""],
      [kept, "renamed", "Enabled", "after create"],
      [disabled, "disabled", "Disabled", ""],
    ]);
    expect(
      (await callAction(second.url, "Decrypt", { KeyId: kept, CiphertextBlob: blob })).body.Plaintext,
    ).toBe("aGVsbG8=");
    const seeded = await callAction(second.url, "Decrypt", {
      KeyId: "known-material",
      CiphertextBlob: seededBlob,
    });
    expect(seeded.body.Plaintext).toBe("aGVsbG8=");
  });

  it("serializes two processes sharing a data dir: a key is deleted once", async () => {
    const dataDir = dir("shared");
    const one = await start(["--data-dir", dataDir, "--log-format", "none"]);
    const two = await start(["--data-dir", dataDir, "--log-format", "none"]);
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const keyId = await createKey(one.url, `shared-${i}`);
      await callAction(two.url, "ModifyKeyState", { KeyId: keyId, KeyState: "Disabled" });
      keys.push(keyId);
    }
    const answers = await Promise.all(
      keys.flatMap((keyId) =>
        [one, two, one, two].map((run) => callAction(run.url, "DeleteKey", { KeyId: keyId })),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(keys.length);
    expect(answers.filter((answer) => answer.error?.Code === "InvalidKeyState")).toHaveLength(
      keys.length * 3,
    );
  });

  it("leaves existing keys alone when seeding again", async () => {
    const dataDir = dir("seeded");
    const seedFile = path.join(tmp, "seed.json");
    fs.writeFileSync(
      seedFile,
      JSON.stringify([
        { keyId: "seed-enabled", keyName: "one" },
        { keyId: "seed-disabled", keyName: "two", description: "d", keyState: "Disabled" },
        {
          keyId: "seed-shanghai",
          keyName: "three",
          region: "cn-shanghai-2",
          accountId: DEVELOPMENT_ACCOUNT.accountId,
        },
      ]),
    );
    const first = await start(["--data-dir", dataDir, "--seed", seedFile]);
    const listed = (await callAction(first.url, "DescribeKeys")).body.KeySet as Record<string, string>[];
    expect(listed.map((key) => [key.KeyId, key.KeyName, key.KeyState, key.Description])).toEqual([
      ["seed-enabled", "one", "Enabled", ""],
      ["seed-disabled", "two", "Disabled", "d"],
    ]);
    const shanghai = await callAction(first.url, "DescribeKeys", {}, { region: "cn-shanghai-2" });
    expect(shanghai.body.KeySet).toEqual([expect.objectContaining({ KeyId: "seed-shanghai" })]);
    await callAction(first.url, "ModifyKey", { KeyId: "seed-enabled", KeyName: "changed" });
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const second = await start(["--data-dir", dataDir], { KKMS_LOCAL_SEED: seedFile });
    const again = (await callAction(second.url, "DescribeKeys")).body.KeySet as Record<string, string>[];
    expect(again.map((key) => key.KeyName)).toEqual(["changed", "two"]);
  });

  it("takes the root key from KKMS_LOCAL_ROOT_KEY, and refuses to start with a wrong one", async () => {
    const dataDir = dir("env-root");
    const rootKey = Buffer.alloc(32, 9).toString("hex");
    const first = await start(["--data-dir", dataDir], { KKMS_LOCAL_ROOT_KEY: rootKey });
    const keyId = await createKey(first.url, "env");
    first.child.kill("SIGTERM");
    await first.exited;
    expect(fs.existsSync(path.join(dataDir, "root.key"))).toBe(false);
    const wrong = runCli(["--data-dir", dataDir], {
      KKMS_LOCAL_ROOT_KEY: Buffer.alloc(32, 8).toString("base64"),
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/root key does not match/);
    const noKey = runCli(["--data-dir", dataDir]);
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toMatch(/root\.key is missing/);
    const right = await start(["--data-dir", dataDir], {
      KKMS_LOCAL_ROOT_KEY: Buffer.alloc(32, 9).toString("base64"),
    });
    expect((await callAction(right.url, "Encrypt", { KeyId: keyId, Plaintext: "aaaa" })).status).toBe(200);
    expect(runCli(["--in-memory"], { KKMS_LOCAL_ROOT_KEY: "short" }).stderr).toMatch(
      /KKMS_LOCAL_ROOT_KEY must hold a 32-byte root key/,
    );
  });

  it("refuses a data dir written by a newer schema", async () => {
    const dataDir = dir("newer");
    const first = await start(["--data-dir", dataDir]);
    first.child.kill("SIGTERM");
    await first.exited;
    const db = new BetterSqlite3(path.join(dataDir, "kkms-local.db"));
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    db.pragma("user_version = 99");
    db.close();
    const result = runCli(["--data-dir", dataDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/schema version 99.*newer kkms-local/);
  });

  it("uses an accounts file, and explains a bad one", async () => {
    const file = path.join(tmp, "accounts.json");
    fs.writeFileSync(
      file,
      JSON.stringify([{ accountId: "42", accessKeyId: "AKFILE", secretAccessKey: "file-secret" }]),
    );
    const run = await start(["--in-memory", "--accounts", file]);
    expect(run.stderr()).not.toContain("development account");
    const credentials = { accessKeyId: "AKFILE", secretAccessKey: "file-secret" };
    expect((await callAction(run.url, "DescribeKeys", {}, { credentials })).status).toBe(200);
    expectError(await callAction(run.url, "DescribeKeys"), "invalidClientTokenId");
    fs.writeFileSync(file, JSON.stringify([{ accountId: "42", accessKeyId: "AKFILE" }]));
    const bad = runCli(["--in-memory", "--accounts", file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("[0].secretAccessKey must be a non-empty string");
  });

  it("takes faults and a throttle from flags", async () => {
    const faults = path.join(tmp, "faults.json");
    fs.writeFileSync(faults, JSON.stringify([{ action: "Encrypt", error: "ServiceUnavailable" }]));
    const run = await start(["--in-memory", "--faults", `@${faults}`, "--throttle-rps", "100"]);
    expectError(
      await callAction(run.url, "Encrypt", { KeyId: "x", Plaintext: "aaaa" }),
      "serviceUnavailable",
    );
    expect((await callAction(run.url, "DescribeKeys")).status).toBe(200);
  });

  it("prints --help and --version", () => {
    const help = runCli(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--data-dir");
    expect(help.stdout).toContain("KKMS_LOCAL_THROTTLE_RPS");
    expect(runCli(["--version"]).stdout).toMatch(/^kkms-local \d+\.\d+\.\d+/);
  });

  it("prints kkms-local's own version from the kkms-local package's build, as from the repository's", () => {
    const packageJson = path.join(__dirname, "../../emulator/package.json");
    const { version } = JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string };
    ensureBuiltCli(PACKAGE_CLI_PATH);
    for (const cli of [PACKAGE_CLI_PATH, CLI_PATH]) {
      const result = runCli(["--version"], {}, cli);
      expect({ cli, stdout: result.stdout, status: result.status }).toEqual({
        cli,
        stdout: `kkms-local ${version}\n`,
        status: 0,
      });
    }
  });

  it("reads the version from the package.json named kkms-local, not from pulumi-kkms's beside it", () => {
    const writePackage = (dir: string, name: string, version: string) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version }));
    };
    // Installed from npm: node_modules/kkms-local/dist/emulator/cli.js.
    const installed = dir("installed");
    writePackage(installed, "kkms-local", "1.2.3");
    expect(packageVersion(path.join(installed, "dist/emulator"))).toBe("kkms-local 1.2.3");
    // This repository's own build: dist/emulator/cli.js, the package in emulator/.
    const repository = dir("repository");
    writePackage(repository, "pulumi-kkms", "9.9.9");
    writePackage(path.join(repository, "emulator"), "kkms-local", "1.2.4");
    expect(packageVersion(path.join(repository, "dist/emulator"))).toBe("kkms-local 1.2.4");
    expect(packageVersion(dir("nowhere/dist/emulator"))).toBe("kkms-local (version unknown)");
  });

  // curl ≥ 7.75 signs SigV4 itself (the machine's curl is 7.88): the README's example is run as written.
  it("answers curl --aws-sigv4 with the development account (the README's example)", async () => {
    const run = await start(["--in-memory"]);
    const sigv4 = [
      "-s",
      "--aws-sigv4",
      "aws:amz:cn-beijing-6:kkms",
      "--user",
      `${DEVELOPMENT_ACCOUNT.accessKeyId}:${DEVELOPMENT_ACCOUNT.secretAccessKey}`,
    ];
    const created = spawnSync(
      "curl",
      [
        ...sigv4,
        "-H",
        "Accept: application/json",
        `${run.url}/?Action=CreateKey&ChargeType=PostPaidByDay&KeyName=demo&KeyUsage=EncryptDecrypt&Origin=kms&Version=2016-03-04`,
      ],
      { encoding: "utf8" },
    );
    const keyId = (JSON.parse(created.stdout) as { Key: { KeyId: string } }).Key.KeyId;
    const encrypted = spawnSync(
      "curl",
      [
        ...sigv4,
        "-H",
        "Accept: application/json",
        "--data",
        `Action=Encrypt&Version=2016-03-04&KeyId=${keyId}&Plaintext=aGVsbG8%3D`,
        `${run.url}/`,
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(encrypted.stdout)).toMatchObject({
      KeyId: keyId,
      CiphertextBlob: expect.any(String),
    });
    const listed = spawnSync("curl", [...sigv4, `${run.url}/?Action=DescribeKeys&Version=2016-03-04`], {
      encoding: "utf8",
    });
    expect(listed.stdout).toContain("<DescribeKeysResponse><RequestId>");
  });
});
