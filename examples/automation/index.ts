/**
 * Provisions one KKMS environment stack per name with the Pulumi Automation API — the way teams create and tear
 * down environments from CI or a service. Needs the Pulumi CLI on PATH (the Automation API drives it).
 *
 *   npx ts-node index.ts up preview-42        # create or update the stack "preview-42"
 *   npx ts-node index.ts refresh preview-42
 *   npx ts-node index.ts destroy preview-42   # destroy it and remove the stack
 *
 * Endpoint and credentials: KKMS_ENDPOINT (default http://127.0.0.1:8080, kkms-local), KSYUN_ACCESS_KEY,
 * KSYUN_SECRET_KEY, KSYUN_REGION. State: a local file backend under ./.pulumi-state, passphrase from
 * PULUMI_CONFIG_PASSPHRASE (default "local") — no Pulumi Cloud account needed.
 */
import { execFileSync } from "child_process";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { environmentProgram } from "./environmentProgram";
import { PROJECT, workspaceOptions } from "./workspaceOptions";

type Command = "up" | "refresh" | "destroy";

export async function openEnvironment(environment: string): Promise<Stack> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: environment, projectName: PROJECT, program: environmentProgram(environment) },
    workspaceOptions(__dirname),
  );
  await stack.setAllConfig({
    "kkms:endpoint": { value: process.env.KKMS_ENDPOINT ?? "http://127.0.0.1:8080" },
    "kkms:region": { value: process.env.KSYUN_REGION ?? "cn-beijing-6" },
    "kkms:accessKeyId": { value: process.env.KSYUN_ACCESS_KEY ?? "AKLTKKMSLOCALDEV" },
    "kkms:secretAccessKey": {
      value: process.env.KSYUN_SECRET_KEY ?? "kkms-local-development-secret",
      secret: true,
    },
  });
  return stack;
}

export async function run(command: Command, environment: string): Promise<void> {
  const stack = await openEnvironment(environment);
  const onOutput = (line: string) => process.stdout.write(line);
  if (command === "up") {
    const result = await stack.up({ onOutput });
    console.log(`\n${environment}: ${JSON.stringify(result.summary.resourceChanges)}`);
  } else if (command === "refresh") {
    await stack.refresh({ onOutput });
  } else {
    await stack.destroy({ onOutput });
    await stack.workspace.removeStack(environment);
  }
}

function pulumiCliAvailable(): boolean {
  try {
    execFileSync("pulumi", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

if (require.main === module) {
  const [command, environment] = process.argv.slice(2);
  if (!["up", "refresh", "destroy"].includes(command) || !environment) {
    console.error("usage: index.ts up|refresh|destroy <environment>");
    process.exit(2);
  }
  if (!pulumiCliAvailable()) {
    console.error(
      "The Automation API drives the Pulumi CLI, which is not on PATH: install it from https://www.pulumi.com/docs/install/.",
    );
    process.exit(3);
  }
  run(command as Command, environment).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
