// Lets plain `node` run the benchmarks' TypeScript (and the test harness they reuse) without a build step:
// each .ts file is transpiled on load with the project's own compiler settings. Types are checked by
// `npm run lint` (tsconfig.check.json includes bench/), not here, so loading stays fast.
"use strict";

const fs = require("fs");
const ts = require("typescript");

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2020,
  esModuleInterop: true,
  useDefineForClassFields: false,
  inlineSourceMap: true,
};

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
