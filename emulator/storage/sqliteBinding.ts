import type BetterSqlite3 from "better-sqlite3";
import { ConfigurationError } from "../errors";

/** The ranges kkms-local's package.json allows (`A || B`): the first for Node 20, the second for Node 22 and later. */
export const SQLITE_RANGES = { node20: "^12.11.1", node22: "^13.2.0" } as const;

/** A better-sqlite3 release: its version and the Node it runs on. */
export interface SqliteRuntime {
  nodeVersion: string;
  sqliteVersion: string;
}

/**
 * Why this better-sqlite3 must not run on this Node, or undefined. Both pairs crash the whole process rather than
 * fail: 13 (Node-API) is built for Node 22 and later and segfaults on Node 20 as it loads; 12 derives its
 * Statement and Database from node::ObjectWrap, whose destructor, built with Node 24.19's or a later header,
 * asserts when the garbage collector frees one (nodejs/node#65446): a random SIGABRT minutes into a run. npm picks
 * the right one for a fresh install (the dependency allows both; npm prefers a release whose engines match).
 */
export function sqliteRuntimeProblem({ nodeVersion, sqliteVersion }: SqliteRuntime): string | undefined {
  const nodeMajor = majorOf(nodeVersion);
  const sqliteMajor = majorOf(sqliteVersion);
  if (sqliteMajor >= 13 && nodeMajor < 22) {
    return (
      `better-sqlite3 ${sqliteVersion} needs Node 22 or newer (on Node ${nodeVersion} it crashes as it loads): ` +
      `run kkms-local on Node 22 or newer, or install better-sqlite3 12 (npm install better-sqlite3@${SQLITE_RANGES.node20}).`
    );
  }
  if (sqliteMajor < 13 && nodeMajor >= 24) {
    return (
      `better-sqlite3 ${sqliteVersion} on Node ${nodeVersion} can abort the process whenever the garbage ` +
      "collector frees one of its statements (node::ObjectWrap's cleanup hooks, nodejs/node#65446): install " +
      `better-sqlite3 13 (npm install better-sqlite3@${SQLITE_RANGES.node22}), which npm picks on Node 22 and newer.`
    );
  }
  return undefined;
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? Number.NaN);
}

let loaded: typeof BetterSqlite3 | undefined;

/**
 * better-sqlite3's Database class, loaded on first use once its pairing with this Node is known to be safe:
 * loading 13 on Node 20 already crashes, so the check reads only its package.json first.
 */
export function loadSqlite(nodeVersion: string = process.versions.node): typeof BetterSqlite3 {
  const problem = sqliteRuntimeProblem({ nodeVersion, sqliteVersion: installedSqliteVersion() });
  if (problem) throw new ConfigurationError(problem);
  loaded ??= require("better-sqlite3") as typeof BetterSqlite3;
  return loaded;
}

export function installedSqliteVersion(): string {
  return (require("better-sqlite3/package.json") as { version: string }).version;
}
