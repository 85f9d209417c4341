// Runs inside the user and mount namespace that holds a tiny tmpfs (see tinyDisk.ts): only processes in that
// namespace see the tmpfs, so kkms-local is started, stopped and its database inspected from here. One JSON
// command per stdin line, one JSON answer per stdout line. Plain JavaScript: node runs it as it is.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const readline = require("readline");

const [cliPath, mountPoint] = process.argv.slice(2);
let cli;

function answer(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

/** Starts kkms-local; answers its URL once it printed its ready line, or how it exited before that. */
function start(args) {
  let stderr = "";
  let stdout = "";
  let ready = false;
  cli = spawn(process.execPath, [cliPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  cli.stderr.on("data", (chunk) => (stderr += chunk.toString("utf8")));
  cli.stdout.on("data", (chunk) => {
    if (ready) return;
    stdout += chunk.toString("utf8");
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout);
    if (url === null) return;
    ready = true;
    answer({ url: url[0], pid: cli.pid });
  });
  cli.stderrText = () => stderr;
  cli.once("exit", (code, signal) => {
    if (!ready) answer({ exitCode: code ?? signal, stderr });
  });
}

/** SIGTERM (kkms-local finishes what is in flight and closes its database), then how it exited. */
function stop() {
  const running = cli;
  cli = undefined;
  if (running === undefined || running.exitCode !== null || running.signalCode !== null) {
    answer({ exitCode: running?.exitCode ?? null, stderr: running?.stderrText() ?? "" });
    return;
  }
  running.once("exit", (code, signal) => answer({ exitCode: code ?? signal, stderr: running.stderrText() }));
  running.kill("SIGTERM");
}

/** The database's quick_check and key count (read-only, kkms-local stopped), and what is left on the disk. */
function inspect(dataDir) {
  const Database = require("better-sqlite3");
  const db = new Database(path.join(dataDir, "kkms-local.db"), { readonly: true, fileMustExist: true });
  try {
    const quickCheck = db.pragma("quick_check").map((row) => row.quick_check);
    const keys = db.prepare("SELECT COUNT(*) AS n FROM keys").get().n;
    const { bavail, bsize } = fs.statfsSync(mountPoint);
    const files = Object.fromEntries(
      fs.readdirSync(dataDir).map((f) => [f, fs.statSync(path.join(dataDir, f)).size]),
    );
    answer({ quickCheck, keys, freeBytes: bavail * bsize, files });
  } finally {
    db.close();
  }
}

const commands = { start: (c) => start(c.args), stop: () => stop(), inspect: (c) => inspect(c.dataDir) };

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  try {
    const command = JSON.parse(line);
    commands[command.op](command);
  } catch (err) {
    answer({ error: String(err && err.stack ? err.stack : err) });
  }
});
// The test is gone (or done): take kkms-local down with this namespace.
process.stdin.on("end", () => {
  cli?.kill("SIGKILL");
  process.exit(0);
});
answer({
  mounted: mountPoint,
  freeBytes: fs.statfsSync(mountPoint).bavail * fs.statfsSync(mountPoint).bsize,
});
