import { spawnSync } from "child_process";

/**
 * Markdown formatted by the project's prettier, as `npm run lint` checks it. In a child process: prettier 3 loads
 * its core with a dynamic import, which jest's module sandbox refuses, and the README test must run the same code.
 */
const FORMAT = `
const prettier = require("prettier");
let input = "";
process.stdin.setEncoding("utf8").on("data", (chunk) => (input += chunk)).on("end", async () => {
  const options = (await prettier.resolveConfig(process.argv[1])) ?? {};
  process.stdout.write(await prettier.format(input, { ...options, parser: "markdown" }));
});
`;

export function formatMarkdown(text: string, configFile: string): string {
  const result = spawnSync(process.execPath, ["-e", FORMAT, configFile], {
    input: text,
    encoding: "utf8",
    cwd: __dirname,
  });
  if (result.status !== 0) throw new Error(`prettier failed: ${result.stderr}`);
  return result.stdout;
}
