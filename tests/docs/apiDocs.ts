import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");

/** What a public export lacks: its name, and what is missing. */
export interface MissingDoc {
  readonly name: string;
  readonly missing: string;
}

/** Each export: its name, what it stands for, and the export itself (`export * as config` carries its doc there). */
type Exported = [name: string, symbol: ts.Symbol, alias: ts.Symbol];

/**
 * Everything a module entry point exports, checked as first-party Pulumi SDKs document theirs: every class and
 * function has a description and an `## Example Usage` section with a ```typescript example (error classes: a
 * description); every property of an exported interface (the Args, State and Result types) and every public
 * property of a resource class has a description.
 */
export function missingDocs(entry: string): MissingDoc[] {
  const { checker, exported } = moduleExports(entry);
  return exported.flatMap(([name, symbol, alias]) => missingFor(name, symbol, alias, checker));
}

/** The names a module entry point exports (`export *` followed), as a user's editor lists them. */
export function exportedNames(entry: string): string[] {
  return moduleExports(entry).exported.map(([name]) => name);
}

function moduleExports(entry: string): { checker: ts.TypeChecker; exported: Exported[] } {
  const file = path.join(ROOT, entry);
  const program = ts.createProgram([file], {
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry}: not a module`);
  const exported = checker
    .getExportsOfModule(moduleSymbol)
    .map((symbol): Exported => [
      symbol.getName(),
      symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
      symbol,
    ]);
  return { checker, exported };
}

function missingFor(
  name: string,
  symbol: ts.Symbol,
  alias: ts.Symbol,
  checker: ts.TypeChecker,
): MissingDoc[] {
  const missing: MissingDoc[] = [];
  const doc = docText(symbol, checker) || exportStatementDoc(alias);
  const isClass = (symbol.flags & ts.SymbolFlags.Class) !== 0;
  const isError = isClass && /Error$/.test(name);
  const wantsExample = (isClass || (symbol.flags & ts.SymbolFlags.Function) !== 0) && !isError;
  if (doc === "") missing.push({ name, missing: "a description" });
  else if (wantsExample && !hasExample(doc))
    missing.push({ name, missing: "## Example Usage with a ```typescript example" });
  const undocumented = (property: ts.Symbol) =>
    docText(property, checker) === ""
      ? [{ name: `${name}.${property.getName()}`, missing: "a description" }]
      : [];
  if (symbol.flags & ts.SymbolFlags.Interface)
    missing.push(...checker.getDeclaredTypeOfSymbol(symbol).getProperties().flatMap(undocumented));
  if (isClass && !isError) missing.push(...publicProperties(symbol).flatMap(undocumented));
  return missing;
}

/** A class's own public instance properties (outputs), not `__pulumiType` and the like. */
function publicProperties(symbol: ts.Symbol): ts.Symbol[] {
  return [...(symbol.members?.values() ?? [])].filter((member) => {
    if (!(member.flags & ts.SymbolFlags.Property) || member.getName().startsWith("__")) return false;
    const declaration = member.declarations?.[0];
    const modifiers =
      declaration && ts.canHaveModifiers(declaration) ? ts.getModifiers(declaration) : undefined;
    return !modifiers?.some(
      (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
    );
  });
}

/** The doc comment's text (its tags, such as `@default`, are not a description), as an editor shows it. */
export function docText(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

/** The doc comment above an `export * as name from "..."` statement (TypeScript keeps it on the statement). */
function exportStatementDoc(alias: ts.Symbol): string {
  let node: ts.Node | undefined = alias.declarations?.[0];
  while (node && !ts.isExportDeclaration(node)) node = node.parent;
  if (!node) return "";
  return ts
    .getJSDocCommentsAndTags(node)
    .map((doc) => (ts.isJSDoc(doc) ? (ts.getTextOfJSDocComment(doc.comment) ?? "") : ""))
    .join("\n")
    .trim();
}

function hasExample(doc: string): boolean {
  const section = doc.indexOf("## Example Usage");
  return section >= 0 && /```typescript\n[\s\S]+?\n```/.test(doc.slice(section));
}
