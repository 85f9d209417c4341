import * as path from "path";
import type { LocalWorkspaceOptions } from "@pulumi/pulumi/automation";

export const PROJECT = "kkms-environments";

/**
 * The workspace of every environment stack. `main` is what makes the provider work: an inline program's
 * LocalWorkspace without `workDir` lives in a fresh temporary directory (sdk/nodejs/automation/
 * localWorkspace.ts:385 at v3.248.0), and the CLI starts every plugin — the dynamic-provider host included — in
 * the project's `main` directory, else in that directory (pkg/engine/project.go:45-72, deployment.go:57-68).
 * The host resolves `@pulumi/pulumi` and `pulumi-kkms/provider/runtime` from there, so it must be this
 * program's directory, where `npm install` put them (pulumi/pulumi#6743).
 */
export function workspaceOptions(programDir: string): LocalWorkspaceOptions {
  const backend = `file://${path.join(programDir, ".pulumi-state")}`;
  return {
    projectSettings: { name: PROJECT, runtime: "nodejs", main: programDir, backend: { url: backend } },
    envVars: { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local" },
  };
}
