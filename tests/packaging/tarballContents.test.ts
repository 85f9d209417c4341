import { execFileSync } from "child_process";
import * as path from "path";
import { SQLITE_RANGES } from "../../emulator/storage/sqliteBinding";

/**
 * What `npm pack` puts in each package's tarball: what users need and nothing else (.ci/consumer installs the
 * tarballs themselves). Lists the files `npm run build` left in dist/ and emulator/dist/.
 */
const REPO = path.resolve(__dirname, "../..");

interface PackedFile {
  path: string;
}

function packedFiles(workspace?: string): string[] {
  const args = [
    "pack",
    "--dry-run",
    "--json",
    "--ignore-scripts",
    ...(workspace ? ["--workspace", workspace] : []),
  ];
  const [packed] = JSON.parse(execFileSync("npm", args, { cwd: REPO, encoding: "utf8" })) as [
    { files: PackedFile[] },
  ];
  return packed.files.map((file) => file.path);
}

function manifest(dir: string): Record<string, Record<string, string> | undefined> {
  return require(path.join(REPO, dir, "package.json"));
}

test("pulumi-kkms ships its entry points, LICENSE and README, and no maps, tests, emulator or offline engine", () => {
  const files = packedFiles();
  expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
  for (const entry of ["provider/index", "sdk/index", "provider/native/index", "reexports/emulator"]) {
    expect(files).toEqual(expect.arrayContaining([`dist/${entry}.js`, `dist/${entry}.d.ts`]));
  }
  expect(files).toContain("dist/provider/plugin/main.js");
  // The README points `pulumi package add` at node_modules/pulumi-kkms/dist/provider/plugin/schema.json.
  expect(files).toContain("dist/provider/plugin/schema.json");
  const unexpected = files.filter(
    (file) =>
      !/^(LICENSE|README\.md|package\.json|dist\/(provider|sdk|reexports)\/.*\.(js|d\.ts|json))$/.test(file),
  );
  expect(unexpected).toEqual([]);
});

test("kkms-local ships its bin, its library, the console page and the SDK files it imports, and no maps", () => {
  const files = packedFiles("kkms-local");
  expect(files).toEqual(
    expect.arrayContaining([
      "LICENSE",
      "README.md",
      "dist/emulator/cli.js",
      "dist/emulator/index.js",
      "dist/emulator/index.d.ts",
      "dist/emulator/console/page/main.js",
      "dist/sdk/signing/computeV4Signature.js",
    ]),
  );
  const unexpected = files.filter(
    (file) => !/^(LICENSE|README\.md|package\.json|dist\/(emulator|sdk)\/.*\.(js|d\.ts))$/.test(file),
  );
  expect(unexpected).toEqual([]);
});

test("the native addon is kkms-local's dependency only; @pulumi/pulumi is a caret range", () => {
  const root = manifest(".");
  const emulator = manifest("emulator");
  expect(Object.keys(root.dependencies ?? {})).not.toContain("better-sqlite3");
  expect(root.dependencies?.["@pulumi/pulumi"]).toMatch(/^\^3\./);
  expect(root.peerDependencies?.["kkms-local"]).toBeDefined();
  expect(emulator.dependencies?.["better-sqlite3"]).toBe(
    `${SQLITE_RANGES.node20} || ${SQLITE_RANGES.node22}`,
  );
  expect(Object.keys(emulator.dependencies ?? {})).not.toContain("@pulumi/pulumi");
  expect(Object.keys(emulator.dependencies ?? {})).not.toContain("pulumi-kkms");
});
