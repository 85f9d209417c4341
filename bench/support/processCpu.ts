import * as fs from "fs";

/** Linux's clock ticks per second for /proc times (USER_HZ: 100 on every Linux ABI Node runs on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far, from /proc/PID/stat; NaN when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** This process's own user + system CPU seconds. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The pids whose parent is `parent`, from /proc. */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return children;
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/**
 * Samples the CPU of the child processes this process starts while it runs (a language host, provider plugins:
 * the offline engine starts and stops them itself), except those it is told to leave out, grouped by the
 * label `classify` gives each command line. A child's last sample before it exits is what counts: up to one
 * interval of its CPU can be missed, which the caller states.
 */
export function sampleChildrenCpu(options: {
  exclude: number[];
  intervalMs: number;
  classify(commandLine: string): string;
}) {
  const lastSeen = new Map<number, { label: string; seconds: number }>();
  const sample = () => {
    for (const pid of childrenOf(process.pid)) {
      if (options.exclude.includes(pid)) continue;
      const seconds = cpuSecondsOf(pid);
      if (Number.isNaN(seconds)) continue;
      const label = lastSeen.get(pid)?.label ?? options.classify(commandLineOf(pid));
      lastSeen.set(pid, { label, seconds });
    }
  };
  sample();
  const timer = setInterval(sample, options.intervalMs);
  return {
    /** Stops sampling; the CPU seconds of the children seen, by label. */
    stop(): Map<string, number> {
      sample();
      clearInterval(timer);
      const byLabel = new Map<string, number>();
      for (const { label, seconds } of lastSeen.values())
        byLabel.set(label, (byLabel.get(label) ?? 0) + seconds);
      return byLabel;
    },
  };
}
