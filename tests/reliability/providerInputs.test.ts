import fc from "fast-check";
import { spawnSync } from "child_process";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { Ciphertext, DataKey, decrypt, generateDataKey, getKey, getKeys, Key } from "../../provider";
import {
  toProviderProperties,
  type PropertyMap,
  type PropertyValue,
} from "../../offline-engine/providers/secrets";
import type { ProgramRuns } from "../helpers/programRuns";
import type { CapturedResource } from "../../offline-engine/capture/recordRegistrations";
import {
  captureOne,
  fixturePrograms,
  killAllProviderHosts,
  REPO_ROOT,
} from "../provider/support/kkmsFixture";
import { startKkmsFixture, type KkmsFixture } from "../provider/support/kkmsFixture";
import { recordFigures, reliabilitySeed } from "./support/figures";

/**
 * Item 7: every invalid input of every resource (through the real provider host's check, as the engine calls
 * it) and of every function (in a program, promise and Output forms) is refused with a message naming the
 * property, before any call reaches KKMS; nothing is created. Invalid values come from a table of boundaries
 * plus fast-check, judged by an oracle written from the documented limits; valid values must pass.
 */
let fixture: KkmsFixture;
let programs: ProgramRuns;
let masterKeyId: string;
const seed = reliabilitySeed();
const counts = { resourceChecks: 0, functionCalls: 0 };

beforeAll(async () => {
  fixture = await startKkmsFixture();
  programs = fixturePrograms(fixture);
  masterKeyId = (await fixture.client.createKey({ keyName: "master" })).key.keyId;
  fixture.emulator.resetMetrics();
});

afterAll(async () => {
  programs.dispose();
  await fixture?.close();
  await killAllProviderHosts();
});

// ---------------------------------------------------------------------------------------------------------
// The documented limits, as an oracle: undefined when valid, else why not.

// eslint-disable-next-line no-control-regex -- control characters are what these rules are about
const FORBIDDEN = /[\u0000-\u001f\u007f\ufffe\uffff]/;

function wellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const textOracle =
  (min: number, max: number) =>
  (value: unknown): boolean => {
    if (typeof value !== "string") return false;
    const length = [...value].length;
    return value.trim().length >= min && length <= max && !FORBIDDEN.test(value) && wellFormed(value);
  };
const oneOfOracle = (allowed: readonly string[]) => (value: unknown) =>
  typeof value === "string" && allowed.includes(value);
const integerOracle = (min: number, max: number) => (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
const regionOracle = (value: unknown) => typeof value === "string" && /^[a-z]+(-[a-z0-9]+)+$/.test(value);
const plaintextOracle = (value: unknown) =>
  typeof value === "string" &&
  Buffer.byteLength(value) >= 1 &&
  Buffer.byteLength(value) <= 4096 &&
  wellFormed(value);

interface PropertySpec {
  valid: (value: unknown) => boolean;
  /** Hand-picked valid values at the boundaries: they must pass. */
  accepted?: PropertyValue[];
  /** Sent to KKMS as text, so a lone surrogate (which cannot be encoded) is invalid too. */
  wire?: boolean;
  /** Hand-picked invalid values at and around every boundary. */
  boundaries: PropertyValue[];
  /** A generator of candidates: the oracle decides which are invalid. */
  candidates: fc.Arbitrary<PropertyValue>;
}

const WRONG_TYPES: PropertyValue[] = [42, 0, true, false, ["a"], { a: "b" }];
const anyString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ minLength: 250, maxLength: 1100 }),
  fc
    .tuple(
      fc.string({ maxLength: 5 }),
      fc.constantFrom("\u0000", "\n", "\u001f", "\u007f", "\ufffe"),
      fc.string({ maxLength: 5 }),
    )
    .map((p) => p.join("")),
);
const anyValue: fc.Arbitrary<PropertyValue> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

const text = (min: number, max: number): PropertySpec => ({
  valid: textOracle(min, max),
  // Characters are Unicode code points, as kkms-local counts them: 256 emoji are 256 characters.
  accepted: [min === 0 ? "" : "a", "x".repeat(max), "🔑".repeat(max), "名".repeat(max)],
  wire: true,
  boundaries: [
    ...WRONG_TYPES,
    ...(min > 0 ? ["", "   ", "\t"] : []),
    "x".repeat(max + 1),
    "🔑".repeat(max + 1),
    "bad\u0000name",
    "bad\nname",
    "bad\u007fname",
    "bad\ufffename",
  ],
  candidates: anyValue,
});
const oneOf = (allowed: readonly string[]): PropertySpec => ({
  valid: oneOfOracle(allowed),
  boundaries: [
    ...WRONG_TYPES,
    "",
    ...allowed.flatMap((a) => [a.toLowerCase(), a.toUpperCase(), ` ${a}`, `${a} `]),
  ].filter((v) => !allowed.includes(v as string)),
  candidates: fc.oneof(anyValue, fc.constantFrom(...allowed)),
});
const integer = (min: number, max: number): PropertySpec => ({
  valid: integerOracle(min, max),
  boundaries: [min - 1, max + 1, 1.5, -1, "16", true, [16]],
  candidates: fc.oneof(
    fc.integer({ min: min - 5, max: max + 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    anyValue,
  ),
});
const region: PropertySpec = {
  valid: regionOracle,
  boundaries: [
    ...WRONG_TYPES,
    "",
    "Beijing 6",
    "CN-BEIJING-6",
    "cn_beijing_6",
    "cn-beijing-6\n",
    "cn",
    "-cn-6",
  ],
  candidates: fc.oneof(anyValue, fc.stringMatching(/^[a-z]{1,4}(-[a-z0-9]{1,6}){0,2}$/)),
};
const plaintext: PropertySpec = {
  valid: plaintextOracle,
  boundaries: [...WRONG_TYPES, "", "x".repeat(4097), "€".repeat(1366)],
  candidates: fc.oneof(anyValue, fc.string({ minLength: 4090, maxLength: 4100 })),
};

const KEY_PROPERTIES: Record<string, PropertySpec> = {
  keyName: text(1, 256),
  description: text(0, 1024),
  keyState: oneOf(["Enabled", "Disabled"]),
  keyUsage: oneOf(["EncryptDecrypt"]),
  origin: oneOf(["kms"]),
  chargeType: oneOf(["PostPaidByDay"]),
  region,
};
const DATA_KEY_PROPERTIES: Record<string, PropertySpec> = {
  keyId: text(1, 128),
  keySpec: oneOf(["AES128", "AES256"]),
  numberOfBytes: integer(1, 1024),
  region,
};
const CIPHERTEXT_PROPERTIES: Record<string, PropertySpec> = { keyId: text(1, 128), plaintext, region };

// ---------------------------------------------------------------------------------------------------------
// Resources, through the real provider host

const RESOURCES: [string, () => pulumi.Resource, Record<string, PropertySpec>, string[]][] = [
  ["Key", () => new Key("k", { keyName: "valid-name" }), KEY_PROPERTIES, []],
  [
    "DataKey",
    () => new DataKey("dk", { keyId: masterKeyId, keySpec: "AES128" }),
    DATA_KEY_PROPERTIES,
    ["keyId"],
  ],
  [
    "Ciphertext",
    () => new Ciphertext("ct", { keyId: masterKeyId, plaintext: "valid plaintext" }),
    CIPHERTEXT_PROPERTIES,
    ["keyId", "plaintext"],
  ],
];

/** The engine's check RPC with one property replaced: the failures it answers. */
async function checkWith(resource: CapturedResource, property: string, value: PropertyValue | undefined) {
  const news: PropertyMap = { ...toProviderProperties(resource.wireInputs) };
  if (value === undefined) delete news[property];
  else news[property] = value;
  // DataKey: keySpec decides the length when both are given, so numberOfBytes is checked alone.
  if (property === "numberOfBytes") delete news.keySpec;
  counts.resourceChecks++;
  return (await fixture.host.check(resource.urn, {}, news)).failures;
}

function judgeFailures(
  failures: { property: string; reason: string }[],
  property: string,
  value: unknown,
  expectValid: boolean,
): string | undefined {
  const named = failures.filter((f) => f.property === property && f.reason.includes(property));
  if (expectValid)
    return failures.length === 0 ? undefined : `refused a valid value: ${JSON.stringify(failures)}`;
  if (named.length === 0) return `accepted or not named: ${JSON.stringify(failures)}`;
  if (
    property === "plaintext" &&
    typeof value === "string" &&
    value.length > 3 &&
    named.some((f) => f.reason.includes(value))
  )
    return "the reason echoes the plaintext";
  return undefined;
}

describe.each(RESOURCES)(
  "%s: check refuses every invalid input, naming it",
  (_kind, build, properties, required) => {
    let resource: CapturedResource;
    beforeAll(async () => {
      resource = await captureOne(build);
    });

    test("the valid registration passes check", async () => {
      expect(
        await fixture.host.check(resource.urn, {}, toProviderProperties(resource.wireInputs)),
      ).toMatchObject({ failures: [] });
    });

    if (required.length > 0) {
      test.each(required)("%s is required", async (property) => {
        const failures = await checkWith(resource, property, undefined);
        expect(judgeFailures(failures, property, undefined, false)).toBeUndefined();
      });
    }

    test.each(Object.keys(properties).filter((p) => properties[p].accepted))(
      "%s: valid values at the limits pass",
      async (property) => {
        const problems: string[] = [];
        for (const value of properties[property].accepted ?? []) {
          expect(properties[property].valid(value)).toBe(true);
          const problem = judgeFailures(await checkWith(resource, property, value), property, value, true);
          if (problem) problems.push(`${JSON.stringify(value).slice(0, 60)}: ${problem}`);
        }
        expect(problems).toEqual([]);
      },
    );

    test.each(Object.keys(properties))("%s: the boundaries", async (property) => {
      const problems: string[] = [];
      for (const value of properties[property].boundaries) {
        expect(properties[property].valid(value)).toBe(false);
        const problem = judgeFailures(await checkWith(resource, property, value), property, value, false);
        if (problem) problems.push(`${JSON.stringify(value).slice(0, 60)}: ${problem}`);
      }
      expect(problems).toEqual([]);
    });

    test.each(Object.keys(properties))(
      "%s: generated values, judged by the documented limits",
      async (property) => {
        const spec = properties[property];
        const problems: string[] = [];
        const details = await fc.check(
          fc.asyncProperty(spec.candidates, async (value) => {
            const problem = judgeFailures(
              await checkWith(resource, property, value),
              property,
              value,
              spec.valid(value),
            );
            if (problem) problems.push(`${JSON.stringify(value).slice(0, 60)}: ${problem}`);
            return problem === undefined;
          }),
          { seed, numRuns: 60, endOnFailure: true },
        );
        expect(problems).toEqual([]);
        expect(details.errorInstance ?? undefined).toBeUndefined();
        expect(details.failed).toBe(false);
      },
    );
  },
);

// ---------------------------------------------------------------------------------------------------------
// Functions, in a program

const base64: PropertySpec = {
  valid: (value) =>
    textOracle(1, 16384)(value) &&
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value as string),
  boundaries: [...text(1, 16384).boundaries, "not base64!", "QUJD=", "QQ", "QUJD\nRA=="],
  wire: true,
  candidates: fc.oneof(anyValue, fc.base64String({ minLength: 4, maxLength: 40 })),
};

interface FunctionSpec {
  name: string;
  /** The promise form. */
  call: (args: Record<string, unknown>) => Promise<unknown>;
  /** Arguments that pass the checks (the one under test is then replaced). */
  valid: Record<string, unknown>;
  properties: Record<string, PropertySpec>;
  required: string[];
}

const FUNCTIONS: FunctionSpec[] = [
  {
    name: "generateDataKey",
    call: (args) => generateDataKey(args as never),
    valid: { keyId: "k" },
    properties: {
      keyId: text(1, 128),
      keySpec: oneOf(["AES128", "AES256"]),
      numberOfBytes: integer(1, 1024),
      region,
    },
    required: ["keyId"],
  },
  {
    name: "decrypt",
    call: (args) => decrypt(args as never),
    valid: { keyId: "k", ciphertextBlob: "AAAA" },
    properties: { keyId: text(1, 128), ciphertextBlob: base64, region },
    required: ["keyId", "ciphertextBlob"],
  },
  {
    name: "getKey",
    call: (args) => getKey(args as never),
    valid: { keyId: "k" },
    properties: { keyId: text(1, 128), region },
    required: ["keyId"],
  },
  {
    name: "getKeys",
    call: (args) => getKeys(args as never),
    valid: {},
    properties: {
      keyState: oneOf(["Enabled", "Disabled", "PendingDeletion", "PendingImport"]),
      nameRegex: {
        valid: () => false,
        boundaries: ["(", "[a-", "*", "(?<", 5],
        candidates: fc.constant("("),
      },
      descriptionRegex: {
        valid: () => false,
        boundaries: [")", "x{2,1}", "\\"],
        candidates: fc.constant(")"),
      },
      keyIds: {
        valid: () => false,
        boundaries: ["k", [""], [5], [["k"]], {}, ["\ud800"], ["bad\u0000id"], ["x".repeat(129)]],
        candidates: fc.constant([""]),
      },
      region,
    },
    required: [],
  },
];

/** Every invalid value a test sends for one argument: the boundaries, generated ones, a lone surrogate. */
function invalidValues(spec: PropertySpec): unknown[] {
  const generated = fc.sample(spec.candidates, { seed, numRuns: 15 }).filter((v) => !spec.valid(v));
  return [...spec.boundaries, ...generated, ...(spec.wire ? ["\ud800 lone surrogate", "\udc00"] : [])];
}

/**
 * Calls with each set of arguments, one after the other, in one program run by the offline engine with the stack
 * config (so that a call that got through would reach kkms-local and be counted): each refusal's message, or
 * undefined for a call that was accepted.
 */
async function refusalsInProgram(
  call: (args: Record<string, unknown>) => Promise<unknown>,
  argsList: Record<string, unknown>[],
): Promise<(string | undefined)[]> {
  counts.functionCalls += argsList.length;
  // Kept here, not returned as stack outputs: some of the values are not valid UTF-16.
  const messages: (string | undefined)[] = [];
  await programs.run(async () => {
    for (const args of argsList) {
      messages.push(
        await call(args).then(
          () => undefined,
          (err: Error) => err.message,
        ),
      );
    }
  });
  return messages;
}

/** Why a refusal is not good enough, or undefined. */
function judgeRefusal(name: string, property: string, message: string | undefined): string | undefined {
  if (message === undefined) return "accepted";
  if (!message.startsWith(`kkms.${name}: `) || !message.includes(property)) return message;
  return undefined;
}

describe.each(FUNCTIONS)("$name refuses every invalid argument before any call, naming it", (spec) => {
  beforeEach(() => fixture.emulator.resetMetrics());

  async function refusal(args: Record<string, unknown>): Promise<string | undefined> {
    return (await refusalsInProgram(spec.call, [args]))[0];
  }

  if (spec.required.length > 0) {
    test.each(spec.required)("%s is required", async (property) => {
      const args = { ...spec.valid };
      delete args[property];
      expect(judgeRefusal(spec.name, property, await refusal(args))).toBeUndefined();
      expect(fixture.emulator.metrics().total).toBe(0);
    });
  }

  test.each(Object.keys(spec.properties))("%s: invalid values", async (property) => {
    const values = invalidValues(spec.properties[property]);
    const messages = await refusalsInProgram(
      spec.call,
      values.map((value) => ({ ...spec.valid, [property]: value })),
    );
    const problems: string[] = [];
    values.forEach((value, i) => {
      const problem = judgeRefusal(spec.name, property, messages[i]);
      if (problem) problems.push(`${JSON.stringify(value).slice(0, 50)} -> ${problem}`);
    });
    expect(problems).toEqual([]);
    // Not one request reached KKMS.
    expect(fixture.emulator.metrics().total).toBe(0);
  });
});

/**
 * The Output forms check the same way inside an apply; a refused Output fails the program through Pulumi's
 * unhandled-rejection handler, which jest would take for a failure of its own, so they run in a child process
 * (no stack config there: an argument that got through would fail for want of credentials, not be refused).
 */
const OUTPUT_FORMS: [string, string, FunctionSpec][] = [
  ["generateDataKeyOutput", "generateDataKey", FUNCTIONS[0]],
  ["decryptOutput", "decrypt", FUNCTIONS[1]],
  ["getKeyOutput", "getKey", FUNCTIONS[2]],
  ["getKeysOutput", "getKeys", FUNCTIONS[3]],
];

const OUTPUT_SCRIPT = `
const provider = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const stray = [];
process.on("unhandledRejection", (e) => stray.push(String(e && e.message)));
(async () => {
  const results = [];
  for (const [fn, args] of cases) {
    const output = provider[fn](args);
    results.push(await output.promise().then(() => undefined, (e) => String(e.message)));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.stdout.write(JSON.stringify({ results, stray }));
})();`;

test.each(OUTPUT_FORMS)("%s refuses every invalid argument too, naming it", (outputName, name, spec) => {
  const cases: [string, Record<string, unknown>, string][] = [];
  for (const property of spec.required) {
    const args = { ...spec.valid };
    delete args[property];
    cases.push([outputName, args, property]);
  }
  for (const [property, propertySpec] of Object.entries(spec.properties)) {
    for (const value of invalidValues(propertySpec))
      cases.push([outputName, { ...spec.valid, [property]: value }, property]);
  }
  const child = spawnSync(process.execPath, ["-e", OUTPUT_SCRIPT, path.join(REPO_ROOT, "dist/provider")], {
    input: JSON.stringify(cases.map(([fn, args]) => [fn, args])),
    encoding: "utf8",
    env: { PATH: process.env.PATH },
    timeout: 30_000,
  });
  expect(child.stderr).toBe("");
  const { results, stray } = JSON.parse(child.stdout) as { results: (string | undefined)[]; stray: string[] };
  counts.functionCalls += cases.length;
  const problems = cases
    .map(([, args, property], i) => [
      JSON.stringify(args).slice(0, 60),
      judgeRefusal(name, property, results[i] ?? undefined),
    ])
    .filter(([, problem]) => problem !== undefined);
  expect(problems).toEqual([]);
  // What Pulumi would report for the unhandled rejections: the same refusals, nothing else.
  expect(stray.filter((message) => !message.startsWith(`kkms.${name}: `))).toEqual([]);
});

describe("aftermath", () => {
  test("nothing was created: the master key is the only key, and no check or refused call reached KKMS", async () => {
    fixture.emulator.resetMetrics();
    const { keys } = await fixture.client.describeKeys();
    expect(keys.map((k) => k.keyName)).toEqual(["master"]);
    recordFigures("providerInputs", {
      seed,
      resourceKinds: RESOURCES.length,
      functions: FUNCTIONS.length + OUTPUT_FORMS.length,
      resourceChecks: counts.resourceChecks,
      functionCallsRefused: counts.functionCalls,
      keysCreated: keys.length - 1,
    });
  });
});
