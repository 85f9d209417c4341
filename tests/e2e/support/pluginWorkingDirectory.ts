import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { LocalWorkspaceOptions } from "@pulumi/pulumi/automation";

/**
 * The directory the Pulumi CLI starts its plugins in — the dynamic-provider host included — for an inline
 * program's LocalWorkspace, by the engine's own rules (pulumi/pulumi v3.248.0):
 * - the workspace directory is `workDir`, else a fresh temporary `automation-XXXXXX`
 *   (sdk/nodejs/automation/localWorkspace.ts:383-386);
 * - without `projectSettings` (and no Pulumi.yaml in `workDir`) the project is `defaultProject`, whose `main` is
 *   `process.cwd()` (localWorkspace.ts:317-333, 1375-1378; pulumi/pulumi#6743);
 * - the plugins' directory is the project root, or `main` when it is a directory, or the directory of `main`
 *   (pkg/engine/project.go:45-72), handed to every plugin as its working directory (pkg/engine/deployment.go:
 *   57-68; sdk/go/common/resource/plugin/context.go:42; provider_plugin.go:281).
 */
export function pluginWorkingDirectory(options: LocalWorkspaceOptions): string {
  const root = () => options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "automation-"));
  const main = options.projectSettings ? options.projectSettings.main : process.cwd();
  if (main === undefined || main === "") return root();
  const resolved = path.isAbsolute(main) ? main : path.join(root(), main);
  return fs.statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
}

/**
 * What the CLI runs for the `pulumi-nodejs` plugin: a script that resolves the host from its working directory,
 * `node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))"` (@pulumi/pulumi's
 * `pulumi-resource-pulumi-nodejs`, line 2), and runs nothing when that fails. Run here exactly so; returns the
 * @pulumi/pulumi directory it finds, or undefined.
 */
export function hostPulumiDir(workingDirectory: string): string | undefined {
  const resolved = spawnSync(
    process.execPath,
    ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))"],
    { cwd: workingDirectory, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } },
  );
  if (resolved.status !== 0) return undefined;
  return path.resolve(path.dirname(resolved.stdout.trim()), "../..");
}
