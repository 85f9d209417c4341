import { exportedNames, missingDocs } from "./apiDocs";

/**
 * The public surface carries its documentation as first-party Pulumi providers do: a description and an
 * `## Example Usage` section on every class and function, a description on every input, state, result and
 * output property. Read from the sources with the TypeScript compiler, as editors and the .d.ts files show it.
 */
const FUNCTIONS = ["getKey", "getKeys", "generateDataKey", "decrypt", "encrypt"];
const PUBLIC_NAMES = [
  "Key",
  "DataKey",
  "Ciphertext",
  "config",
  ...FUNCTIONS,
  ...FUNCTIONS.map((f) => `${f}Output`),
];

describe.each([
  ["pulumi-kkms (the dynamic provider)", "provider/index.ts"],
  ["pulumi-kkms/native", "provider/native/index.ts"],
])("%s", (_name, entry) => {
  it("is read whole: re-exports (export *) included", () => {
    expect(exportedNames(entry)).toEqual(expect.arrayContaining(PUBLIC_NAMES));
  });

  it("documents every export, with an example on every class and function", () => {
    expect(missingDocs(entry).map((m) => `${m.name}: ${m.missing}`)).toEqual([]);
  });
});

test("the check sees a missing doc comment", () => {
  // tests/docs/fixtures/undocumented.ts exports one class, function and interface without docs, one with.
  expect(
    missingDocs("tests/docs/fixtures/undocumented.ts")
      .map((m) => `${m.name}: ${m.missing}`)
      .sort(),
  ).toEqual(
    [
      "Bare: a description",
      "Bare.size: a description",
      "BareArgs: a description",
      "BareArgs.size: a description",
      "NoExample: ## Example Usage with a ```typescript example",
      "bare: a description",
    ].sort(),
  );
});
