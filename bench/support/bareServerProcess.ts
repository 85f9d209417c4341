import * as path from "path";
import { forkWorker } from "./childProcess";

/** The bare node:http server (bench/support/bareServer.ts) in a child process. */
export interface BareServer {
  origin: string;
  /** Answers every request with this body from now on. */
  answerWith(contentType: string, body: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const { worker, ready } = await forkWorker<{ port: number }>(path.join(__dirname, "bareServer.ts"));
  return {
    origin: `http://127.0.0.1:${ready.port}`,
    answerWith: async (contentType, body) => {
      await worker.ask({ contentType, body });
    },
    stop: () => worker.stop(),
  };
}
