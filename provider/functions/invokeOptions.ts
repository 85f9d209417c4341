import * as pulumi from "@pulumi/pulumi";

/** Options a function cannot honour, or a value of one that cannot apply: the call fails before anything runs. */
export class UnsupportedInvokeOptionError extends Error {
  constructor(functionName: string, option: string, reason: string) {
    super(`kkms.${functionName}: the ${option} option ${reason}`);
    this.name = "UnsupportedInvokeOptionError";
  }
}

/** Refused options say where the settings these functions do use come from. */
const IN_PROCESS =
  "these functions run in the program's process with the kkms: stack config (and its environment fallbacks), " +
  "not through a provider: pass `region` to choose the region, set kkms:endpoint and the credentials in config";

/**
 * The InvokeOptions every kkms function takes, checked the same way (pulumi/pulumi v3.248.0 sdk/nodejs/invoke.ts):
 * - `parent`: the SDK uses it only to find the provider (sdk/nodejs/runtime/invoke.ts:345); a parent carrying a provider
 *   for kkms is refused like `provider`, any other parent changes nothing;
 * - `provider`, `pluginDownloadURL`: refused — no provider resource or plugin serves these functions;
 * - `version`: the version of the code that runs; the installed pulumi-kkms version is accepted, another refused;
 * - `async: false` (deprecated synchronous invokes): refused — these functions are asynchronous;
 * - `dependsOn`: only the `…Output` forms take it (InvokeOutputOptions), and honour it (see afterDependencies).
 */
export function checkInvokeOptions(
  functionName: string,
  opts: pulumi.InvokeOutputOptions | undefined,
  form: "promise" | "output",
): void {
  if (opts === undefined) return;
  const refuse = (option: string, reason: string) => {
    throw new UnsupportedInvokeOptionError(functionName, option, reason);
  };
  if (opts.parent !== undefined && !pulumi.Resource.isInstance(opts.parent))
    refuse("parent", "must be a Resource.");
  const provider = opts.provider ?? opts.parent?.getProvider(`kkms:index:${functionName}`);
  if (provider !== undefined)
    refuse(opts.provider ? "provider" : "parent's provider", `cannot apply: ${IN_PROCESS}.`);
  if (opts.pluginDownloadURL !== undefined) refuse("pluginDownloadURL", `cannot apply: ${IN_PROCESS}.`);
  if (opts.version !== undefined && opts.version !== installedVersion())
    refuse(
      "version",
      `must be the installed pulumi-kkms version (${installedVersion()}), the code that runs; got ${JSON.stringify(opts.version)}.`,
    );
  if (opts.async === false) refuse("async", "cannot be false: these functions are asynchronous.");
  if (form === "promise" && opts.dependsOn !== undefined)
    refuse(
      "dependsOn",
      `is for kkms.${functionName}Output (InvokeOutputOptions), which waits for those resources.`,
    );
}

function installedVersion(): string {
  return (require("pulumi-kkms/package.json") as { version: string }).version;
}
