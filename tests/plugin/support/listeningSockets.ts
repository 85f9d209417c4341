import * as fs from "fs";

/**
 * The local addresses a process listens on for a TCP port, from Linux's /proc: the LISTEN entries of
 * /proc/net/tcp and tcp6 whose socket inode is one of the process's open files. The kernel's own view, so a
 * wildcard bind (0.0.0.0 or ::) shows as such, which a connection to 127.0.0.1 would not reveal.
 */
export function listeningAddresses(pid: number, port: number): string[] {
  const inodes = new Set(
    fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      const target = safeReadlink(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target ?? "")?.[1];
      return inode ? [inode] : [];
    }),
  );
  return (["tcp", "tcp6"] as const).flatMap((table) =>
    readTable(`/proc/${pid}/net/${table}`)
      .filter((entry) => entry.state === LISTEN && entry.port === port && inodes.has(entry.inode))
      .map((entry) => entry.address),
  );
}

const LISTEN = "0A";

function readTable(file: string): { address: string; port: number; state: string; inode: string }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/);
      const [address, port] = fields[1].split(":");
      return {
        address: formatAddress(address),
        port: parseInt(port, 16),
        state: fields[3],
        inode: fields[9],
      };
    });
}

/** The kernel prints addresses as 32-bit words in host (little-endian) byte order. */
function formatAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  return groups.join(":");
}

function safeReadlink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined; // the fd was closed while we listed them
  }
}
