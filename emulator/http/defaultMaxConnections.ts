import * as fs from "fs";

export const MAX_CONNECTIONS_CEILING = 256;
/** Descriptors kept for everything else: the listener, the database and its -wal and -shm, stdio, Node's own. */
export const RESERVED_DESCRIPTORS = 32;

/**
 * 256, or fewer when the process may open fewer descriptors: past its limit Node can accept no connection at
 * all, so a cap above it would never act. The limit is read from /proc/self/limits where there is one (Linux).
 */
export function defaultMaxConnections(
  readLimits: () => string | undefined = () => readFileIfAny("/proc/self/limits"),
): number {
  const limit = openFilesLimit(readLimits());
  if (limit === undefined) return MAX_CONNECTIONS_CEILING;
  return Math.max(1, Math.min(MAX_CONNECTIONS_CEILING, limit - RESERVED_DESCRIPTORS));
}

/** The soft limit in `Max open files  1024  1048576  files`; undefined when absent or unlimited. */
export function openFilesLimit(limits: string | undefined): number | undefined {
  const match = /^Max open files\s+(\d+)\s/m.exec(limits ?? "");
  return match === null ? undefined : Number(match[1]);
}

function readFileIfAny(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
