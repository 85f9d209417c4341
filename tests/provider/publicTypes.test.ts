import * as path from "path";
import * as ts from "typescript";

/**
 * The package's public types as a program sees them: fixtures/publicTypes.ts imports "pulumi-kkms" (the built
 * dist/*.d.ts, which `npm test` builds first) and is type-checked with the TypeScript compiler. ts-jest only
 * transpiles (isolatedModules), so without this `npm test` would not notice a type that stopped compiling.
 */
const FIXTURE = path.join(__dirname, "fixtures", "publicTypes.ts");
/** The fixture without its `@ts-expect-error` directives, served from memory: each refused line must fail. */
const WITHOUT_DIRECTIVES = path.join(__dirname, "fixtures", "publicTypes.withoutDirectives.ts");
const DIRECTIVE = /\/\/ @ts-expect-error (TS\d+):/;

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  lib: ["lib.es2022.d.ts"],
  types: ["node"],
};

function compile(files: Record<string, string>): readonly ts.Diagnostic[] {
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file in files || fileExists.call(host, file);
  host.readFile = (file) => files[file] ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) =>
    file in files
      ? ts.createSourceFile(file, files[file], language)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram(Object.keys(files), OPTIONS, host);
  return ts.getPreEmitDiagnostics(program);
}

/** `file:line TSnnnn`, with the message, for readable failures. */
function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code} ${message}`;
  const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
  return `${path.basename(diagnostic.file.fileName)}:${line} TS${diagnostic.code} ${message}`;
}

test("Key.get, Key.isInstance narrowing and the …Output forms' InvokeOutputOptions compile; misuses are refused", () => {
  const source = ts.sys.readFile(FIXTURE) as string;
  const lines = source.split("\n");
  // Line numbers (1-based) of the lines after each directive, and the code the directive names.
  const refusals = lines.flatMap((line, index) => {
    const code = DIRECTIVE.exec(line)?.[1];
    return code ? [`publicTypes.withoutDirectives.ts:${index + 2} ${code}`] : [];
  });
  const withoutDirectives = lines.map((line) => line.replace(DIRECTIVE, "// (directive removed)")).join("\n");

  const diagnostics = compile({ [FIXTURE]: source, [WITHOUT_DIRECTIVES]: withoutDirectives }).map(
    describeDiagnostic,
  );

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
