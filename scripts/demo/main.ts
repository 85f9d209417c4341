import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startKkmsLocal } from "./kkmsLocalProcess";
import { runOfflineDemo } from "./offlineDemo";
import { pulumiCliAvailable, runPulumiCliDemo } from "./pulumiCliDemo";

const say = (line: string) => console.log(line);

/**
 * kkms-local on a free port with a temporary data dir; the key-basic example deployed, changed (a rename and a
 * disable), refreshed after an out-of-band change, and destroyed; kkms-local stopped. With the Pulumi CLI when one
 * is on PATH, else with the offline engine.
 */
export async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-demo-"));
  const kkmsLocal = await startKkmsLocal(path.join(workDir, "kkms-local-data"));
  say(`kkms-local is listening on ${kkmsLocal.url} (data: ${path.join(workDir, "kkms-local-data")})`);
  say(`Its console, to open in a browser while the demo runs: ${kkmsLocal.url}/_console`);
  try {
    if (pulumiCliAvailable()) {
      say("Using the Pulumi CLI found on PATH (local file backend, no cloud account).");
      await runPulumiCliDemo(kkmsLocal.url, workDir, say);
    } else {
      say(
        "No Pulumi CLI on PATH: using the offline engine, which runs the program with Pulumi's own language host and provider plugins under the engine's rules.",
      );
      await runOfflineDemo(kkmsLocal.url, workDir, say);
    }
    say("\nDone: every key the demo made is destroyed (pending deletion), and kkms-local is stopped.");
  } finally {
    await kkmsLocal.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
