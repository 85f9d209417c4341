import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { KkmsClient } from "../../sdk";
import { ensureBuiltCli, startCli, type CliRun } from "../emulator/support/cliProcess";

/**
 * A keep-alive socket the server is closing must not be reused: a request written onto it fails with "socket
 * hang up", and CreateKey, not idempotent, is not retried. kkms-local runs as its own process so that it closes
 * the socket while this process is busy (here: blocked), the way a loaded CI machine or a busy program is.
 */
const IDLE_TIMEOUT_MS = 2_500; // announced as `Keep-Alive: timeout=2`: the agent keeps a socket 1 s at most

let server: CliRun;
let client: KkmsClient;

beforeAll(async () => {
  ensureBuiltCli();
  server = await startCli(["--port", "0", "--in-memory", "--idle-timeout-ms", String(IDLE_TIMEOUT_MS)]);
  client = new KkmsClient({ endpoint: server.url, credentials: DEVELOPMENT_ACCOUNT, maxAttempts: 1 });
}, 30_000);

afterAll(async () => {
  client.destroy();
  server.child.kill("SIGTERM");
  await server.exited;
});

function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

test("a socket idle past the server's Keep-Alive hint is not reused, even when the process was busy meanwhile", async () => {
  await client.createKey({ keyName: "first" });
  // Free time enough for the agent's idle timer (1 s), then busy past the server's close (2.5 s, Node up to 1 s later).
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  blockEventLoop(IDLE_TIMEOUT_MS + 1_000 + 500 - 1_300);
  const second = await client.createKey({ keyName: "second" });
  expect(second.key.keyName).toBe("second");
});
