import * as path from "path";
import { findResource, openStack, type StackState } from "../../offline-engine";
import { describeArchiveKeyByHand } from "./outOfBandChange";
import { CHANGED_CONFIG, EXAMPLE_DIR, initialConfig, SECRET_KEYS, STACK } from "./demoSettings";

type Say = (line: string) => void;

/**
 * The demo with the offline engine standing in for the Pulumi CLI (none can be installed here): the example's
 * program runs through Pulumi's own language host, its resources through the SDK's dynamic-provider host.
 */
export async function runOfflineDemo(endpoint: string, workDir: string, say: Say): Promise<void> {
  const stateFile = path.join(workDir, "state.json");
  const open = (config: Record<string, string>) =>
    openStack({ cwd: EXAMPLE_DIR, stack: STACK, stateFile, config, secretKeys: SECRET_KEYS, log: say });

  say("\n== pulumi up: a first deployment");
  await open(initialConfig(endpoint)).up();

  say("\n== pulumi up: after `config set appKeyName app-data-v2` and `config set reportsKeyState Disabled`");
  const stack = open({ ...initialConfig(endpoint), ...CHANGED_CONFIG });
  await stack.up();

  say("\n== someone changes the archive key by hand; pulumi refresh notices");
  await describeArchiveKeyByHand(endpoint, archiveKeyId(stack.state()));
  const { drift } = await stack.refresh();
  for (const d of drift)
    say(`   drift: ${d.name} ${d.deleted ? "deleted" : `changed [${d.changedOutputs.join(", ")}]`}`);

  say("\n== pulumi up: puts the declared description back");
  await stack.up();

  say("\n== pulumi destroy");
  await stack.destroy();
}

function archiveKeyId(state: StackState): string {
  const archive = findResource(state, "archive");
  if (!archive?.id) throw new Error("the archive key is not in the stack's state");
  return archive.id;
}
