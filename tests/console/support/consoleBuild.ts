import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../../..");
const PAGE_SOURCES = path.join(ROOT, "emulator/console/page");
export const PAGE_BUILD = path.join(ROOT, "dist/emulator/console/page");

/**
 * The console's compiled modules, rebuilt when a page source is newer: `npm test` builds first, but
 * `npx jest tests/console` alone must not serve a stale page.
 */
export function ensureConsoleBuilt(): string {
  const main = path.join(PAGE_BUILD, "main.js");
  const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
  const sources = fs
    .readdirSync(PAGE_SOURCES)
    .map((name) => fs.statSync(path.join(PAGE_SOURCES, name)).mtimeMs);
  if (Math.max(...sources) > built) {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", path.join(PAGE_SOURCES, "tsconfig.json")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`the console's page does not compile:\n${result.stdout}`);
    const touched = new Date();
    fs.utimesSync(main, touched, touched);
  }
  return PAGE_BUILD;
}
