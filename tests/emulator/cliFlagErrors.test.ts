import { ensureBuiltCli, runCli } from "./support/cliProcess";

beforeAll(() => {
  ensureBuiltCli();
});

/**
 * Every refused command line, run through the real CLI process: exit status 2 and one message on stderr that
 * names the flag (or variable) and its rule — never util.parseArgs' "argument is ambiguous" or "argument missing".
 */
describe("kkms-local flag errors", () => {
  it.each([
    // negative and malformed numbers
    [["--deletion-window-days", "-1"], {}, '--deletion-window-days must be a number ≥ 0, got "-1".'],
    [["--deletion-window-days=-1"], {}, '--deletion-window-days must be a number ≥ 0, got "-1".'],
    [["--deletion-window-days", "1e3"], {}, '--deletion-window-days must be a number ≥ 0, got "1e3".'],
    [["--port", "abc"], {}, '--port must be an integer from 0 to 65535, got "abc".'],
    [["--port", "70000"], {}, '--port must be an integer from 0 to 65535, got "70000".'],
    [["--port", "-1"], {}, '--port must be an integer from 0 to 65535, got "-1".'],
    [["--port", " 80"], {}, '--port must be an integer from 0 to 65535, got " 80".'],
    [["--max-connections", "1.5"], {}, '--max-connections must be an integer from 1 to 65536, got "1.5".'],
    [["--throttle-rps", "0"], {}, '--throttle-rps must be a number > 0, got "0".'],
    [["--header-timeout-ms", "0"], {}, '--header-timeout-ms must be an integer from 1 to 3600000, got "0".'],
    [
      ["--in-memory"],
      { KKMS_LOCAL_PORT: "99999" },
      'KKMS_LOCAL_PORT must be an integer from 0 to 65535, got "99999".',
    ],
    // missing values
    [["--port"], {}, "--port needs a value: an integer from 0 to 65535 (as --port VALUE or --port=VALUE)."],
    [["--port="], {}, "--port needs a value: an integer from 0 to 65535 (as --port VALUE or --port=VALUE)."],
    [
      ["--port", ""],
      {},
      "--port needs a value: an integer from 0 to 65535 (as --port VALUE or --port=VALUE).",
    ],
    [
      ["--port", "--in-memory"],
      {},
      "--port needs a value: an integer from 0 to 65535 (as --port VALUE or --port=VALUE).",
    ],
    [
      ["--in-memory", "--deletion-window-days"],
      {},
      "--deletion-window-days needs a value: a number ≥ 0 (as --deletion-window-days VALUE or --deletion-window-days=VALUE).",
    ],
    [["--data-dir"], {}, "--data-dir needs a value: a directory (as --data-dir VALUE or --data-dir=VALUE)."],
    // other values
    [["--in-memory", "--log-format", "xml"], {}, '--log-format must be json or none, got "xml".'],
    [
      ["--in-memory", "--default-region", "mars-1"],
      {},
      '--default-region "mars-1" is not a known region; known: cn-beijing-6,',
    ],
    [["--in-memory", "--faults", "[{"], {}, "--faults is not JSON"],
    [["--in-memory=yes"], {}, '--in-memory is a switch and takes no value; got "yes".'],
    [[], { KKMS_LOCAL_IN_MEMORY: "yes" }, 'KKMS_LOCAL_IN_MEMORY must be 1, true, 0 or false, got "yes".'],
    // flags given twice, unknown flags, arguments that are no flag
    [["--port", "1", "--port", "2"], {}, "--port is given twice; give each flag once."],
    [["--in-memory", "--in-memory"], {}, "--in-memory is given twice; give each flag once."],
    [["--bogus"], {}, "--bogus is not a kkms-local flag (see --help)."],
    [["--bogus", "value"], {}, "--bogus is not a kkms-local flag (see --help)."],
    [["-x"], {}, "-x is not a kkms-local flag (see --help)."],
    [["serve"], {}, 'kkms-local takes only flags; "serve" is not one (see --help).'],
    // storage chosen twice
    [["--in-memory", "--data-dir", "x"], {}, "--in-memory and --data-dir exclude each other."],
    [["--data-dir", "x", "--in-memory"], {}, "--in-memory and --data-dir exclude each other."],
    [
      [],
      { KKMS_LOCAL_IN_MEMORY: "1", KKMS_LOCAL_DATA_DIR: "x" },
      "KKMS_LOCAL_IN_MEMORY and KKMS_LOCAL_DATA_DIR exclude each other (a flag would decide).",
    ],
  ])("exits 2 on %j %j", (args, env, message) => {
    const result = runCli(args as string[], env as NodeJS.ProcessEnv);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`kkms-local: ${message}`);
    expect(result.stderr).not.toMatch(/ambiguous|argument missing/);
  });

  it("takes a value that starts with a dash when the rule allows it (a data dir named -keys)", () => {
    const result = runCli(["--data-dir", "-keys", "--port", "70000"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be an integer from 0 to 65535, got "70000".');
  });
});
