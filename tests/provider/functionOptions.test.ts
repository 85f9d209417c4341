import * as pulumi from "@pulumi/pulumi";
import {
  Ciphertext,
  decrypt,
  decryptOutput,
  encrypt,
  encryptOutput,
  generateDataKey,
  generateDataKeyOutput,
  getKey,
  getKeyOutput,
  getKeys,
  getKeysOutput,
  Key,
} from "../../provider";
import type { ProgramRuns } from "../helpers/programRuns";
import {
  fixturePrograms,
  killAllProviderHosts,
  startKkmsFixture,
  type KkmsFixture,
} from "./support/kkmsFixture";

/**
 * The functions' InvokeOptions / InvokeOutputOptions. They run in the program's process, so the options that
 * pick a provider or a plugin cannot apply and are refused by name; `dependsOn` is honoured as the SDK's
 * invokeOutput honours it: the call waits for those resources, and stays unknown in a preview while they are.
 */
let fixture: KkmsFixture;
let programs: ProgramRuns;
let keyId: string;
const VERSION: string = require("../../package.json").version;

beforeAll(async () => {
  fixture = await startKkmsFixture();
  programs = fixturePrograms(fixture);
  keyId = (await fixture.client.createKey({ keyName: "options" })).key.keyId;
});

afterAll(async () => {
  programs.dispose();
  await fixture.close();
  await killAllProviderHosts();
});

beforeEach(() => fixture.emulator.resetMetrics());

/** A program with the fixture's config, through the offline engine; returns what it returned, resolved. */
async function inProgram<T>(program: () => T, preview = false) {
  const { outputs } = await programs.run(program, { preview });
  return outputs;
}

/** A provider resource of a `kkms` package, which a native plugin could one day serve. */
class KkmsProviderResource extends pulumi.ProviderResource {
  constructor(name: string) {
    super("kkms", name, {});
  }
}

/**
 * A component that makes its Key only after an await in `initialize` (as one that first reads a file or calls a
 * function would): when its URN is known, it has no children yet.
 */
class KeysMadeLater extends pulumi.ComponentResource {
  constructor(name: string, args: { keyName: string }) {
    super("test:index:KeysMadeLater", name, args);
  }

  protected override async initialize(args: pulumi.Inputs, _opts?: unknown, name?: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 500));
    new Key(`${name}-child`, { keyName: args.keyName as string }, { parent: this });
  }
}

type Call = (opts: pulumi.InvokeOutputOptions) => Promise<unknown> | pulumi.Output<unknown>;

function calls(blob: () => string): [string, Call, Call][] {
  return [
    ["getKey", (o) => getKey({ keyId }, o), (o) => getKeyOutput({ keyId }, o)],
    ["getKeys", (o) => getKeys({}, o), (o) => getKeysOutput({}, o)],
    ["generateDataKey", (o) => generateDataKey({ keyId }, o), (o) => generateDataKeyOutput({ keyId }, o)],
    [
      "decrypt",
      (o) => decrypt({ keyId, ciphertextBlob: blob() }, o),
      (o) => decryptOutput({ keyId, ciphertextBlob: blob() }, o),
    ],
    [
      "encrypt",
      (o) => encrypt({ keyId, plaintext: "p" }, o),
      (o) => encryptOutput({ keyId, plaintext: "p" }, o),
    ],
  ];
}

describe("options that cannot apply are refused, naming the option, before any call", () => {
  let ciphertextBlob = "";
  beforeAll(async () => {
    ciphertextBlob = (await fixture.client.encrypt({ keyId, plaintext: "x" })).ciphertextBlob;
  });

  const refusals: [string, () => pulumi.InvokeOutputOptions, RegExp][] = [
    [
      "provider",
      () => ({ provider: new KkmsProviderResource("explicit") }),
      /the provider option cannot apply: these functions run in the program's process/,
    ],
    [
      "parent's provider",
      () => ({
        parent: new pulumi.ComponentResource(
          "test:index:Group",
          "with-provider",
          {},
          { providers: { kkms: new KkmsProviderResource("inherited") } },
        ),
      }),
      /the parent's provider option cannot apply/,
    ],
    [
      "parent",
      () => ({ parent: "not a resource" as unknown as pulumi.Resource }),
      /the parent option must be a Resource/,
    ],
    [
      "pluginDownloadURL",
      () => ({ pluginDownloadURL: "https://example.invalid" }),
      /the pluginDownloadURL option cannot apply/,
    ],
    [
      "version",
      () => ({ version: "9.9.9" }),
      new RegExp(
        `the version option must be the installed pulumi-kkms version \\(${VERSION.replace(/\./g, "\\.")}\\)`,
      ),
    ],
    ["async", () => ({ async: false }), /the async option cannot be false/],
  ];

  test.each(refusals)("%s", async (_option, options, message) => {
    const failures = await inProgram(async () => {
      const opts = options();
      const messages: string[] = [];
      for (const [name, ...forms] of calls(() => ciphertextBlob)) {
        for (const form of forms) {
          try {
            // A promise form rejects; an Output form throws at once, before it makes any Output.
            const result = form(opts);
            if (result instanceof Promise) await result;
            messages.push(`${name}: no error`);
          } catch (error) {
            messages.push((error as Error).message);
          }
        }
      }
      return messages;
    });
    expect(failures).toHaveLength(10);
    for (const failure of failures) expect(failure).toMatch(new RegExp(`^kkms\\.\\w+: ${message.source}`));
    expect(fixture.emulator.metrics().total).toBe(0);
  });

  test("dependsOn on a promise form is refused: it belongs to the …Output form", async () => {
    for (const [name, promiseForm] of calls(() => ciphertextBlob)) {
      const opts = { dependsOn: [] } as pulumi.InvokeOutputOptions;
      await expect(inProgram(() => promiseForm(opts))).rejects.toThrow(
        `kkms.${name}: the dependsOn option is for kkms.${name}Output`,
      );
    }
  });

  test("the options that apply are accepted: this package's version, a parent without a provider, async", async () => {
    const outputs = await inProgram(() => {
      const parent = new pulumi.ComponentResource("test:index:Group", "group");
      const opts = { version: VERSION, parent, async: true };
      return { promise: getKey({ keyId }, opts), output: getKeyOutput({ keyId }, opts) };
    });
    expect(outputs).toMatchObject({ promise: { keyName: "options" }, output: { keyName: "options" } });
  });
});

describe("dependsOn", () => {
  test("the call waits until the listed Key is created: getKeysOutput finds it", async () => {
    fixture.emulator.setFaults([{ action: "CreateKey", latencyMs: 300 }]);
    try {
      const run = await programs.run(() => {
        const key = new Key("awaited", { keyName: "awaited-key" });
        const found = getKeysOutput({ nameRegex: "^awaited-key$" }, { dependsOn: [key] });
        return found.ids;
      });
      expect(run.outputs).toHaveLength(1);
    } finally {
      fixture.emulator.setFaults([]);
    }
  });

  test("a component's children are waited for too", async () => {
    const run = await programs.run(() => {
      const group = new pulumi.ComponentResource("test:index:Keys", "keys");
      new Key("child", { keyName: "child-key" }, { parent: group });
      return getKeysOutput({ nameRegex: "^child-key$" }, { dependsOn: group }).ids;
    });
    expect(run.outputs).toHaveLength(1);
  });

  test("a component whose Key is made in an async initialize: the call waits for its construction, then that Key", async () => {
    const run = await programs.run(() => {
      const group = new KeysMadeLater("late", { keyName: "late-child-key" });
      return getKeysOutput({ nameRegex: "^late-child-key$" }, { dependsOn: group }).ids;
    });
    expect(run.steps).toMatchObject({ late: "create", "late-child": "create" });
    expect(run.outputs).toHaveLength(1);
  });

  test("in a preview, while the listed Key is to be created, the result is unknown and nothing is called", async () => {
    const run = await programs.run(
      () => {
        const key = new Key("planned", { keyName: "planned-key" });
        return getKeyOutput({ keyId }, { dependsOn: key }).keyName;
      },
      { preview: true },
    );
    expect(run.outputs).toBeUndefined();
    expect(fixture.emulator.metrics().byAction).toEqual({});
  });

  test("the result depends on the listed resources: a resource using it depends on them", async () => {
    const { resources } = await programs.run(() => {
      const key = new Key("first", { keyName: "first" });
      const looked = getKeyOutput({ keyId }, { dependsOn: [key] });
      new Ciphertext("uses-it", { keyId: looked.keyId, plaintext: "p" });
    });
    const [first, usesIt] = resources;
    expect(usesIt.options.dependencies).toContain(first.urn);
  });

  test("something that is not a resource is refused, naming dependsOn", async () => {
    await expect(
      inProgram(() => getKeyOutput({ keyId }, { dependsOn: ["nope" as unknown as pulumi.Resource] })),
    ).rejects.toThrow("kkms.getKey: the dependsOn option must list resources.");
  });
});
