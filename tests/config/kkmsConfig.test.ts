import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OperationFailedError, openStack, type OpenStackOptions } from "../../offline-engine";
import { withoutKsyunEnvironment } from "../provider/support/kkmsFixture";

/**
 * `kkms.config` (and the native SDK's `config`) in a real program run: the offline engine runs the fixture
 * project through Pulumi's language host, with stack config and environment as a user's `pulumi up` has them.
 */
const PROJECT_DIR = path.join(__dirname, "fixtures/config-project");
let workDir: string;

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-config-"));
});
afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

function probe(options: Partial<OpenStackOptions>) {
  return openStack({
    cwd: PROJECT_DIR,
    stack: "dev",
    stateFile: path.join(workDir, "state.json"),
    ...options,
    env: { ...withoutKsyunEnvironment(), ...options.env },
  });
}

test("reads each kkms: key from the stack config; the secret key comes back as a secret", async () => {
  const result = await probe({
    config: {
      "kkms:region": "cn-shanghai-2",
      "kkms:endpoint": "http://127.0.0.1:8080",
      "kkms:accessKeyId": "AKCONFIG",
      "kkms:secretAccessKey": "config-secret",
      "kkms:maxAttempts": "3",
    },
    secretKeys: ["kkms:secretAccessKey"],
    // The stack config wins over the environment.
    env: { KSYUN_REGION: "cn-hongkong-2", KSYUN_ACCESS_KEY: "AKENV" },
  }).up();
  expect(result.outputs).toEqual({
    region: { value: "cn-shanghai-2", secret: false, known: true },
    endpoint: { value: "http://127.0.0.1:8080", secret: false, known: true },
    accessKeyId: { value: "AKCONFIG", secret: false, known: true },
    secretAccessKey: { value: "config-secret", secret: true, known: true },
    maxAttempts: { value: 3, secret: false, known: true },
    nativeRegion: { value: "cn-shanghai-2", secret: false, known: true },
    nativeMaxAttempts: { value: 3, secret: false, known: true },
  });
});

test("falls back to the environment the provider falls back to, and is undefined without either", async () => {
  const fromEnv = await probe({
    env: {
      KSYUN_REGION: "cn-hongkong-2",
      KKMS_ENDPOINT: "http://127.0.0.1:9090",
      KSYUN_ACCESS_KEY: "AKENV",
      KSYUN_SECRET_KEY: "env-secret",
    },
  }).up();
  const values = Object.fromEntries(Object.entries(fromEnv.outputs).map(([name, o]) => [name, o.value]));
  expect(values).toEqual({
    region: "cn-hongkong-2",
    endpoint: "http://127.0.0.1:9090",
    accessKeyId: "AKENV",
    secretAccessKey: "env-secret",
    maxAttempts: null,
    nativeRegion: "cn-hongkong-2",
    nativeMaxAttempts: null,
  });
  expect(fromEnv.outputs.secretAccessKey.secret).toBe(true);

  fs.rmSync(path.join(workDir, "state.json"));
  const unset = await probe({ config: { "kkms:region": "  " } }).up();
  expect(Object.values(unset.outputs).map((output) => output.value)).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
});

test("a bad kkms:maxAttempts fails the program with the provider's own rule", async () => {
  const failed = await probe({ config: { "kkms:maxAttempts": "many" } })
    .up()
    .catch((err: unknown) => err);
  expect(failed).toBeInstanceOf(OperationFailedError);
  const printed = (failed as OperationFailedError).diagnostics.map((d) => d.message).join("\n");
  expect(printed).toContain('kkms:maxAttempts must be an integer from 1 to 50; got "many".');
});
