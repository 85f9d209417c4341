import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";

/**
 * A real, tiny disk: a tmpfs of a given size mounted in a user and mount namespace of its own (`unshare -rm`,
 * which needs no privilege beyond unprivileged user namespaces; as root it works too). Only processes in that
 * namespace see the tmpfs, so a host script there (tinyDiskHost.js) starts and stops kkms-local and inspects
 * its database on our behalf; the network is shared, so requests go straight to kkms-local. The tmpfs goes
 * away with the namespace's last process.
 */
export class TinyDisk {
  private readonly answers: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  private cliPid: number | undefined;

  private constructor(
    private readonly host: ChildProcessWithoutNullStreams,
    /** The mount point, as a path inside the namespace (outside it is an empty directory). */
    readonly mountPoint: string,
    private readonly stderr: () => string,
  ) {
    readline.createInterface({ input: host.stdout }).on("line", (line) => {
      const waiter = this.waiting;
      this.waiting = undefined;
      if (waiter) waiter(line);
      else this.answers.push(line);
    });
  }

  /** Mounts a tmpfs of `size` (tmpfs syntax: "2m", "16k") and starts the host script in its namespace. */
  static async mount(size: string, cliPath: string): Promise<TinyDisk> {
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-tiny-disk-"));
    try {
      requireMountNamespaces(mountPoint);
    } catch (err) {
      fs.rmSync(mountPoint, { recursive: true, force: true });
      throw err;
    }
    const host = spawn(
      "unshare",
      [
        "-rm",
        "sh",
        "-c",
        'mount -t tmpfs -o size="$1" tmpfs "$2" && exec "$3" "$4" "$5" "$2"',
        "sh",
        size,
        mountPoint,
        process.execPath,
        path.join(__dirname, "tinyDiskHost.js"),
        cliPath,
      ],
      { stdio: ["pipe", "pipe", "pipe"], env: { PATH: process.env.PATH } },
    );
    let stderr = "";
    host.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const disk = new TinyDisk(host, mountPoint, () => stderr);
    let mounted: { mounted?: string } = {};
    try {
      mounted = await disk.next<{ mounted?: string }>();
    } catch {
      // The host exited: its stderr says why, below.
    }
    if (mounted.mounted !== mountPoint) {
      await disk.close();
      throw new Error(`the tmpfs was not mounted: ${stderr}`);
    }
    return disk;
  }

  /** Starts kkms-local (the CLI) with `args`: its URL, or its exit code and stderr when it did not start. */
  async start(args: string[]): Promise<{ url?: string; exitCode?: number | string; stderr?: string }> {
    const started = await this.command<{ url?: string; pid?: number; exitCode?: number; stderr?: string }>({
      op: "start",
      args,
    });
    this.cliPid = started.pid;
    return started;
  }

  /** SIGTERM to kkms-local: its exit code and stderr. */
  stop(): Promise<{ exitCode: number | string | null; stderr: string }> {
    this.cliPid = undefined;
    return this.command({ op: "stop" });
  }

  /** quick_check's rows, the keys in the database, the bytes left on the tmpfs, the data dir's files. */
  inspect(dataDir: string): Promise<{
    quickCheck: string[];
    keys: number;
    freeBytes: number;
    files: Record<string, number>;
  }> {
    return this.command({ op: "inspect", dataDir });
  }

  /** Ends kkms-local and the namespace (and so the tmpfs), and removes the mount point. */
  async close(): Promise<void> {
    if (this.cliPid !== undefined) killQuietly(this.cliPid);
    const exited = new Promise((resolve) => this.host.once("exit", resolve));
    if (this.host.exitCode === null && this.host.signalCode === null) {
      this.host.stdin.end();
      await exited;
    }
    fs.rmSync(this.mountPoint, { recursive: true, force: true });
  }

  private async command<T>(command: Record<string, unknown>): Promise<T> {
    this.host.stdin.write(JSON.stringify(command) + "\n");
    const answer = await this.next<T & { error?: string }>();
    if (answer.error !== undefined) throw new Error(`tinyDiskHost.js: ${answer.error}`);
    return answer;
  }

  private next<T>(): Promise<T> {
    const queued = this.answers.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued) as T);
    return new Promise((resolve, reject) => {
      const exited = () => reject(new Error(`the tiny disk's host exited: ${this.stderr()}`));
      this.host.once("exit", exited);
      this.waiting = (line) => {
        this.host.off("exit", exited);
        resolve(JSON.parse(line) as T);
      };
    });
  }
}

/** A clear failure (never a skip) where this machine cannot mount a tmpfs in a namespace of its own. */
function requireMountNamespaces(mountPoint: string): void {
  const probe = spawnSync(
    "unshare",
    ["-rm", "sh", "-c", 'mount -t tmpfs -o size=16k tmpfs "$0"', mountPoint],
    {
      encoding: "utf8",
    },
  );
  if (probe.status === 0) return;
  throw new Error(
    "This test mounts a real tmpfs with `unshare -rm` (util-linux) and needs it to work: " +
      `${probe.error?.message ?? probe.stderr.trim()}. ` +
      "Install util-linux and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; " +
      "under AppArmor kernel.apparmor_restrict_unprivileged_userns=0; in a container, a seccomp profile that " +
      "permits unshare and mount).",
  );
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
