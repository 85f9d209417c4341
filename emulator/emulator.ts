import type { AddressInfo } from "net";
import type * as http from "http";
import { AccountDirectory, type Account } from "./auth/accounts";
import { FaultInjector, type FaultRule, type FaultSettings } from "./operations/faults";
import { MaterialCache } from "./storage/materialCache";
import { Metrics, type MetricsSnapshot } from "./operations/metrics";
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from "./options";
import { applySeedKeys } from "./storage/seedKeys";
import { createServer, type ServerContext } from "./http/server";
import { openStorage, type Storage } from "./storage/openStorage";
import type { KeyStore } from "./storage/keyStore";
import { StorageHealth } from "./storage/storageHealth";
import { Throttle } from "./operations/throttle";
import { ConnectionLimiter } from "./http/connectionLimiter";
import { RecentRequests } from "./operations/recentRequests";
import { GroupCommit } from "./storage/groupCommit";

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` — the endpoint for clients. */
  url: string;
  host: string;
  port: number;
  accounts: readonly Account[];
  /** Direct access to the keys, for tests. */
  store: KeyStore;
  /** The data dir, or undefined in memory. */
  dataDir: string | undefined;
  /** Stops accepting, lets requests in flight finish, closes the database. Safe to call twice. */
  close(): Promise<void>;
  metrics(): MetricsSnapshot;
  resetMetrics(): void;
  getFaults(): FaultSettings;
  setFaults(faults: FaultRule[] | FaultSettings): void;
  /** undefined turns the throttle off. */
  setThrottle(rps: number | undefined): void;
  /** Purges keys whose deletion window has ended now (also done by each write request and on a timer). */
  purgeExpiredKeys(): number;
  /** Connections open now: at most `maxConnections` admitted, plus the refused ones not yet closed. */
  openConnections(): number;
}

/** Connections still open this long after close() are cut. */
const CLOSE_GRACE_MS = 10_000;

/** Starts kkms-local in this process. Library default: in memory, port 0, the development account. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = resolveOptions(options);
  const storage = openStorage({
    dataDir: settings.dataDir,
    rootKey: settings.rootKey,
    allowNewDatabase: settings.allowNewDatabase,
  });
  try {
    const accounts = new AccountDirectory(settings.accounts);
    applySeedKeys(settings.seedKeys, { ...settings, ...storage, accounts, now: settings.clock() });
    const context = serverContext(settings, storage, accounts);
    const server = createServer(context);
    const address = await listen(server, settings.host, settings.port);
    return runningEmulator(settings, storage, context, server, address);
  } catch (err) {
    storage.store.close();
    throw err;
  }
}

function serverContext(
  settings: ResolvedOptions,
  storage: Storage,
  accounts: AccountDirectory,
): ServerContext {
  const metrics = new Metrics();
  return {
    ...settings,
    ...storage,
    writes: new GroupCommit(storage.store),
    storageHealth: new StorageHealth(),
    accounts,
    materials: new MaterialCache(storage.rootKey),
    throttle: new Throttle(settings.throttleRps),
    connections: new ConnectionLimiter(settings.maxConnections, settings.headerTimeoutMs),
    faults: new FaultInjector(settings.faults),
    metrics,
    resetMetrics: () => metrics.reset(),
    recentRequests: new RecentRequests(),
  };
}

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function runningEmulator(
  settings: ResolvedOptions,
  storage: Storage,
  context: ServerContext,
  server: http.Server,
  address: AddressInfo,
): RunningEmulator {
  const purge = () => storage.store.purgeExpired(settings.clock().getTime());
  const timer = setInterval(() => purgeOnTimer(purge, context), settings.purgeIntervalMs);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(address),
    host: address.address,
    port: address.port,
    accounts: settings.accounts,
    store: storage.store,
    dataDir: settings.dataDir,
    close: () => {
      clearInterval(timer);
      closing ??= closeServer(server).finally(() => storage.store.close());
      return closing;
    },
    metrics: () => context.metrics.snapshot(),
    resetMetrics: () => context.metrics.reset(),
    getFaults: () => context.faults.get(),
    setFaults: (faults) => context.faults.set(Array.isArray(faults) ? { faults } : faults),
    setThrottle: (rps) => context.throttle.setRate(rps),
    purgeExpiredKeys: purge,
    openConnections: () => context.connections.size,
  };
}

/**
 * A purge that fails (a full disk: it writes too) must not throw out of a timer, which would end the process;
 * the keys it would have purged stay hidden from every read and are purged by a later write. Damage is
 * remembered like a request's.
 */
function purgeOnTimer(purge: () => number, context: ServerContext): void {
  try {
    purge();
  } catch (err) {
    context.storageHealth.classify(err);
  }
}

/** Waits for requests in flight; idle keep-alive connections are closed at once, stragglers after a grace. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Wildcard addresses are reached through loopback; IPv6 literals need brackets. */
export function urlOf(address: AddressInfo): string {
  const host =
    address.address === "0.0.0.0" || address.address === "::"
      ? "127.0.0.1"
      : address.family === "IPv6" || address.address.includes(":")
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}`;
}
