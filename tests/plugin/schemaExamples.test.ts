import * as path from "path";
import { typeCheckInMemory } from "../helpers/typeCheckInMemory";
import schema from "../../provider/plugin/schema.json";
import { parseYamlProgram, yamlProgramProblems } from "./support/yamlProgramCheck";

/**
 * The examples in the schema's descriptions — what `pulumi package add` and the registry docs show users — are
 * whole programs: each TypeScript block compiles on its own against pulumi-kkms/native (the built dist, which
 * `npm test` builds first), and each YAML block passes the check examples/native-yaml passes.
 */
const REPO = path.resolve(__dirname, "../..");

const documented: [string, string][] = [
  ["provider", schema.provider.description],
  ...Object.entries(schema.resources).map(([token, r]): [string, string] => [token, r.description]),
  ...Object.entries(schema.functions).map(([token, f]): [string, string] => [token, f.description]),
];

function blocks(language: string): { where: string; code: string }[] {
  return documented.flatMap(([token, description]) =>
    [...description.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match, i) => ({
      where: `${token.replace(/^kkms:index:/, "")}-${i + 1}`,
      code: match[1],
    })),
  );
}

test("every description has its examples: one TypeScript and one YAML block each", () => {
  expect(blocks("typescript").map((b) => b.where)).toEqual(
    documented.map(([t]) => `${t.replace(/^kkms:index:/, "")}-1`),
  );
  expect(blocks("yaml").map((b) => b.where)).toEqual(
    documented.map(([t]) => `${t.replace(/^kkms:index:/, "")}-1`),
  );
});

test("each TypeScript example compiles on its own against pulumi-kkms/native; a fragment beside them does not", () => {
  const dir = path.join(REPO, "tests/plugin/schema-examples");
  const files = Object.fromEntries(
    blocks("typescript").map(({ where, code }) => [path.join(dir, `${where}.ts`), code]),
  );
  // The negative control, in the same compile (one program for all, to stay fast): a name never declared.
  files[path.join(dir, "fragment.ts")] =
    'import * as kkms from "pulumi-kkms/native";\nexport const blob = kkms.encryptOutput({ keyId: key.keyId, plaintext: "p" });\n';
  expect(typeCheckInMemory(files)).toEqual(["fragment.ts:2 TS2304 Cannot find name 'key'."]);
});

test.each(blocks("yaml").map((b) => [b.where, b.code]))(
  "the %s YAML example fits the schema and declares every name it reads",
  (_where, code) => {
    expect(yamlProgramProblems(parseYamlProgram(code))).toEqual([]);
  },
);
