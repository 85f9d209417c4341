#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { DEVELOPMENT_ACCOUNT } from "./auth/accounts";
import { parseCliArguments, usage, type CliCommand } from "./cliOptions";
import { startEmulator, type RunningEmulator } from "./emulator";
import { ConfigurationError, DataDirError } from "./errors";
import { processOutput, type ProcessOutput } from "./operations/processOutput";

/**
 * `kkms-local`: prints exactly one line holding its URL on stdout once it listens, then one JSON line per
 * request; notices go to stderr. Bad flags exit with 2, a damaged data dir with 3 (EXIT_STATUS); SIGINT/SIGTERM
 * finish requests in flight and exit 0.
 * A closed stdout or stderr never stops it (see processOutput).
 */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: ProcessOutput = processOutput(process.stdout, process.stderr),
): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv, env);
  } catch (err) {
    return fail(output, err);
  }
  if (command.kind === "help") return print(output, usage());
  if (command.kind === "version") return print(output, packageVersion());
  // Listening before the ready line: a client may signal as soon as it reads it.
  const stopped = untilSignal();
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      ...command.options,
      log: command.logFormat === "json" ? (line) => output.stdout.write(line) : undefined,
    });
  } catch (err) {
    return fail(output, err);
  }
  if (command.usesDevelopmentAccount) output.stderr.write(developmentNotice());
  output.stdout.write(`kkms-local listening on ${emulator.url} (data: ${command.dataLabel})`);
  await stopped;
  await emulator.close();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function developmentNotice(): string {
  return (
    "kkms-local: no --accounts given; using the development account\n" +
    `  accountId ${DEVELOPMENT_ACCOUNT.accountId}  accessKeyId ${DEVELOPMENT_ACCOUNT.accessKeyId}  ` +
    `secretAccessKey ${DEVELOPMENT_ACCOUNT.secretAccessKey}`
  );
}

function print(output: ProcessOutput, text: string): number {
  output.stdout.write(text);
  return 0;
}

/** Exit statuses: 2 a configuration mistake, 3 a damaged or incomplete data dir, 1 anything else (a port in use). */
export const EXIT_STATUS = { configuration: 2, dataDir: 3, other: 1 } as const;

function fail(output: ProcessOutput, err: unknown): number {
  output.stderr.write(`kkms-local: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof ConfigurationError) return EXIT_STATUS.configuration;
  return err instanceof DataDirError ? EXIT_STATUS.dataDir : EXIT_STATUS.other;
}

/**
 * kkms-local's own version, from the package.json named kkms-local: two levels up from dist/emulator/cli.js in
 * the published package (and in emulator/, its workspace), beside emulator/cli.ts, and in emulator/ from this
 * repository's own dist/emulator/cli.js (whose root package.json is pulumi-kkms's, with a version of its own).
 */
export function packageVersion(directory: string = __dirname): string {
  for (const candidate of ["../../package.json", "../../emulator/package.json", "package.json"]) {
    const file = path.join(directory, candidate);
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (json.name === "kkms-local") return `kkms-local ${json.version ?? "unknown"}`;
  }
  return "kkms-local (version unknown)";
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `kkms-local: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
