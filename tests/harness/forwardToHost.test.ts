import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { captureResources, type RegistrationError } from "../helpers/captureResources";
import { Toy, type ToyArgs } from "../helpers/fixtures/toyProvider";
import { CheckFailuresError, forwardToHost } from "../helpers/forwardToHost";
import { killAllProviderHosts, startProviderHost, type ProviderHost } from "../helpers/providerHost";
import { isProviderHostError } from "../helpers/providerHostError";
import { IS_PULUMI_FLOOR } from "../helpers/pulumiVersion";

let workDir: string;
let stateFile: string;
let host: ProviderHost;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-forward-"));
  stateFile = path.join(workDir, "toys.json");
  host = await startProviderHost({ cwd: workDir, project: "proj" });
  await host.configure({ "toy:region": "cn-beijing-6" });
});

afterAll(async () => {
  await killAllProviderHosts();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function readState(): Record<string, { name: string }> {
  return fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, "utf8")) : {};
}

/** Resolves an Output after the capture, with its secretness. */
async function settled<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  const value = await (output as unknown as { promise(): Promise<T> }).promise();
  return { value, secret: await pulumi.isSecret(output) };
}

async function captureFailure(program: () => void, preview = false): Promise<RegistrationError> {
  const newResource = forwardToHost(host, { preview });
  const error = await captureResources(program, { newResource, preview, project: "proj" }).then(
    () => undefined,
    (e: RegistrationError) => e,
  );
  if (!error) throw new Error("the capture did not fail");
  return error;
}

function toy(name: string, args: Partial<ToyArgs> = {}, opts?: pulumi.CustomResourceOptions): Toy {
  return new Toy(name, { name, stateFile, ...args }, opts);
}

test("a program runs against the real host: real ids, outputs, and secrets re-marked", async () => {
  let a: Toy | undefined;
  let b: Toy | undefined;
  const { outputs } = await captureResources(
    () => {
      a = toy("alpha", { secretInput: pulumi.secret("shh") });
      b = toy("beta", { size: a.id.apply((id) => id.length) });
      return { aId: a.id, bId: b.id };
    },
    { newResource: forwardToHost(host), project: "proj" },
  );
  expect(outputs.aId).toMatch(/^alpha-[0-9a-f]{8}$/);
  expect(readState()[outputs.aId].name).toBe("alpha");
  expect(readState()[outputs.bId].name).toBe("beta");
  if (!a || !b) throw new Error("the program did not run");
  // token: additionalSecretOutputs; secretInput: same-named secret input; the rest stays plain.
  expect(await settled(a.token)).toEqual({ value: "token-of-alpha", secret: true });
  expect(await settled(a.secretInput)).toEqual({ value: "shh", secret: true });
  expect(await settled(a.configRegion)).toEqual({ value: "cn-beijing-6", secret: false });
  expect(await settled(b.size)).toEqual({ value: outputs.aId.length, secret: false });
});

test("a preview only checks: nothing is created and ids stay unknown", async () => {
  const before = readState();
  let a: Toy | undefined;
  await captureResources(
    () => {
      a = toy("previewed");
    },
    { newResource: forwardToHost(host, { preview: true }), preview: true, project: "proj" },
  );
  expect(readState()).toEqual(before);
  expect(await (a?.id as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
});

test("check failures fail the registration, in preview too", async () => {
  for (const preview of [false, true]) {
    const error = await captureFailure(() => toy("bad", { name: "" }), preview);
    expect(error.reason).toBeInstanceOf(CheckFailuresError);
    expect((error.reason as CheckFailuresError).failures).toEqual([
      { property: "name", reason: "name must be a non-empty string" },
    ]);
  }
});

test("a partial create surfaces the ErrorResourceInitFailed details", async () => {
  const error = await captureFailure(() => toy("half", { failCreate: "partial" }));
  expect(isProviderHostError(error.reason) && error.reason.initFailed?.reasons).toEqual(["still warming up"]);
});

test(`Resource.get reads through the host; import ${IS_PULUMI_FLOOR ? "fails in the 3.248 host" : "reads too"}`, async () => {
  const { outputs } = await captureResources(() => ({ id: toy("original").id }), {
    newResource: forwardToHost(host),
    project: "proj",
  });
  let got: Toy | undefined;
  await captureResources(
    () => {
      got = toy("copy", { name: "original" }, { id: outputs.id });
    },
    { newResource: forwardToHost(host), project: "proj" },
  );
  if (!got) throw new Error("the program did not run");
  expect(await settled(got.token)).toEqual({ value: "token-of-original", secret: true });

  if (IS_PULUMI_FLOOR) {
    const error = await captureFailure(() => toy("imported", {}, { import: outputs.id }));
    expect(String(error.message)).toContain("code must be a string");
  } else {
    let imported: Toy | undefined;
    await captureResources(
      () => void (imported = toy("imported", { name: "original" }, { import: outputs.id })),
      {
        newResource: forwardToHost(host),
        project: "proj",
      },
    );
    expect(await settled((imported as Toy).id)).toEqual({ value: outputs.id, secret: false });
  }
});
