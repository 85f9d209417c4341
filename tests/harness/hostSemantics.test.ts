import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ODD_RESULTS_PROVIDER, RESOLVER_PROVIDER } from "../helpers/fixtures/rawProviders";
import {
  killAllProviderHosts,
  startProviderHost,
  type ProviderHost,
} from "../../offline-engine/providers/providerHost";

/** What the 3.248 host does with provider code and results, probed with hand-written `__provider` texts. */
const URN = "urn:pulumi:dev::probe::pulumi-nodejs:dynamic:Resource::probe";

let workDir: string;
let host: ProviderHost;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-semantics-"));
  writeFile("node_modules/dep/index.js", "exports.marker = 'dep from the cwd';");
  writeFile("local.js", "exports.marker = 'local from the cwd';");
  writeFile("package.json", JSON.stringify({ name: "selfpkg", exports: { ".": "./local.js" } }));
  host = await startProviderHost({ cwd: workDir });
  await host.configure({});
});

afterAll(async () => {
  await killAllProviderHosts();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function writeFile(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(workDir, relative)), { recursive: true });
  fs.writeFileSync(path.join(workDir, relative), text);
}

test("provider code resolves require() from the host's cwd only; no self-reference, no host packages", async () => {
  const specs = ["dep", "./local", "selfpkg", "@pulumi/pulumi", "fs"];
  const { outs } = await host.create(URN, { __provider: RESOLVER_PROVIDER, specs });
  expect(outs).toMatchObject({
    resolved: {
      dep: "dep from the cwd",
      "./local": "local from the cwd",
      selfpkg: "ERR MODULE_NOT_FOUND",
      "@pulumi/pulumi": "ERR MODULE_NOT_FOUND",
      fs: "undefined",
    },
    filename: "",
    dirname: ".",
    cwd: fs.realpathSync(workDir),
  });
});

test.each([["undefined-output"], ["buffer-output"]])(
  "create outputs that a Struct cannot carry (%s) fail the create",
  async (mode) => {
    await expect(host.create(URN, { __provider: ODD_RESULTS_PROVIDER, mode })).rejects.toThrow(
      "create failed: Unexpected struct type.",
    );
  },
);

test("a create without an id answers id '' (the engine then fails: empty resource.ID)", async () => {
  await expect(host.create(URN, { __provider: ODD_RESULTS_PROVIDER, mode: "no-id" })).resolves.toMatchObject({
    id: "",
  });
});

test.each([["read-undefined-id"], ["read-empty"]])("read returning %s answers id '' (gone)", async (mode) => {
  const read = await host.read(URN, "abc", { __provider: ODD_RESULTS_PROVIDER, mode });
  expect(read).toEqual({ id: "", props: { __provider: ODD_RESULTS_PROVIDER }, inputs: undefined });
});

test("without read, the host echoes the id and state", async () => {
  const state = { __provider: RESOLVER_PROVIDER, a: 1 };
  await expect(host.read(URN, "abc", state)).resolves.toEqual({ id: "abc", props: state, inputs: undefined });
});

test("without update, the outputs after an update are only __provider", async () => {
  const olds = { __provider: RESOLVER_PROVIDER, a: 1 };
  const { outs } = await host.update(URN, "abc", olds, { __provider: RESOLVER_PROVIDER, b: 2 });
  expect(outs).toEqual({ __provider: RESOLVER_PROVIDER });
});

test("without diff, changes are unknown; without check, the news pass through", async () => {
  const news = { __provider: RESOLVER_PROVIDER, b: 2 };
  await expect(host.diff(URN, "abc", { __provider: RESOLVER_PROVIDER }, news)).resolves.toMatchObject({
    changes: undefined,
    replaces: [],
  });
  await expect(host.check(URN, {}, news)).resolves.toEqual({ inputs: news, failures: [] });
});

test("console.log in provider code goes to the host's stdout after the port line", async () => {
  await host.create(URN, { __provider: ODD_RESULTS_PROVIDER, mode: "log" });
  // The gRPC answer can overtake the stdout pipe: wait for the line rather than racing it.
  await waitFor(() => host.stdout.includes("a line from create"));
  expect(host.stdout).toBe(`${host.port}\na line from create\n`);
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
