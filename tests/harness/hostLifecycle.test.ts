import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { toyProviderText } from "../helpers/fixtures/toyProviderText";
import {
  hostCommand,
  killAllProviderHosts,
  startProviderHost,
} from "../../offline-engine/providers/providerHost";
import { DEFAULT_PULUMI_DIR } from "../../offline-engine/providers/providerStubs";

const URN = "urn:pulumi:dev::toyproj::pulumi-nodejs:dynamic/toy:Toy::thing";

let workDir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-lifecycle-"));
});

afterAll(async () => {
  await killAllProviderHosts();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** A killed process can linger as a zombie until reaped; that counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function waitUntilGone(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

test("kill ends the host, and RPCs afterwards fail clearly", async () => {
  const host = await startProviderHost({ cwd: workDir });
  await host.kill();
  expect(await waitUntilGone(host.pid)).toBe(true);
  await expect(host.check(URN, {}, {})).rejects.toThrow(/exited/);
  await host.kill();
});

test("killAllProviderHosts ends every host still running", async () => {
  const hosts = await Promise.all([startProviderHost({ cwd: workDir }), startProviderHost({ cwd: workDir })]);
  await killAllProviderHosts();
  for (const host of hosts) expect(await waitUntilGone(host.pid)).toBe(true);
});

test("a host dies with the process that started it, even when that process is SIGKILLed", async () => {
  const command = hostCommand({ cwd: workDir });
  const parentScript = `
    const { spawn } = require("child_process");
    const cmd = JSON.parse(process.argv[1]);
    const host = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ["pipe", "pipe", "inherit"] });
    host.stdout.once("data", () => console.log(host.pid));
  `;
  const parent = spawn(process.execPath, ["-e", parentScript, JSON.stringify(command)], { stdio: "pipe" });
  const hostPid = await new Promise<number>((resolve) =>
    parent.stdout.once("data", (d) => resolve(Number(d))),
  );
  expect(isAlive(hostPid)).toBe(true);
  parent.kill("SIGKILL");
  expect(await waitUntilGone(hostPid)).toBe(true);
});

test("the @pulumi/pulumi install is configurable, and a wrong one fails at start", async () => {
  const host = await startProviderHost({ cwd: workDir, pulumiDir: DEFAULT_PULUMI_DIR });
  expect(host.pulumiDir).toBe(DEFAULT_PULUMI_DIR);
  await host.kill();
  await expect(startProviderHost({ cwd: workDir, pulumiDir: workDir })).rejects.toThrow(/Cannot find module/);
});

test("a missing working directory fails at start", async () => {
  await expect(startProviderHost({ cwd: path.join(workDir, "missing") })).rejects.toThrow(/ENOENT/);
});

test("before Configure the host's config is undefined: a configure that reads it fails, and stays cached", async () => {
  const host = await startProviderHost({ cwd: workDir });
  const news = {
    __provider: await toyProviderText(),
    name: "early",
    stateFile: path.join(workDir, "s.json"),
  };
  await expect(host.check(URN, {}, news)).rejects.toThrow(
    /Cannot read properties of undefined \(reading 'toy:region'\)/,
  );
  await host.configure({ "toy:region": "cn-beijing-6" });
  const { outs } = await host.create(URN, { ...news, size: 1 });
  expect(outs["configRegion"]).toBeNull();
  await host.kill();
});
