import { spawn } from "child_process";

import type { ProgramResult, ProgramRun, RunRequest } from "./programRun";

/** cmd/run's exit status after it has shown the user the error (run/index.ts `nodeJSProcessExitedAfterLoggingUserActionableMessage`). */
const EXITED_AFTER_LOGGING = 32;

export interface NodeProgram {
  /** The project root (where Pulumi.yaml is). */
  readonly root: string;
  /** Where the program runs (`--pwd`) and what it runs there (`.` for the package's main). */
  readonly pwd: string;
  readonly main: string;
  /** Pulumi.yaml runtime options: `typescript` (default true), `tsconfig`, `nodeargs`. */
  readonly runtimeOptions: Record<string, unknown>;
}

/** The program of a Node.js project could not be started; the message says why. */
export class ProgramStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramStartError";
  }
}

/**
 * Runs a Node.js program as the CLI's language host does (sdk/nodejs/cmd/pulumi-language-nodejs/main.go at v3.248.0,
 * `Run`, `execRuntime`, `constructArguments`, `constructConfig`): `node [nodeargs] @pulumi/pulumi/cmd/run` — resolved
 * from the program's directory — with `--monitor`, `--engine`, `--organization`, `--project`, `--root-directory`, `--stack`, `--pwd`,
 * `--dry-run` for a preview, `--parallel` and the entry point; the config in `PULUMI_CONFIG` (keys as
 * `<namespace>:config:<name>`), the secret keys in `PULUMI_CONFIG_SECRET_KEYS`, TypeScript through
 * `PULUMI_NODEJS_TYPESCRIPT`. The program then loads the way `pulumi up` loads it, ts-node included.
 */
export function startNodeProgram(program: NodeProgram, request: RunRequest): ProgramRun {
  const runPath = resolveRunner(program.pwd);
  const options = program.runtimeOptions;
  const nodeArgs = typeof options["nodeargs"] === "string" ? splitArgs(options["nodeargs"]) : [];
  const args = [
    ...nodeArgs,
    runPath,
    "--monitor",
    request.monitorAddress,
    "--engine",
    request.engineAddress,
    // main.go:1080 maybeAppendArg("organization", …)
    "--organization",
    request.organization,
    "--project",
    request.project,
    "--root-directory",
    program.root,
    "--stack",
    request.stack,
    "--pwd",
    program.pwd,
    ...(request.preview ? ["--dry-run"] : []),
    "--parallel",
    String(request.parallel),
    program.main,
  ];
  const env: NodeJS.ProcessEnv = {
    ...request.env,
    PULUMI_CONFIG: JSON.stringify(languageHostConfig(request.config)),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.secretKeys),
  };
  if (options["typescript"] !== false) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  if (typeof options["tsconfig"] === "string") env["PULUMI_NODEJS_TSCONFIG_PATH"] = options["tsconfig"];

  // The language host starts node without setting its directory: it inherits the host's, the program directory.
  const child = spawn(process.execPath, args, { cwd: program.pwd, env, stdio: ["ignore", "pipe", "pipe"] });
  forwardLines(child.stdout, (line) => request.onOutput("stdout", line));
  forwardLines(child.stderr, (line) => request.onOutput("stderr", line));
  const done = new Promise<ProgramResult>((resolve) => {
    child.once("error", (error) =>
      resolve({ error: `Problem executing program (could not run language executor): ${error.message}` }),
    );
    child.once("exit", (code, signal) => resolve(exitResult(code, signal)));
  });
  return {
    done,
    // A program whose RPCs the monitor refuses ends soon (the SDK stops its RPCs and its event loop drains).
    canceledGraceMs: 5000,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await done;
    },
  };
}

/** main.go:877 execRuntime: how the program's exit status is reported. */
function exitResult(code: number | null, signal: NodeJS.Signals | null): ProgramResult {
  if (code === 0) return {};
  if (code === EXITED_AFTER_LOGGING) return { error: "", bail: true };
  if (code === null) return { error: `Program exited with non-zero exit code: ${signal}` };
  return { error: `Program exited with non-zero exit code: ${code}` };
}

/** main.go:1101 constructConfig: the older `<namespace>:config:<name>` keys, which every SDK version reads. */
function languageHostConfig(config: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const separator = key.indexOf(":");
    result[`${key.slice(0, separator)}:config:${key.slice(separator + 1)}`] = value;
  }
  return result;
}

/** main.go:202 locateModule: `@pulumi/pulumi/cmd/run`, resolved where the program is. */
function resolveRunner(pwd: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] });
  } catch {
    throw new ProgramStartError(
      `It looks like the Pulumi SDK has not been installed in ${pwd}. Have you run npm install?`,
    );
  }
}

/** Pulumi.yaml `nodeargs` is a shell-like string (main.go uses shlex). */
function splitArgs(text: string): string[] {
  return (text.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((arg) => arg.replace(/^(["'])(.*)\1$/, "$2"));
}

function forwardLines(stream: NodeJS.ReadableStream, emit: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (text: string) => {
    const lines = (rest + text).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) emit(line);
  });
  stream.on("end", () => {
    if (rest) emit(rest);
  });
}
