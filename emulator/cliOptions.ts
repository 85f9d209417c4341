import * as fs from "fs";
import { KNOWN_REGIONS } from "../sdk/regions";
import { readFlags, type FlagSpec, type FlagValues } from "./cliFlags";
import { ConfigurationError } from "./errors";
import { NUMBER_RULES, numberFromText, ruleText, type NumberRule } from "./numberRules";
import { knownRegion, type EmulatorOptions } from "./options";
import { parseRootKey, ROOT_KEY_ENV } from "./storage/rootKey";
import { parseAllowedOrigins } from "./http/browserPolicy";

export const DEFAULT_DATA_DIR = "./.kkms-local";

/** Each flag and the environment variable used when the flag is absent. */
export const CLI_FLAGS = {
  host: {
    value: "an address such as 127.0.0.1",
    env: "KKMS_LOCAL_HOST",
    help: "address to listen on (default 127.0.0.1)",
  },
  port: {
    value: ruleText(NUMBER_RULES.port),
    env: "KKMS_LOCAL_PORT",
    help: "port; 0 picks a free one (default 0)",
  },
  "data-dir": {
    value: "a directory",
    env: "KKMS_LOCAL_DATA_DIR",
    help: `where keys are kept (default ${DEFAULT_DATA_DIR})`,
  },
  "in-memory": { env: "KKMS_LOCAL_IN_MEMORY", help: "keep nothing on disk (env: 1 or true)" },
  "allow-new-database": {
    env: "KKMS_LOCAL_ALLOW_NEW_DATABASE",
    help: "start with no keys although root.key shows the data dir had a database (env: 1 or true)",
  },
  accounts: {
    value: "a JSON file",
    env: "KKMS_LOCAL_ACCOUNTS",
    help: "JSON file of accounts (default: the development account)",
  },
  "deletion-window-days": {
    value: ruleText(NUMBER_RULES.deletionWindowDays),
    env: "KKMS_LOCAL_DELETION_WINDOW_DAYS",
    help: "PendingDeletion days; 0 purges at once (default 7)",
  },
  "throttle-rps": {
    value: ruleText(NUMBER_RULES.throttleRps),
    env: "KKMS_LOCAL_THROTTLE_RPS",
    help: "requests a second per account before 409 LimitExceeded",
  },
  faults: {
    value: "fault rules as JSON, or @FILE",
    env: "KKMS_LOCAL_FAULTS",
    help: "fault rules as JSON, or @FILE",
  },
  seed: { value: "a JSON file", env: "KKMS_LOCAL_SEED", help: "JSON file of keys to create at start" },
  "default-region": {
    value: "a known region name",
    env: "KKMS_LOCAL_DEFAULT_REGION",
    help: "region of simplified-signature requests (default cn-beijing-6)",
  },
  "allowed-origins": {
    value: "comma-separated origins",
    env: "KKMS_LOCAL_ALLOWED_ORIGINS",
    help: "comma-separated origins whose web pages may call (default none: every page is refused)",
  },
  "header-timeout-ms": {
    value: ruleText(NUMBER_RULES.headerTimeoutMs),
    env: "KKMS_LOCAL_HEADER_TIMEOUT_MS",
    help: "ms for a request's headers to arrive, else 408 (default 10000)",
  },
  "body-timeout-ms": {
    value: ruleText(NUMBER_RULES.bodyTimeoutMs),
    env: "KKMS_LOCAL_BODY_TIMEOUT_MS",
    help: "ms for a request's body to arrive after its headers, else 408 (default 10000)",
  },
  "idle-timeout-ms": {
    value: ruleText(NUMBER_RULES.idleTimeoutMs),
    env: "KKMS_LOCAL_IDLE_TIMEOUT_MS",
    help: "ms a keep-alive connection may sit idle (default 5000)",
  },
  "max-connections": {
    value: ruleText(NUMBER_RULES.maxConnections),
    env: "KKMS_LOCAL_MAX_CONNECTIONS",
    help: "open connections at most; the longest idle gives way to a new one (default 256, or ulimit -n less 32)",
  },
  "log-format": {
    value: "json or none",
    env: "KKMS_LOCAL_LOG_FORMAT",
    help: "json (one line per request on stdout) or none (default json)",
  },
} as const satisfies Record<string, FlagSpec & { env: string }>;

type FlagName = keyof typeof CLI_FLAGS;

/** Switches: flags that take no value; their environment variables take 1 or true (0, false or empty: off). */
function isSwitch(flag: FlagName): boolean {
  return !("value" in CLI_FLAGS[flag]);
}

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
  const values = readFlags(argv, CLI_FLAGS);
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
    port: mapValue(read("port"), numberBy(NUMBER_RULES.port)),
    accountsFile: read("accounts")?.value,
    deletionWindowDays: mapValue(read("deletion-window-days"), numberBy(NUMBER_RULES.deletionWindowDays)),
    throttleRps: mapValue(read("throttle-rps"), numberBy(NUMBER_RULES.throttleRps)),
    faults: mapValue(read("faults"), faultsJson),
    seedFile: read("seed")?.value,
    defaultRegion: mapValue(read("default-region"), (v, source) => knownRegion(v, KNOWN_REGIONS, source)),
    allowedOrigins: mapValue(read("allowed-origins"), originList),
    headerTimeoutMs: mapValue(read("header-timeout-ms"), numberBy(NUMBER_RULES.headerTimeoutMs)),
    bodyTimeoutMs: mapValue(read("body-timeout-ms"), numberBy(NUMBER_RULES.bodyTimeoutMs)),
    idleTimeoutMs: mapValue(read("idle-timeout-ms"), numberBy(NUMBER_RULES.idleTimeoutMs)),
    maxConnections: mapValue(read("max-connections"), numberBy(NUMBER_RULES.maxConnections)),
    rootKey: env[ROOT_KEY_ENV] ? parseRootKey(env[ROOT_KEY_ENV], ROOT_KEY_ENV) : undefined,
  };
  const logFormat = read("log-format")?.value ?? "json";
  if (logFormat !== "json" && logFormat !== "none") {
    throw new ConfigurationError(
      `${read("log-format")?.source} must be json or none, got ${JSON.stringify(logFormat)}.`,
    );
  }
  return {
    kind: "run",
    options: dropUndefined(options),
    logFormat,
    dataLabel: storage.label,
    usesDevelopmentAccount: options.accountsFile === undefined,
  };
}

function storageOptions(
  values: FlagValues,
  read: (flag: FlagName) => { value: string; source: string } | undefined,
  env: NodeJS.ProcessEnv,
): { options: EmulatorOptions; label: string } {
  if (values["in-memory"] === true && typeof values["data-dir"] === "string") {
    throw new ConfigurationError("--in-memory and --data-dir exclude each other.");
  }
  const envInMemory = switchOn({}, env, "in-memory") === true;
  const envDataDir = env[CLI_FLAGS["data-dir"].env];
  const flagged = values["in-memory"] === true || typeof values["data-dir"] === "string";
  if (!flagged && envInMemory && envDataDir !== undefined && envDataDir !== "") {
    throw new ConfigurationError(
      `${CLI_FLAGS["in-memory"].env} and ${CLI_FLAGS["data-dir"].env} exclude each other (a flag would decide).`,
    );
  }
  const inMemory = values["in-memory"] === true || (typeof values["data-dir"] !== "string" && envInMemory);
  if (inMemory) return { options: { inMemory: true }, label: "in memory" };
  const dataDir = read("data-dir")?.value ?? DEFAULT_DATA_DIR;
  return { options: { dataDir }, label: dataDir };
}

/** A boolean flag, else its environment variable: 1 or true; 0, false or empty; anything else is refused. */
function switchOn(values: FlagValues, env: NodeJS.ProcessEnv, flag: FlagName): boolean | undefined {
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

/** A numeric flag or variable, judged by the rule `startEmulator` applies to the same option. */
function numberBy(rule: NumberRule): (value: string, source: string) => number {
  return (value, source) => numberFromText(value, source, rule);
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
    const name = isSwitch(flag) ? `--${flag}` : `--${flag} VALUE`;
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
