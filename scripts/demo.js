#!/usr/bin/env node
// `npm run demo`: kkms-local plus the key-basic example stack, end to end. The demo itself is TypeScript
// (scripts/demo/main.ts), compiled on the fly by the hook in registerTypeScript.js.
"use strict";
require("./registerTypeScript.js");
require("./demo/main.ts")
  .main()
  .catch((err) => {
    console.error(`\ndemo failed: ${err && err.message ? err.message : err}`);
    process.exit(1);
  });
