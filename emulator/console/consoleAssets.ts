import * as fs from "fs";
import * as path from "path";
import { CONSOLE_ICON, CONSOLE_HTML } from "./consoleHtml";
import { CONSOLE_PATH } from "./consolePaths";
import { CONSOLE_CSS } from "./consoleStylesheet";

export interface ConsoleAsset {
  contentType: string;
  body: string;
}

/** By request path: the page, its stylesheet and icon, and each compiled module of page/. */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

const JAVASCRIPT = "text/javascript; charset=utf-8";

/**
 * Where the page's modules are, compiled from page/*.ts by `npm run build`: beside this file in dist/; when
 * this file runs from its TypeScript source (tests under ts-jest), in the checkout's dist/.
 */
export function compiledPageDirectories(): string[] {
  return [path.join(__dirname, "page"), path.resolve(__dirname, "../../dist/emulator/console/page")];
}

let loaded: ConsoleAssets | undefined;

/** The assets, read once: they do not change while kkms-local runs. undefined while the page is not built. */
export function consoleAssets(): ConsoleAssets | undefined {
  loaded ??= loadConsoleAssets(compiledPageDirectories());
  return loaded;
}

/**
 * The assets, with the modules of the first directory that holds a compiled main.js; undefined when none does.
 * Only files found here are served: a request names one of them exactly, or nothing is read.
 */
export function loadConsoleAssets(directories: readonly string[]): ConsoleAssets | undefined {
  const directory = directories.find((candidate) => fs.existsSync(path.join(candidate, "main.js")));
  if (directory === undefined) return undefined;
  const assets = new Map<string, ConsoleAsset>([
    [CONSOLE_PATH, { contentType: "text/html; charset=utf-8", body: CONSOLE_HTML }],
    [`${CONSOLE_PATH}/console.css`, { contentType: "text/css; charset=utf-8", body: CONSOLE_CSS }],
    [`${CONSOLE_PATH}/favicon.svg`, { contentType: "image/svg+xml", body: CONSOLE_ICON }],
  ]);
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith(".js"))) {
    const body = fs.readFileSync(path.join(directory, file), "utf8");
    assets.set(`${CONSOLE_PATH}/${file}`, { contentType: JAVASCRIPT, body });
  }
  return assets;
}
