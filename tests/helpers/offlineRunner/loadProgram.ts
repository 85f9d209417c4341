import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";

import type { Program } from "./types";

const { transpileTypeScript } = require("./registerTypeScript") as {
  transpileTypeScript(source: string, fileName: string): string;
};

/** Node's resolution order for a path without a known extension, then TypeScript's. */
const EXTENSIONS = ["", ".js", ".json", ".ts"];
const INDEX_FILES = ["index.js", "index.ts"];

/** A program file that cannot run here. */
export class ProgramLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramLoadError";
  }
}

/**
 * The program as a function to run inside the stack. A program file is evaluated afresh on every call, with its
 * local imports, so that several runs in one process each run it; packages (`@pulumi/pulumi`, `pulumi-kkms`)
 * come from the ordinary module cache, so the program shares this process's @pulumi/pulumi and its mocks.
 *
 * Fresh evaluation instead of `require` plus clearing `require.cache`: under jest `require.cache` is a read-only
 * view of jest's registry (jest-runtime `getRequireCacheProxy`), so a required program would never run twice.
 */
export function programFunction(program: Program): () => unknown {
  if (typeof program === "function") return program;
  const entry = resolveEntrypoint(path.resolve(program));
  assertSharedPulumi(entry);
  return () => {
    // As the language host does (cmd/run/run.js): an exported function is called, and its result awaited.
    const exported = loadFresh(entry);
    return typeof exported === "function" ? (exported as () => unknown)() : exported;
  };
}

function resolveEntrypoint(program: string): string {
  const file = resolveFile(program);
  if (!file) throw new ProgramLoadError(`no program at ${program} (looked for a file, index.js, index.ts)`);
  return file;
}

/** setMocks reaches only the @pulumi/pulumi instance this module uses: the program must resolve the same one. */
function assertSharedPulumi(entry: string): void {
  const ours = require.resolve("@pulumi/pulumi");
  const theirs = createRequire(entry).resolve("@pulumi/pulumi");
  if (theirs !== ours) {
    throw new ProgramLoadError(
      `${entry} resolves @pulumi/pulumi to ${theirs}, the runner to ${ours}: mocks would not reach the program`,
    );
  }
}

interface FreshModule {
  exports: unknown;
  readonly filename: string;
  readonly id: string;
  loaded: boolean;
}

/** Evaluates `file` and the local files it requires, once each per call; returns its exports. */
export function loadFresh(file: string): unknown {
  return loadModule(file, new Map()).exports;
}

function loadModule(file: string, loaded: Map<string, FreshModule>): FreshModule {
  const existing = loaded.get(file);
  // A require cycle gets the partial exports, as in Node.
  if (existing) return existing;
  const module: FreshModule = { exports: {}, filename: file, id: file, loaded: false };
  loaded.set(file, module);
  const source = fs.readFileSync(file, "utf8");
  if (file.endsWith(".json")) {
    module.exports = JSON.parse(source);
  } else {
    const code = file.endsWith(".ts") ? transpileTypeScript(source, file) : source;
    evaluate(code, file, module, localRequire(file, loaded));
  }
  module.loaded = true;
  return module;
}

/**
 * Runs CommonJS code in this realm (under jest: the test's sandbox, whose `Promise`, `Error` and `Object` the
 * program must share with @pulumi/pulumi), with the same wrapper arguments as Node's module loader.
 */
function evaluate(code: string, file: string, module: FreshModule, require: NodeRequire): void {
  const wrapper = new Function(
    "exports",
    "require",
    "module",
    "__filename",
    "__dirname",
    `${code}\n//# sourceURL=${file}`,
  ) as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, file, path.dirname(file));
}

/** Relative and absolute requests for files outside node_modules load afresh; everything else as usual. */
function localRequire(file: string, loaded: Map<string, FreshModule>): NodeRequire {
  const packageRequire = createRequire(file);
  const local = (request: string) => {
    const target = isPathRequest(request)
      ? resolveFile(path.resolve(path.dirname(file), request))
      : undefined;
    if (target && !target.split(path.sep).includes("node_modules")) return loadModule(target, loaded).exports;
    return packageRequire(request);
  };
  return Object.assign(local, {
    resolve: packageRequire.resolve,
    cache: packageRequire.cache,
    extensions: packageRequire.extensions,
    main: packageRequire.main,
  }) as NodeRequire;
}

function isPathRequest(request: string): boolean {
  return /^\.\.?(\/|$)/.test(request) || path.isAbsolute(request);
}

function resolveFile(base: string): string | undefined {
  for (const extension of EXTENSIONS) {
    if (isFile(base + extension)) return base + extension;
  }
  for (const index of INDEX_FILES) {
    if (isFile(path.join(base, index))) return path.join(base, index);
  }
  return undefined;
}

function isFile(candidate: string): boolean {
  return fs.statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false;
}
