import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { toyProviderText } from "../helpers/fixtures/toyProviderText";
import {
  killAllProviderHosts,
  startProviderHost,
  type ProviderHost,
} from "../../offline-engine/providers/providerHost";
import {
  isProviderHostError,
  type ProviderHostError,
} from "../../offline-engine/providers/providerHostError";
import { IS_PULUMI_FLOOR, PULUMI_VERSION } from "../helpers/pulumiVersion";
import type { PropertyMap } from "../../offline-engine/providers/secrets";

const URN = "urn:pulumi:dev::toyproj::pulumi-nodejs:dynamic/toy:Toy::thing";
const SECRET_TOKEN = "s3cret-config-token";
const SECRET_INPUT = "s3cret-input-value";

let workDir: string;
let stateFile: string;
let providerText: string;
let host: ProviderHost;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
  stateFile = path.join(workDir, "toys.json");
  providerText = await toyProviderText();
  host = await startProviderHost({ cwd: workDir, project: "toyproj" });
  await host.configure(
    { "toy:region": "cn-beijing-6", "toyproj:region": "cn-shanghai-2", "toy:token": SECRET_TOKEN },
    { secretKeys: ["toy:token"] },
  );
});

afterAll(async () => {
  await killAllProviderHosts();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function props(values: PropertyMap): PropertyMap {
  return { __provider: providerText, stateFile, ...values };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderHostError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderHostError(error)) throw new Error(`expected a ProviderHostError, got ${String(error)}`);
  return error;
}

function readState(): Record<string, PropertyMap> {
  return JSON.parse(fs.readFileSync(stateFile, "utf8")) as Record<string, PropertyMap>;
}

test("the host starts from the repository's @pulumi/pulumi and prints its port first", () => {
  expect(host.pulumiVersion).toBe(PULUMI_VERSION);
  expect(host.port).toBeGreaterThan(0);
  expect(host.stdout.split("\n")[0]).toBe(String(host.port));
});

test("configure reports a provider that accepts neither secrets nor resources, nor previews", async () => {
  const other = await startProviderHost({ cwd: workDir });
  await expect(other.configure({})).resolves.toEqual({
    acceptSecrets: false,
    acceptResources: false,
    supportsPreview: false,
    acceptOutputs: false,
  });
  await other.kill();
});

test("the provider's configure sees the whole config, namespaced, with secrets unwrapped", async () => {
  const { outs } = await host.create(URN, props({ name: "configured", size: 1 }));
  expect(outs).toMatchObject({
    configRegion: "cn-beijing-6",
    configProjectRegion: "cn-shanghai-2",
    configTokenLength: SECRET_TOKEN.length,
  });
});

test("configure runs once per provider text: a later Configure does not reach the cached provider", async () => {
  await host.configure({ "toy:region": "cn-hongkong-2" });
  const { outs } = await host.create(URN, props({ name: "reconfigured", size: 1 }));
  expect(outs["configRegion"]).toBe("cn-beijing-6");
});

test("check failures come back as property and reason, with the inputs and __provider", async () => {
  const result = await host.check(URN, {}, props({ name: "", size: 0 }));
  expect(result.failures).toEqual([
    { property: "name", reason: "name must be a non-empty string" },
    { property: "size", reason: "size must be a number of at least 1" },
  ]);
  expect(result.inputs["__provider"]).toBe(providerText);
});

test("check passes the provider's defaults through", async () => {
  const result = await host.check(URN, {}, props({ name: "defaulted" }));
  expect(result).toEqual({ inputs: props({ name: "defaulted", size: 1 }), failures: [] });
});

test.each([
  ["a rename replaces", { name: "b" }, { changes: true, replaces: ["name"], deleteBeforeReplace: false }],
  [
    "a resize updates in place",
    { name: "a", size: 2 },
    { changes: true, replaces: [], deleteBeforeReplace: false },
  ],
  ["no change", { name: "a", size: 1 }, { changes: false, replaces: [], deleteBeforeReplace: false }],
  [
    "deleteBeforeReplace passes through",
    { name: "b", deleteBeforeReplace: true },
    { changes: true, replaces: ["name"], deleteBeforeReplace: true },
  ],
])("diff: %s; stables are dropped", async (_label, news, expected) => {
  const result = await host.diff(URN, "a-1", props({ name: "a", size: 1 }), props({ size: 1, ...news }));
  expect(result).toEqual({ ...expected, stables: [] });
});

test("create, read, update and delete round-trip through the state file", async () => {
  const created = await host.create(URN, props({ name: "round", size: 1, secretInput: SECRET_INPUT }));
  expect(created.id).toMatch(/^round-[0-9a-f]{8}$/);
  expect(created.outs).toMatchObject({ name: "round", token: "token-of-round", __provider: providerText });
  expect(readState()[created.id]).toMatchObject({ name: "round", size: 1 });

  const read = await host.read(URN, created.id, created.outs);
  expect(read).toEqual({
    id: created.id,
    props: created.outs,
    inputs: { name: "round", size: 1, stateFile, __provider: providerText },
  });

  const updated = await host.update(URN, created.id, created.outs, props({ name: "round", size: 3 }));
  expect(updated.outs).toMatchObject({ size: 3, __provider: providerText });
  expect(readState()[created.id]).toMatchObject({ size: 3 });

  await host.delete(URN, created.id, updated.outs);
  expect(readState()[created.id]).toBeUndefined();
  await expect(host.read(URN, created.id, updated.outs)).resolves.toMatchObject({
    id: "",
    inputs: undefined,
  });
});

test("a create that throws an error with id and properties reports ErrorResourceInitFailed", async () => {
  const error = await rejection(host.create(URN, props({ name: "partial", size: 1, failCreate: "partial" })));
  expect(error.code).toBe(2);
  expect(error.details).toMatch(/^toy partial-[0-9a-f]{8} failed to initialize$/);
  expect(error.initFailed).toEqual({
    id: expect.stringMatching(/^partial-/),
    properties: expect.objectContaining({ name: "partial", token: "token-of-partial" }),
    reasons: ["still warming up"],
  });
  expect(readState()[error.initFailed?.id ?? ""]).toBeDefined();
});

test("an Error subclass defined in serialized code loses its message in the host", async () => {
  const error = await rejection(
    host.create(URN, props({ name: "sub", size: 1, failCreate: "partial-subclass" })),
  );
  expect(error.details).toBe("undefined");
  expect(error.initFailed?.reasons).toEqual(["still warming up"]);
});

test("a create that throws a plain error carries only the message", async () => {
  const error = await rejection(host.create(URN, props({ name: "refused", size: 1, failCreate: "error" })));
  expect(error).toMatchObject({ method: "create", code: 2, details: "toy refused to create refused" });
  expect(error.initFailed).toBeUndefined();
});

test("failed check/diff/read/delete calls are printed to the host's stderr; create failures are not", async () => {
  await rejection(host.delete(URN, "missing-1", props({ name: "missing" })));
  expect(host.stderr).toContain("toy missing-1 cannot be deleted");
  expect(host.stderr).not.toContain("toy refused to create");
});

test(`an import (read with an id and inputs but no state) ${IS_PULUMI_FLOOR ? "fails in the 3.248 host" : "reads through the inputs' __provider"}`, async () => {
  const read = host.read(URN, "round-00000000", {}, props({ name: "round" }));
  if (IS_PULUMI_FLOOR) {
    expect((await rejection(read)).details).toBe("code must be a string, not undefined");
  } else {
    await expect(read).resolves.toMatchObject({ props: { __provider: expect.any(String) } });
  }
});

test("no secret reached the host's output", () => {
  for (const secret of [SECRET_TOKEN, SECRET_INPUT]) {
    expect(host.stdout).not.toContain(secret);
    expect(host.stderr).not.toContain(secret);
  }
});
