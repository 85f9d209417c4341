// Preloaded (`node --require`) into the Node.js plugins the offline engine starts (the dynamic-provider host), so a
// plugin never outlives the process that started it: that process holds the write end of the plugin's stdin, and
// the pipe closes however it ends (even SIGKILL, or a jest worker torn down without running exit hooks, which
// jest's sandboxed `process` never emits). The plugin itself never reads stdin, so this changes nothing else.
//
// Plain JavaScript in a .ts file: tsc emits hostWatchdog.js beside the compiled engine, and from the sources Node
// loads a file with an extension it does not know as CommonJS JavaScript. No import or export, for the same reason.
"use strict";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
