// `npm run bench [-- --quick] [-- --only signing,scale] [-- --no-build]`
// Builds dist/ first (the benchmarks measure the compiled package, as users and the provider host run it),
// then runs bench/main.ts through the TypeScript hook.
"use strict";

const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
if (!process.argv.includes("--no-build")) {
  const tsc = require.resolve("typescript/bin/tsc");
  const build = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("bench: the build failed; fix it or rerun with --no-build to measure the existing dist/.");
    process.exit(build.status ?? 1);
  }
}
require("./registerTypeScript");
require("./main.ts")
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
