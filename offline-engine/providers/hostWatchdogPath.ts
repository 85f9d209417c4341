import * as fs from "fs";
import * as path from "path";

/**
 * The watchdog preloaded into Node.js plugins (hostWatchdog.ts): the compiled `.js` beside this module in dist/,
 * the `.ts` source (plain JavaScript, which Node loads as such) when running from the sources.
 */
export const WATCHDOG = ["hostWatchdog.js", "hostWatchdog.ts"]
  .map((file) => path.join(__dirname, file))
  .find((file) => fs.existsSync(file)) as string;
