#!/usr/bin/env node
import * as path from "path";

import { parseArguments, USAGE, UsageError, type CliArguments } from "./cli/parseArguments";
import { openStack } from "./stack/openStack";
import { stackOutputJson } from "./stack/stackOutputs";
import { OperationFailedError } from "./stack/types";

/** Exit statuses: 0 done, 1 an operation (or a step of it) failed, 2 a bad command line. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/**
 * `npm run offline-pulumi -- COMMAND [options]`: the offline engine from the command line. Relative paths are
 * taken from where npm was started (INIT_CWD), not from the repository root npm runs scripts in.
 */
export async function main(
  argv: readonly string[],
  out = process.stdout,
  err = process.stderr,
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const base = process.env["INIT_CWD"] ?? process.cwd();
  let args: CliArguments;
  try {
    args = parseArguments(argv, (file) => path.resolve(base, file));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`offline-pulumi: ${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    return await run(args, out);
  } catch (error) {
    // The summary, errors included, was printed as it happened.
    if (error instanceof OperationFailedError) return EXIT_FAILED;
    err.write(`offline-pulumi: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  }
}

async function run(args: CliArguments, out: NodeJS.WritableStream): Promise<number> {
  const stack = openStack({
    cwd: args.cwd,
    stack: args.stack,
    stateFile: args.stateFile,
    config: args.config,
    secretKeys: args.secretKeys,
    log: (line) => out.write(`${line}\n`),
  });
  switch (args.command) {
    case "preview":
      await stack.preview({ refresh: args.refresh });
      break;
    case "up":
      await stack.up({ refresh: args.refresh });
      break;
    case "refresh":
      await stack.refresh();
      break;
    case "destroy":
      await stack.destroy();
      break;
    case "stack-output": {
      const outputs = stackOutputJson(stack.outputs(), args.showSecrets);
      if (args.outputName !== undefined && !(args.outputName in outputs)) {
        throw new Error(`current stack does not have output property '${args.outputName}'`);
      }
      const printed = args.outputName === undefined ? outputs : outputs[args.outputName];
      out.write(`${JSON.stringify(printed, null, 2)}\n`);
      break;
    }
    case "state-delete":
      await stack.stateDelete(args.urn as string, { force: args.force });
      out.write("Resource deleted\n");
      break;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`offline-pulumi: ${error.stack ?? error.message}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
