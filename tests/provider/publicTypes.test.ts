import * as path from "path";
import * as fs from "fs";
import { typeCheckInMemory } from "../helpers/typeCheckInMemory";

/**
 * The package's public types as a program sees them: fixtures/publicTypes.ts imports "pulumi-kkms" (the built
 * dist/*.d.ts, which `npm test` builds first) and is type-checked with the TypeScript compiler. ts-jest only
 * transpiles (isolatedModules), so without this `npm test` would not notice a type that stopped compiling.
 */
const FIXTURE = path.join(__dirname, "fixtures", "publicTypes.ts");
/** The fixture without its `@ts-expect-error` directives, served from memory: each refused line must fail. */
const WITHOUT_DIRECTIVES = path.join(__dirname, "fixtures", "publicTypes.withoutDirectives.ts");
const DIRECTIVE = /\/\/ @ts-expect-error (TS\d+):/;

test("Key.get, Key.isInstance narrowing and the …Output forms' InvokeOutputOptions compile; misuses are refused", () => {
  const source = fs.readFileSync(FIXTURE, "utf8");
  const lines = source.split("\n");
  // Line numbers (1-based) of the lines after each directive, and the code the directive names.
  const refusals = lines.flatMap((line, index) => {
    const code = DIRECTIVE.exec(line)?.[1];
    return code ? [`publicTypes.withoutDirectives.ts:${index + 2} ${code}`] : [];
  });
  const withoutDirectives = lines.map((line) => line.replace(DIRECTIVE, "// (directive removed)")).join("\n");

  const diagnostics = typeCheckInMemory({ [FIXTURE]: source, [WITHOUT_DIRECTIVES]: withoutDirectives });

  // As written: no error at all (an unneeded @ts-expect-error would be TS2578).
  expect(diagnostics.filter((d) => !d.startsWith("publicTypes.withoutDirectives.ts:"))).toEqual([]);
  // Without the directives: exactly the refused lines fail, each for the reason named.
  expect(refusals).toEqual([
    expect.stringMatching(/ TS2345$/),
    expect.stringMatching(/ TS2353$/),
    expect.stringMatching(/ TS2322$/),
  ]);
  expect(diagnostics.map((d) => d.split(" ").slice(0, 2).join(" "))).toEqual(refusals);
});
