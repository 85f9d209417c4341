#!/usr/bin/env node
/**
 * pulumi-resource-kkms: the native kkms provider plugin. The engine starts it with its own gRPC address as the
 * argument and reads the port from the first line of stdout (sdk/go/common/resource/plugin/plugin.go at
 * v3.248.0, newPlugin); it serves until it is killed. Started by hand with no argument, it waits for the engine
 * to attach (PULUMI_DEBUG_PROVIDERS=kkms:PORT).
 */
import { startPluginServer } from "./server";

async function main(argv: string[]): Promise<void> {
  // The engine may pass flags before its address (e.g. --tracing); the address is the last plain argument.
  const engineAddress = argv.filter((arg) => !arg.startsWith("-")).pop();
  const server = await startPluginServer({ engineAddress });
  process.stdout.write(`${server.port}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-kkms: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
