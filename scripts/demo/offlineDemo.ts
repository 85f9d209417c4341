import * as path from "path";
import { openStack, type StackState } from "../../tests/helpers/offlineRunner";
import { describeArchiveKeyByHand } from "./outOfBandChange";
import { CHANGED_CONFIG, EXAMPLE_DIR, initialConfig, PROJECT, SECRET_KEYS, STACK } from "./demoSettings";

type Say = (line: string) => void;

/** The demo with the offline runner standing in for the Pulumi engine (no CLI on this machine). */
export async function runOfflineDemo(endpoint: string, workDir: string, say: Say): Promise<void> {
  const stateFile = path.join(workDir, "state.json");
  const program = path.join(EXAMPLE_DIR, "index.ts");
  const open = (config: Record<string, string>) =>
    openStack({
      stateFile,
      project: PROJECT,
      stack: STACK,
      config,
      secretKeys: SECRET_KEYS,
      hostCwd: EXAMPLE_DIR,
      log: say,
    });

  say("\n== pulumi up: a first deployment");
  let stack = await open(initialConfig(endpoint));
  await stack.up(program);
  await stack.close();

  say("\n== pulumi up: after `config set appKeyName app-data-v2` and `config set reportsKeyState Disabled`");
  stack = await open({ ...initialConfig(endpoint), ...CHANGED_CONFIG });
  await stack.up(program);

  say("\n== someone changes the archive key by hand; pulumi refresh notices");
  await describeArchiveKeyByHand(endpoint, archiveKeyId(stack.state()));
  const { drift } = await stack.refresh();
  for (const d of drift)
    say(`   drift: ${d.name} ${d.deleted ? "deleted" : `changed [${d.changedOutputs.join(", ")}]`}`);

  say("\n== pulumi up: puts the declared description back");
  await stack.up(program);

  say("\n== pulumi destroy");
  await stack.destroy();
  await stack.close();
}

function archiveKeyId(state: StackState): string {
  const archive = Object.values(state.resources).find((resource) => resource.name === "archive");
  if (!archive?.id) throw new Error("the archive key is not in the stack's state");
  return archive.id;
}
