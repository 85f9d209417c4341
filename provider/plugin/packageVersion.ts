import * as fs from "fs";
import * as path from "path";

/** The version of the installed pulumi-kkms package: what GetPluginInfo answers and the native SDK asks for. */
export function packageVersion(): string {
  // From dist/provider/plugin (compiled) or provider/plugin (ts-jest): the package root is three or two up.
  for (const up of ["../../..", "../.."]) {
    const file = path.resolve(__dirname, up, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "pulumi-kkms" && manifest.version) return manifest.version;
    }
  }
  throw new Error("pulumi-kkms: cannot find the package's package.json to read its version");
}
