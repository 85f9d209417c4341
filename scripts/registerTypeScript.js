// Compiles `.ts` files on the fly for code run by plain `node` (`npm run demo`, the examples' scripts):
//   node --require ./scripts/registerTypeScript.js script.ts
// or `require("./registerTypeScript.js")` first thing in a script; afterwards `require("x.ts")` and extensionless
// requires of `.ts` files work. Each file is transpiled alone (no type check) with the repository's compiler options.
"use strict";

{
  const fs = require("fs");
  const path = require("path");
  const Module = require("module");
  const typescript = require("typescript");

  const REPO_TSCONFIG = path.resolve(__dirname, "../tsconfig.json");

  const readCompilerOptions = () => {
    const { config, error } = typescript.readConfigFile(REPO_TSCONFIG, typescript.sys.readFile);
    if (error) throw new Error(typescript.flattenDiagnosticMessageText(error.messageText, "\n"));
    const converted = typescript.convertCompilerOptionsFromJson(
      config.compilerOptions,
      path.dirname(REPO_TSCONFIG),
    );
    return {
      ...converted.options,
      module: typescript.ModuleKind.CommonJS,
      noEmit: false,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      // Stack traces then point into the TypeScript source (with --enable-source-maps).
      inlineSourceMap: true,
      inlineSources: true,
    };
  };
  const compilerOptions = readCompilerOptions();

  /** The CommonJS JavaScript of one TypeScript file. */
  const transpileTypeScript = (source = "", fileName = "") =>
    typescript.transpileModule(source, { compilerOptions, fileName }).outputText;

  if (!require.extensions[".ts"]) {
    require.extensions[".ts"] = (module, fileName) => {
      const javascript = transpileTypeScript(fs.readFileSync(fileName, "utf8"), fileName);
      Module.prototype._compile.call(module, javascript, fileName);
    };
  }

  exports.transpileTypeScript = transpileTypeScript;
}
