import { spawn } from "child_process";
import * as http from "http";
import * as path from "path";
import { REPO_ROOT } from "../provider/support/kkmsFixture";

/**
 * `npm run demo` as the README's Quick start runs it: its own kkms-local, the key-basic stack through every stage,
 * and the console's URL, which answers while the demo runs.
 */
interface DemoRun {
  status: number | null;
  output: string;
  consolePage: { status: number; contentType: string | undefined } | undefined;
}

function runDemo(): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "scripts", "demo.js")], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: path.dirname(process.execPath) }, // no Pulumi CLI: the offline engine
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let consolePage: Promise<DemoRun["consolePage"]> | undefined;
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const url = /open in a browser while the demo runs: (\S+)/.exec(output)?.[1];
      if (url && !consolePage) consolePage = fetchPage(url);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("error", reject);
    child.on("close", (status) => {
      void (consolePage ?? Promise.resolve(undefined)).then(
        (page) => resolve({ status, output, consolePage: page }),
        reject,
      );
    });
  });
}

function fetchPage(url: string): Promise<DemoRun["consolePage"]> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers["content-type"] }),
        );
      })
      .on("error", reject);
  });
}

describe("npm run demo", () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo();
  }, 240_000);

  it("finishes with status 0 after up, the change, the drift and destroy", () => {
    expect(run.status).toBe(0);
    expect(run.output).toContain("Resources: 6 created");
    expect(run.output).toMatch(/drift: archive changed \[description\]/);
    expect(run.output).toContain("Resources: 6 deleted");
    expect(run.output).toContain("Done: every key the demo made is destroyed");
  });

  it("prints kkms-local's console URL, which serves the page while the demo runs", () => {
    expect(run.output).toMatch(
      /Its console, to open in a browser while the demo runs: http:\/\/127\.0\.0\.1:\d+\/_console\n/,
    );
    expect(run.consolePage).toEqual({ status: 200, contentType: "text/html; charset=utf-8" });
  });

  it("shows no secret in its output", () => {
    expect(run.output).toContain("dataKeyPlaintext: [secret]");
    expect(run.output).not.toMatch(/Plaintext: "(?!\[secret\])/);
  });
});
