import { DEFAULT_REGION } from "../sdk/config";
import { KNOWN_REGIONS } from "../sdk/regions";
import { DEVELOPMENT_ACCOUNT, loadAccountsFile, parseAccounts, type Account } from "./auth/accounts";
import { ConfigurationError } from "./errors";
import { parseFaultSettings, type FaultRule, type FaultSettings } from "./operations/faults";
import { EMULATOR_LIMITS } from "./actions/limits";
import { loadSeedFile, parseSeedKeys, type SeedKey } from "./storage/seedKeys";
import { checkRps } from "./operations/throttle";
import { checkNumber, NUMBER_RULES } from "./numberRules";
import { parseAllowedOrigins, type BrowserPolicy } from "./http/browserPolicy";
import { defaultMaxConnections } from "./http/defaultMaxConnections";

export interface EmulatorOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Where keys are kept (created with mode 0700). Without it (or with inMemory) nothing survives close(). */
  dataDir?: string;
  /** @default true when dataDir is not given */
  inMemory?: boolean;
  /**
   * Start with a new, empty database in a data dir whose root.key shows it had one (deleted, or left behind by
   * a restore); without it that start is refused. Deletes nothing. @default false
   */
  allowNewDatabase?: boolean;
  /** Access keys. @default [DEVELOPMENT_ACCOUNT] */
  accounts?: Account[];
  /** JSON file of accounts (used when `accounts` is not given). */
  accountsFile?: string;
  /** How long a deleted key stays PendingDeletion; 0 purges at once. Fractions allowed. @default 7 */
  deletionWindowDays?: number;
  /** Per-account requests a second before 409 LimitExceeded. @default off */
  throttleRps?: number;
  /** Injected errors and latency. @default none */
  faults?: FaultRule[] | FaultSettings;
  /** Keys to create at start (existing ids are left alone). */
  seedKeys?: SeedKey[];
  /** JSON file of seed keys (used when `seedKeys` is not given). */
  seedFile?: string;
  /** Region of simplified-signature requests without a Region parameter. @default "cn-beijing-6" */
  defaultRegion?: string;
  /** Regions a credential scope may name. @default the SDK's KNOWN_REGIONS */
  regions?: readonly string[];
  /**
   * Origins (`http://localhost:3000`) whose web pages may call kkms-local; a request from any other page
   * (Origin, Sec-Fetch-Site or Referer) is refused with 403 OriginNotAllowed. @default none
   */
  allowedOrigins?: readonly string[];
  /** @default 65536 */
  maxBodyBytes?: number;
  /**
   * A request's headers must have arrived within this many milliseconds of its first byte (for a new
   * connection, of its opening), else 408 RequestTimeout and the connection is closed. @default 10000
   */
  headerTimeoutMs?: number;
  /** A request's body must have arrived within this many ms of its headers, else 408 RequestTimeout. @default 10000 */
  bodyTimeoutMs?: number;
  /** A keep-alive connection with no request for this many ms is closed (Node waits 1 s more). @default 5000 */
  idleTimeoutMs?: number;
  /**
   * Open connections at most. Past it a new connection replaces the one idle for longest; when none is idle,
   * its requests are answered 409 LimitExceeded and it is closed. @default 256, or the open-files limit less 32
   * when that is lower (read on Linux)
   */
  maxConnections?: number;
  /** @default 15 */
  clockSkewMinutes?: number;
  /** The clock of signatures, CreateTime and deletion windows. @default () => new Date() */
  clock?: () => Date;
  /** Receives one JSON line per request. @default none */
  log?: (line: string) => void;
  /** 32 bytes wrapping key material at rest. @default `<dataDir>/root.key`, or random in memory */
  rootKey?: Buffer;
  /**
   * How often expired PendingDeletion keys are purged (each write request purges them too; reads never see
   * them). @default 60000
   */
  purgeIntervalMs?: number;
}

/** Options after defaults and checks: the rest of the emulator never tests for undefined. */
export interface ResolvedOptions {
  host: string;
  port: number;
  dataDir: string | undefined;
  allowNewDatabase: boolean;
  accounts: Account[];
  deletionWindowMs: number;
  throttleRps: number | undefined;
  faults: FaultSettings;
  seedKeys: SeedKey[];
  defaultRegion: string;
  regions: ReadonlySet<string>;
  browserPolicy: BrowserPolicy;
  maxBodyBytes: number;
  headerTimeoutMs: number;
  bodyTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  skewMs: number;
  clock: () => Date;
  log: ((line: string) => void) | undefined;
  rootKey: Buffer | undefined;
  purgeIntervalMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (options.dataDir !== undefined && options.inMemory === true) {
    throw new ConfigurationError("dataDir and inMemory exclude each other.");
  }
  const regions = new Set(options.regions ?? KNOWN_REGIONS);
  const defaultRegion = knownRegion(options.defaultRegion ?? DEFAULT_REGION, regions, "defaultRegion");
  return {
    host: options.host ?? "127.0.0.1",
    port: checked(options, "port", 0),
    dataDir: options.inMemory ? undefined : options.dataDir,
    allowNewDatabase: options.allowNewDatabase === true,
    accounts: resolveAccounts(options),
    deletionWindowMs: checked(options, "deletionWindowDays", 7) * DAY_MS,
    throttleRps: checkRps(options.throttleRps),
    faults: parseFaultSettings(options.faults ?? [], "faults"),
    seedKeys: options.seedKeys
      ? parseSeedKeys(options.seedKeys, "seedKeys")
      : options.seedFile
        ? loadSeedFile(options.seedFile)
        : [],
    defaultRegion,
    regions,
    browserPolicy: {
      allowedOrigins: new Set(parseAllowedOrigins(options.allowedOrigins ?? [], "allowedOrigins")),
    },
    maxBodyBytes: checked(options, "maxBodyBytes", EMULATOR_LIMITS.maxBodyBytes),
    headerTimeoutMs: checked(options, "headerTimeoutMs", 10_000),
    bodyTimeoutMs: checked(options, "bodyTimeoutMs", 10_000),
    idleTimeoutMs: checked(options, "idleTimeoutMs", 5_000),
    maxConnections: checked(options, "maxConnections", defaultMaxConnections()),
    skewMs: checked(options, "clockSkewMinutes", 15) * 60_000,
    clock: options.clock ?? (() => new Date()),
    log: options.log,
    rootKey: options.rootKey,
    purgeIntervalMs: checked(options, "purgeIntervalMs", 60_000),
  };
}

/** `region` when it is one of `regions`; else an error naming `name` (an option, a flag) and the known ones. */
export function knownRegion(region: string, regions: Iterable<string>, name: string): string {
  const known = [...regions];
  if (!known.includes(region))
    throw new ConfigurationError(
      `${name} ${JSON.stringify(region)} is not a known region; known: ${known.join(", ")}.`,
    );
  return region;
}

function resolveAccounts(options: EmulatorOptions): Account[] {
  if (options.accounts !== undefined) return parseAccounts(options.accounts, "accounts");
  if (options.accountsFile !== undefined) return loadAccountsFile(options.accountsFile);
  return [{ ...DEVELOPMENT_ACCOUNT }];
}

/** A numeric option, or its default, checked against its rule in NUMBER_RULES (the CLI's flags use the same). */
function checked(
  options: EmulatorOptions,
  name: Exclude<keyof typeof NUMBER_RULES, "throttleRps">,
  fallback: number,
): number {
  return checkNumber(options[name] ?? fallback, name, NUMBER_RULES[name]);
}
