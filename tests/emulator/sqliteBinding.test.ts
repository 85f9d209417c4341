import { ConfigurationError } from "../../emulator/errors";
import {
  installedSqliteVersion,
  loadSqlite,
  sqliteRuntimeProblem,
} from "../../emulator/storage/sqliteBinding";

describe("which better-sqlite3 runs on which Node", () => {
  test.each([
    ["20.20.2", "12.11.1"],
    ["22.23.3", "12.11.1"],
    ["22.23.3", "13.2.0"],
    ["24.21.0", "13.2.0"],
    ["26.1.0", "13.2.0"],
  ])("Node %s with better-sqlite3 %s is accepted", (nodeVersion, sqliteVersion) => {
    expect(sqliteRuntimeProblem({ nodeVersion, sqliteVersion })).toBeUndefined();
  });

  test("13 on Node 20 is refused: it segfaults as it loads", () => {
    const problem = sqliteRuntimeProblem({ nodeVersion: "20.20.2", sqliteVersion: "13.2.0" });
    expect(problem).toContain("better-sqlite3 13.2.0 needs Node 22 or newer");
    expect(problem).toContain("npm install better-sqlite3@^12.11.1");
  });

  test.each(["24.21.0", "v24.19.0", "26.1.0"])(
    "12 on Node %s is refused: it aborts at garbage collection",
    (node) => {
      const problem = sqliteRuntimeProblem({ nodeVersion: node, sqliteVersion: "12.11.1" });
      expect(problem).toContain(`better-sqlite3 12.11.1 on Node ${node} can abort the process`);
      expect(problem).toContain("npm install better-sqlite3@^13.2.0");
    },
  );

  test("this machine's pair is accepted and loads", () => {
    const sqliteVersion = installedSqliteVersion();
    // Node 20's lockfile brings 12 to Node 22 too, which is accepted; .ci/node installs 13 there, as npm would.
    expect(sqliteRuntimeProblem({ nodeVersion: process.versions.node, sqliteVersion })).toBeUndefined();
    const Database = loadSqlite();
    const db = new Database(":memory:");
    expect(db.prepare("SELECT 1 AS one").get()).toEqual({ one: 1 });
    db.close();
  });

  test("a Node that does not fit the installed better-sqlite3 is refused before it is loaded", () => {
    const installedMajor = Number(installedSqliteVersion().split(".")[0]);
    const unfit = installedMajor >= 13 ? "20.20.2" : "24.21.0";
    expect(() => loadSqlite(unfit)).toThrow(ConfigurationError);
    expect(() => loadSqlite(unfit)).toThrow(/better-sqlite3 \d+\.\d+\.\d+/);
  });
});
