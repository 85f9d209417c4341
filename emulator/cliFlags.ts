import { parseArgs } from "util";
import { ConfigurationError } from "./errors";

/** A flag the CLI takes: `value` says what its value must be; a flag without one is a switch. */
export interface FlagSpec {
  /** One line of --help. */
  readonly help: string;
  /** The value's rule in words ("an integer from 0 to 65535"); absent for a switch (`--in-memory`). */
  readonly value?: string;
}

/** What the command line gave: each flag's text, `true` for a switch; `help` and `version` too. */
export type FlagValues = Record<string, string | true>;

/** `-h, --help` and `-v, --version`: switches every command line may hold. */
const ALWAYS: Readonly<Record<string, FlagSpec>> = {
  help: { help: "this text" },
  version: { help: "the version" },
};

/**
 * Reads the command line into flag values, refusing with a message that names the flag and its rule: an unknown
 * flag, an argument that is no flag, a flag given twice, a switch given a value, a flag without its value.
 * util.parseArgs does the lexing (`--flag=value`, `-h`, `--`); its strict mode would answer `--port -1` or a
 * trailing `--port` with "argument is ambiguous" / "argument missing", so values are joined to their flag first.
 */
export function readFlags(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): FlagValues {
  const { tokens } = parseArgs({
    args: joinValues(argv, specs),
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: {
      ...Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [
          name,
          { type: spec.value === undefined ? ("boolean" as const) : ("string" as const) },
        ]),
      ),
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  const values: FlagValues = {};
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional")
      throw new ConfigurationError(
        `kkms-local takes only flags; ${JSON.stringify(token.value)} is not one (see --help).`,
      );
    const spec = knownFlag(token.name, token.rawName, specs);
    if (spec === undefined)
      throw new ConfigurationError(`${token.rawName} is not a kkms-local flag (see --help).`);
    if (token.name in values)
      throw new ConfigurationError(`${token.rawName} is given twice; give each flag once.`);
    if (spec.value === undefined && token.value !== undefined)
      throw new ConfigurationError(
        `${token.rawName} is a switch and takes no value; got ${JSON.stringify(token.value)}.`,
      );
    if (spec.value !== undefined && (token.value === undefined || token.value === ""))
      throw missingValue(token.rawName, spec.value);
    values[token.name] = token.value ?? true;
  }
  return values;
}

function knownFlag(
  name: string,
  rawName: string,
  specs: Readonly<Record<string, FlagSpec>>,
): FlagSpec | undefined {
  if (specOf(name, ALWAYS)) return ALWAYS[name];
  // parseArgs names `-x` "x": only the long form of a flag is one.
  return rawName === `--${name}` ? specOf(name, specs) : undefined;
}

/**
 * `--flag VALUE` becomes `--flag=VALUE` for every flag that takes a value, whatever VALUE starts with (`-1` is a
 * value, to be judged by the flag's rule), unless it is missing or is itself a flag (`--port --in-memory`).
 */
function joinValues(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return [...joined, ...argv.slice(i)];
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    const spec = name === undefined ? undefined : specOf(name, specs);
    if (spec?.value === undefined) {
      joined.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) throw missingValue(arg, spec.value);
    joined.push(`${arg}=${next}`);
    i++;
  }
  return joined;
}

function specOf(name: string, specs: Readonly<Record<string, FlagSpec>>): FlagSpec | undefined {
  return Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
}

function missingValue(flag: string, rule: string): ConfigurationError {
  return new ConfigurationError(`${flag} needs a value: ${rule} (as ${flag} VALUE or ${flag}=VALUE).`);
}
