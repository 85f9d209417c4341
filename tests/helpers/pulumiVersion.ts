/**
 * The installed @pulumi/pulumi, whose provider host the tests drive. CI runs the suite twice: on Node 20 with
 * 3.248 (the last release for Node 20, our floor) and on Node 22 with the newest 3.x; a few behaviours differ.
 */
export const PULUMI_VERSION: string = require("@pulumi/pulumi/package.json").version;

/** The floor: 3.248, whose dynamic-provider host fails a Read without properties (an import) on the missing field itself. */
export const IS_PULUMI_FLOOR = compareVersions(PULUMI_VERSION, "3.248.0") <= 0;

export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split("-")[0].split(".").map(Number));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
