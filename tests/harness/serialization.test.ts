import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { IS_PULUMI_FLOOR } from "../helpers/pulumiVersion";
import { capturing, serializedText } from "../helpers/fixtures/capturingProviders";
import { killAllProviderHosts, startProviderHost } from "../../offline-engine/providers/providerHost";
import { DEFAULT_PULUMI_DIR } from "../../offline-engine/providers/providerStubs";

/** What closure serialization (what `__provider` is made of) does with captured modules. */

/** The `require(...)` lines of a serialized text. */
function requires(text: string): string[] {
  return text.match(/require\("[^"]*"\)/g) ?? [];
}

describe("under jest (ts-jest, CommonJS, esModuleInterop)", () => {
  test.each([
    ["builtinImportStar", ['require("fs")']],
    ["packageImportStar", ['require("semver/index.js")']],
    ["packageRequire", ['require("semver/index.js")']],
    ["exportsMapRequire", ['require("axios/dist/node/axios.cjs")']],
    ["requireInBody", ['require("semver")']],
  ])("%s", async (name, expected) => {
    expect(requires(await serializedText(capturing[name]))).toEqual(expected);
  });

  test("import * of a package: 3.248 copies the __importStar wrapper, whose getters require it; later SDKs require it", async () => {
    const text = await serializedText(capturing["packageImportStar"]);
    if (IS_PULUMI_FLOOR) {
      expect(text).toContain('Object.defineProperty(__semverStar, "valid", { enumerable: true, get: __f2 })');
    } else {
      expect(text).toContain('const semverStar = require("semver/index.js");');
    }
  });
});

describe("in a plain-node project (the situation of `pulumi up`)", () => {
  let project: string;
  let texts: Record<string, string>;

  const INDEX_JS = `
    const runtime = require("./runtime");
    const hidden = require("./hidden");
    exports.capturesExported = { async create(inputs) { return runtime.create(inputs); } };
    exports.capturesUnexported = { async create() { return hidden.create(); } };
    exports.requiresInBody = { async create(inputs) { return require("PKG/runtime").create(inputs); } };
  `;
  const RUNTIME_JS = `exports.create = async (inputs) => ({ id: "made-by-runtime-" + inputs.name, outs: {} });`;

  function writePackage(dir: string, name: string): void {
    const files: Record<string, string> = {
      "package.json": JSON.stringify({
        name,
        exports: { ".": "./dist/index.js", "./runtime": "./dist/runtime.js" },
      }),
      "dist/index.js": INDEX_JS.replace("PKG", name),
      "dist/runtime.js": RUNTIME_JS,
      "dist/hidden.js": RUNTIME_JS,
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  }

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "harness-serialize-"));
    writePackage(path.join(project, "node_modules", "installed"), "installed");
    // What `npm install ../path` or `npm link` leaves: a symlink whose real path is outside node_modules.
    writePackage(path.join(project, "linked-src"), "linked");
    fs.symlinkSync(path.join(project, "linked-src"), path.join(project, "node_modules", "linked"));
    const script = path.join(__dirname, "../helpers/fixtures/serializeInProject.js");
    const specs = ["installed#capturesExported", "installed#capturesUnexported", "installed#requiresInBody"];
    const output = execFileSync(
      process.execPath,
      [script, DEFAULT_PULUMI_DIR, ...specs, "linked#capturesExported"],
      {
        cwd: project,
        // In a real project @pulumi/pulumi sits beside the package; here it must find it through NODE_PATH.
        env: { ...process.env, NODE_PATH: path.join(project, "node_modules") },
      },
    );
    texts = JSON.parse(output.toString()) as Record<string, string>;
  });

  afterAll(async () => {
    await killAllProviderHosts();
    fs.rmSync(project, { recursive: true, force: true });
  });

  test("a captured module of an installed package becomes require() of its exported subpath", () => {
    expect(requires(texts["installed#capturesExported"])).toEqual(['require("installed/runtime")']);
  });

  test("a captured module that the package does not export fails serialization", () => {
    expect(texts["installed#capturesUnexported"]).toBe(
      'ERROR: package.json export path for "installed/dist/hidden.js" not found',
    );
  });

  test("require() inside a method body is kept as written", () => {
    expect(requires(texts["installed#requiresInBody"])).toEqual(['require("installed/runtime")']);
  });

  test("a symlinked package counts as local code and is copied by value", () => {
    expect(requires(texts["linked#capturesExported"])).toEqual([]);
    expect(texts["linked#capturesExported"]).toContain('"made-by-runtime-" + inputs.name');
  });

  test("the host runs the text, loading the package from its cwd", async () => {
    const host = await startProviderHost({ cwd: project });
    await host.configure({});
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::r";
    const props = { __provider: texts["installed#capturesExported"], name: "x" };
    await expect(host.create(urn, props)).resolves.toMatchObject({ id: "made-by-runtime-x" });
  });
});
