import * as path from "path";
import * as ts from "typescript";

/** How a user's project compiles against the package: strict, CommonJS, Node 10 resolution, no emit. */
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

/**
 * Type-checks `files` (path → source, served from memory, so a path beside the repository resolves its imports
 * from there) as one program, and returns each diagnostic as `file:line TSnnnn message`. ts-jest only transpiles
 * (isolatedModules), so tests that must see type errors compile with this.
 */
export function typeCheckInMemory(files: Record<string, string>): string[] {
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file in files || fileExists.call(host, file);
  host.readFile = (file) => files[file] ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) =>
    file in files
      ? ts.createSourceFile(file, files[file], language)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram(Object.keys(files), OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map(describeDiagnostic);
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code} ${message}`;
  const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
  return `${path.basename(diagnostic.file.fileName)}:${line} TS${diagnostic.code} ${message}`;
}
