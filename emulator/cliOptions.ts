import * as fs from "fs";
import { parseArgs } from "util";
import { ConfigurationError } from "./errors";
import { MAX_TIMEOUT_MS, type EmulatorOptions } from "./options";
import { parseRootKey, ROOT_KEY_ENV } from "./storage/rootKey";
import { parseAllowedOrigins } from "./http/browserPolicy";

export const DEFAULT_DATA_DIR = "./.kkms-local";

/** Each flag and the environment variable used when the flag is absent. */
export const CLI_FLAGS = {
  host: { env: "KKMS_LOCAL_HOST", help: "address to listen on (default 127.0.0.1)" },
  port: { env: "KKMS_LOCAL_PORT", help: "port; 0 picks a free one (default 0)" },
  "data-dir": { env: "KKMS_LOCAL_DATA_DIR", help: `where keys are kept (default ${DEFAULT_DATA_DIR})` },
  "in-memory": { env: "KKMS_LOCAL_IN_MEMORY", help: "keep nothing on disk (env: 1 or true)" },
  "allow-new-database": {
    env: "KKMS_LOCAL_ALLOW_NEW_DATABASE",
    help: "start with no keys although root.key shows the data dir had a database (env: 1 or true)",
  },
  accounts: { env: "KKMS_LOCAL_ACCOUNTS", help: "JSON file of accounts (default: the development account)" },
  "deletion-window-days": {
    env: "KKMS_LOCAL_DELETION_WINDOW_DAYS",
    help: "PendingDeletion days; 0 purges at once (default 7)",
  },
  "throttle-rps": {
    env: "KKMS_LOCAL_THROTTLE_RPS",
    help: "requests a second per account before 409 LimitExceeded",
  },
  faults: { env: "KKMS_LOCAL_FAULTS", help: "fault rules as JSON, or @FILE" },
  seed: { env: "KKMS_LOCAL_SEED", help: "JSON file of keys to create at start" },
  "default-region": {
    env: "KKMS_LOCAL_DEFAULT_REGION",
    help: "region of simplified-signature requests (default cn-beijing-6)",
  },
  "allowed-origins": {
    env: "KKMS_LOCAL_ALLOWED_ORIGINS",
    help: "comma-separated origins whose web pages may call (default none: every page is refused)",
  },
  "header-timeout-ms": {
    env: "KKMS_LOCAL_HEADER_TIMEOUT_MS",
    help: "ms for a request's headers to arrive, else 408 (default 10000)",
  },
  "body-timeout-ms": {
    env: "KKMS_LOCAL_BODY_TIMEOUT_MS",
    help: "ms for a request's body to arrive after its headers, else 408 (default 10000)",
  },
  "idle-timeout-ms": {
    env: "KKMS_LOCAL_IDLE_TIMEOUT_MS",
    help: "ms a keep-alive connection may sit idle (default 5000)",
  },
  "max-connections": {
    env: "KKMS_LOCAL_MAX_CONNECTIONS",
    help: "open connections at most; the longest idle gives way to a new one (default 256, or ulimit -n less 32)",
  },
  "log-format": {
    env: "KKMS_LOCAL_LOG_FORMAT",
    help: "json (one line per request on stdout) or none (default json)",
  },
} as const;

type FlagName = keyof typeof CLI_FLAGS;

/** Flags that take no value; their environment variables take 1 or true (0, false or empty: off). */
const BOOLEAN_FLAGS: ReadonlySet<FlagName> = new Set(["in-memory", "allow-new-database"]);

export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "run";
      options: EmulatorOptions;
      logFormat: "json" | "none";
      dataLabel: string;
      usesDevelopmentAccount: boolean;
    };

/** Flags win over the environment; every bad value names its flag (or variable). */
export function parseCliArguments(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  const { values } = parseFlags(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const read = (flag: FlagName): { value: string; source: string } | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === "string") return { value: fromFlag, source: `--${flag}` };
    const fromEnv = env[CLI_FLAGS[flag].env];
    return fromEnv !== undefined && fromEnv !== ""
      ? { value: fromEnv, source: CLI_FLAGS[flag].env }
      : undefined;
  };
  const storage = storageOptions(values, read, env);
  const options: EmulatorOptions = {
    ...storage.options,
    allowNewDatabase: switchOn(values, env, "allow-new-database"),
    host: read("host")?.value,
    port: mapValue(read("port"), (v, source) => integer(v, source, 0, 65535)),
    accountsFile: read("accounts")?.value,
    deletionWindowDays: mapValue(read("deletion-window-days"), number),
    throttleRps: mapValue(read("throttle-rps"), number),
    faults: mapValue(read("faults"), faultsJson),
    seedFile: read("seed")?.value,
    defaultRegion: read("default-region")?.value,
    allowedOrigins: mapValue(read("allowed-origins"), originList),
    headerTimeoutMs: mapValue(read("header-timeout-ms"), milliseconds),
    bodyTimeoutMs: mapValue(read("body-timeout-ms"), milliseconds),
    idleTimeoutMs: mapValue(read("idle-timeout-ms"), milliseconds),
    maxConnections: mapValue(read("max-connections"), (v, source) => integer(v, source, 1, 65_536)),
    rootKey: env[ROOT_KEY_ENV] ? parseRootKey(env[ROOT_KEY_ENV], ROOT_KEY_ENV) : undefined,
  };
  const logFormat = read("log-format")?.value ?? "json";
  if (logFormat !== "json" && logFormat !== "none") {
    throw new ConfigurationError(`${read("log-format")?.source} must be json or none, got ${logFormat}.`);
  }
  return {
    kind: "run",
    options: dropUndefined(options),
    logFormat,
    dataLabel: storage.label,
    usesDevelopmentAccount: options.accountsFile === undefined,
  };
}

function parseFlags(argv: readonly string[]) {
  const flagTypes = Object.fromEntries(
    (Object.keys(CLI_FLAGS) as FlagName[]).map((flag) => [
      flag,
      { type: BOOLEAN_FLAGS.has(flag) ? ("boolean" as const) : ("string" as const) },
    ]),
  );
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...flagTypes,
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    }) as { values: Record<string, string | boolean | undefined> };
  } catch (err) {
    throw new ConfigurationError(`${(err as Error).message} (see --help)`);
  }
}

function storageOptions(
  values: Record<string, string | boolean | undefined>,
  read: (flag: FlagName) => { value: string; source: string } | undefined,
  env: NodeJS.ProcessEnv,
): { options: EmulatorOptions; label: string } {
  if (values["in-memory"] === true && typeof values["data-dir"] === "string") {
    throw new ConfigurationError("--in-memory and --data-dir exclude each other.");
  }
  const envInMemory = ["1", "true"].includes((env[CLI_FLAGS["in-memory"].env] ?? "").toLowerCase());
  const inMemory = values["in-memory"] === true || (typeof values["data-dir"] !== "string" && envInMemory);
  if (inMemory) return { options: { inMemory: true }, label: "in memory" };
  const dataDir = read("data-dir")?.value ?? DEFAULT_DATA_DIR;
  return { options: { dataDir }, label: dataDir };
}

/** A boolean flag, else its environment variable: 1 or true; 0, false or empty; anything else is refused. */
function switchOn(
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
  flag: FlagName,
): boolean | undefined {
  if (values[flag] === true) return true;
  const name = CLI_FLAGS[flag].env;
  const value = (env[name] ?? "").toLowerCase();
  if (value === "1" || value === "true") return true;
  if (value === "" || value === "0" || value === "false") return undefined;
  throw new ConfigurationError(`${name} must be 1, true, 0 or false, got ${JSON.stringify(env[name])}.`);
}

function mapValue<T>(
  input: { value: string; source: string } | undefined,
  convert: (value: string, source: string) => T,
): T | undefined {
  return input === undefined ? undefined : convert(input.value, input.source);
}

function integer(value: string, source: string, min: number, max: number): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new ConfigurationError(
      `${source} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}.`,
    );
  }
  return parsed;
}

function milliseconds(value: string, source: string): number {
  return integer(value, source, 1, MAX_TIMEOUT_MS);
}

function number(value: string, source: string): number {
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(parsed))
    throw new ConfigurationError(`${source} must be a number ≥ 0, got ${JSON.stringify(value)}.`);
  return parsed;
}

function originList(value: string, source: string): string[] {
  const entries = value.split(",").map((entry) => entry.trim());
  return parseAllowedOrigins(
    entries.filter((entry) => entry !== ""),
    source,
  );
}

/** Inline JSON, or `@path` to a JSON file. */
function faultsJson(value: string, source: string): EmulatorOptions["faults"] {
  let text = value;
  if (value.startsWith("@")) {
    try {
      text = fs.readFileSync(value.slice(1), "utf8");
    } catch (err) {
      throw new ConfigurationError(`${source}: cannot read ${value.slice(1)}: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as EmulatorOptions["faults"];
  } catch (err) {
    throw new ConfigurationError(`${source} is not JSON: ${(err as Error).message}`);
  }
}

function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

export function usage(): string {
  const lines = (Object.keys(CLI_FLAGS) as FlagName[]).map((flag) => {
    const spec = CLI_FLAGS[flag];
    const name = BOOLEAN_FLAGS.has(flag) ? `--${flag}` : `--${flag} VALUE`;
    return `  ${name.padEnd(30)} ${spec.help} [env ${spec.env}]`;
  });
  return [
    "Usage: kkms-local [options]",
    "",
    "kkms-local: an offline Kingsoft Cloud KMS (KKMS OpenAPI 2016-03-04) server.",
    "",
    ...lines,
    `  ${"-h, --help".padEnd(30)} this text`,
    `  ${"-v, --version".padEnd(30)} the version`,
    "",
    `The root key wrapping key material at rest: ${ROOT_KEY_ENV} (32 bytes, hex or base64), else <data-dir>/root.key.`,
  ].join("\n");
}
