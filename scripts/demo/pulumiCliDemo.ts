import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { describeArchiveKeyByHand } from "./outOfBandChange";
import { CHANGED_CONFIG, EXAMPLE_DIR, initialConfig, SECRET_KEYS, STACK } from "./demoSettings";

type Say = (line: string) => void;

export function pulumiCliAvailable(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

/**
 * The demo with the real Pulumi CLI: a local file backend in the temp dir and a passphrase set here, so no
 * Pulumi Cloud account is needed. The program resolves pulumi-kkms and @pulumi/pulumi from the repository.
 */
export async function runPulumiCliDemo(endpoint: string, workDir: string, say: Say): Promise<void> {
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${path.join(workDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "kkms-demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  fs.mkdirSync(path.join(workDir, "backend"), { recursive: true });
  const pulumi = (...args: string[]) => {
    say(`\n$ pulumi ${args.join(" ")}`);
    execFileSync("pulumi", [...args, "--non-interactive"], { cwd: EXAMPLE_DIR, env, stdio: "inherit" });
  };
  const setConfig = (config: Record<string, string>) => {
    for (const [key, value] of Object.entries(config)) {
      execFileSync(
        "pulumi",
        ["config", "set", key, value, ...(SECRET_KEYS.includes(key) ? ["--secret"] : [])],
        { cwd: EXAMPLE_DIR, env },
      );
    }
  };
  pulumi("stack", "init", STACK);
  try {
    setConfig(initialConfig(endpoint));
    pulumi("up", "--yes", "--skip-preview");
    setConfig(CHANGED_CONFIG);
    pulumi("up", "--yes", "--skip-preview");
    const archiveKeyId = JSON.parse(
      execFileSync("pulumi", ["stack", "output", "--json", "--show-secrets"], {
        cwd: EXAMPLE_DIR,
        env,
      }).toString(),
    ).archiveKeyId as string;
    await describeArchiveKeyByHand(endpoint, archiveKeyId);
    pulumi("refresh", "--yes", "--skip-preview");
    pulumi("up", "--yes", "--skip-preview");
    pulumi("destroy", "--yes", "--skip-preview");
  } finally {
    execFileSync("pulumi", ["stack", "rm", STACK, "--yes", "--force"], {
      cwd: EXAMPLE_DIR,
      env,
      stdio: "ignore",
    });
    fs.rmSync(path.join(EXAMPLE_DIR, `Pulumi.${STACK}.yaml`), { force: true });
  }
}
