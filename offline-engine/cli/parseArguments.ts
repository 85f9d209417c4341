export const COMMANDS = ["preview", "up", "refresh", "destroy", "stack-output", "state-delete"] as const;

export type Command = (typeof COMMANDS)[number];

export interface CliArguments {
  readonly command: Command;
  readonly cwd: string;
  readonly stack: string;
  readonly stateFile: string | undefined;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  readonly refresh: boolean;
  readonly showSecrets: boolean;
  /** `stack-output NAME`: one output only. */
  readonly outputName: string | undefined;
  /** `state-delete URN`: the resource to drop. */
  readonly urn: string | undefined;
  /** `state-delete --force`: a protected resource too. */
  readonly force: boolean;
}

export const USAGE = `usage: npm run offline-pulumi -- COMMAND [options]

commands:
  preview        show what up would do, change nothing
  up             create, update or delete resources to match the program
  refresh        read every resource back into the state
  destroy        delete every resource of the stack
  stack-output   print the stack outputs as JSON (stack-output NAME: one of them)
  state-delete   state-delete URN: drop a resource from the state, leaving what it manages alone

options:
  --cwd DIR            the Pulumi project directory (default: the current directory)
  --stack NAME         the stack (default: dev)
  --state FILE         the JSON state file (default: DIR/.pulumi-offline/NAME.json)
  --config KEY=VALUE   stack config, repeatable; KEY like kkms:endpoint (no namespace: the project's)
  --secret KEY=VALUE   secret stack config, repeatable
  --refresh            up, preview: refresh every resource first
  --show-secrets       stack-output: print secrets instead of "[secret]"
  --force              state-delete: a protected resource too`;

/** A command line that cannot run; the message names the argument and what is wrong with it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses `COMMAND [options]`. `resolvePath` makes `--cwd` and `--state` absolute. */
export function parseArguments(argv: readonly string[], resolvePath: (file: string) => string): CliArguments {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError("a COMMAND is required");
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(
      `unknown command ${JSON.stringify(command)}; the commands are ${COMMANDS.join(", ")}`,
    );
  }
  let cwd = resolvePath(".");
  let stack = "dev";
  let stateFile: string | undefined;
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  let refresh = false;
  let showSecrets = false;
  let outputName: string | undefined;
  let urn: string | undefined;
  let force = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? splitOnce(arg, "=") : [arg, undefined];
    const value = () => {
      const next = inline ?? rest[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--cwd":
        cwd = resolvePath(value());
        break;
      case "--stack":
        stack = stackName(value());
        break;
      case "--state":
        stateFile = resolvePath(value());
        break;
      case "--config":
      case "--secret": {
        const [key, configValue] = configPair(flag, value());
        config[key] = configValue;
        if (flag === "--secret") secretKeys.push(key);
        break;
      }
      case "--refresh":
        if (command !== "up" && command !== "preview")
          throw new UsageError("--refresh applies to up and preview");
        refresh = true;
        break;
      case "--show-secrets":
        if (command !== "stack-output") throw new UsageError("--show-secrets applies to stack-output");
        showSecrets = true;
        break;
      case "--force":
        if (command !== "state-delete") throw new UsageError("--force applies to state-delete");
        force = true;
        break;
      default:
        if (command === "stack-output" && !arg.startsWith("--") && outputName === undefined) {
          outputName = arg;
          break;
        }
        if (command === "state-delete" && !arg.startsWith("--") && urn === undefined) {
          urn = arg;
          break;
        }
        throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (command === "state-delete" && urn === undefined) throw new UsageError("state-delete needs a URN");
  return {
    command: command as Command,
    cwd,
    stack,
    stateFile,
    config,
    secretKeys,
    refresh,
    showSecrets,
    outputName,
    urn,
    force,
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** `KEY=VALUE`, the key a config key (`namespace:name` or a bare name). */
function configPair(flag: string, text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) throw new UsageError(`${flag} takes KEY=VALUE, got ${JSON.stringify(text)}`);
  const key = text.slice(0, at);
  if (!/^([A-Za-z0-9_.-]+:)?[A-Za-z0-9_.-]+$/.test(key)) {
    throw new UsageError(
      `${flag}: ${JSON.stringify(key)} is not a config key (namespace:name, or a bare name)`,
    );
  }
  return [key, text.slice(at + 1)];
}

/** Stack names: letters, digits, `-`, `_`, `.` (workspace stack names). */
function stackName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new UsageError(`--stack: ${JSON.stringify(name)} is not a stack name (letters, digits, - _ .)`);
  }
  return name;
}
