import { spawnSync } from "child_process";
import * as path from "path";
import { environmentProgram } from "../../examples/automation/environmentProgram";
import { EXAMPLES, liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

/**
 * examples/automation drives the Pulumi CLI, which cannot be installed here: its per-environment program runs as
 * an inline program through the offline engine (as the Automation API would run it: through the SDK's
 * LanguageServer), up, refresh and destroy per environment; and the script's no-CLI answer is checked.
 */
let run: ExampleRun;

beforeAll(async () => {
  run = await startExampleRun("automation");
});

afterAll(() => run.close());

test("one environment's keys: up, refresh, destroy", async () => {
  const stack = run.openInline(environmentProgram("preview-42"), "kkms-environments");
  const result = await stack.up();
  expect(
    result.steps
      .filter((s) => s.op === "create")
      .map((s) => s.name)
      .sort(),
  ).toEqual(["kkms-environments-e2e", "preview-42-data", "preview-42-data-key", "preview-42-secrets"]);
  expect((await liveKeys(run.client)).sort()).toEqual(["preview-42-data", "preview-42-secrets"]);
  expect((await stack.refresh()).drift).toEqual([]);
  await stack.destroy();
  expect(await liveKeys(run.client)).toEqual([]);
});

test("without the Pulumi CLI the script says so and exits 3", () => {
  const script = path.join(EXAMPLES, "automation", "index.ts");
  const register = path.resolve(__dirname, "../../scripts/registerTypeScript.js");
  const result = spawnSync(process.execPath, ["--require", register, script, "up", "dev"], {
    env: { ...process.env, PATH: "/nonexistent" },
    encoding: "utf8",
  });
  expect({ status: result.status, stderr: result.stderr }).toEqual({
    status: 3,
    stderr: expect.stringContaining("Pulumi CLI, which is not on PATH"),
  });
});
