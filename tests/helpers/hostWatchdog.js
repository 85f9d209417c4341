// Preloaded (`node --require`) into provider hosts started by providerHost.ts, so that a host never outlives the
// process that started it: that process holds the write end of the host's stdin, and the pipe closes however it
// ends (even SIGKILL, or a jest worker torn down without running exit hooks, which jest's sandboxed `process`
// never emits). The host itself never reads stdin, so this changes nothing else about it.
"use strict";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
