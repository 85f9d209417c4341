import * as path from "path";
import { createKeyParams } from "./support/emulatorFixture";
import { callAction } from "./support/kkmsRequest";
import { ensureBuiltCli, PACKAGE_CLI_PATH } from "./support/cliProcess";
import { TinyDisk } from "./support/tinyDisk";
import { isOutOfSpaceAtOpen } from "../../emulator/storage/storageHealth";

/**
 * A real full disk, not SQLite's page limit: kkms-local (the package's CLI) with its data dir on a tmpfs of a
 * few megabytes, so writes end in the kernel's ENOSPC, whichever file they hit (-wal, -shm, the database).
 */
let disk: TinyDisk | undefined;

beforeAll(() => ensureBuiltCli(PACKAGE_CLI_PATH));

afterEach(async () => {
  await disk?.close();
  disk = undefined;
});

const ARGS = ["--port", "0", "--log-format", "none"];

describe("a real full disk (a tmpfs mounted in a namespace of the test's own)", () => {
  it("refuses every write it cannot make with 507 StorageFull, never a 500, and keeps every acknowledged key across a restart on the same disk", async () => {
    disk = await TinyDisk.mount("6m", PACKAGE_CLI_PATH);
    const dataDir = path.join(disk.mountPoint, "data");
    const first = await disk.start(["--data-dir", dataDir, ...ARGS]);
    expect(first.stderr).toBeUndefined();
    const url = first.url!;

    // Four writers, each until it has been refused 5 times in a row (the disk has no room left for any key).
    const acknowledged: string[] = [];
    const refusals: string[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (writer) => {
        for (let i = 0, refusedInARow = 0; refusedInARow < 5 && i < 1000; i++) {
          const answer = await callAction(
            url,
            "CreateKey",
            createKeyParams(`w${writer}-${i}`, "x".repeat(1000)),
          );
          if (answer.status === 200) {
            acknowledged.push((answer.body.Key as { KeyId: string }).KeyId);
            refusedInARow = 0;
          } else {
            refusals.push(`${answer.status} ${answer.error?.Code ?? answer.text}`);
            refusedInARow += 1;
          }
        }
      }),
    );
    expect(acknowledged.length).toBeGreaterThan(50);
    expect(refusals.length).toBeGreaterThanOrEqual(20);
    expect(new Set(refusals)).toEqual(new Set(["507 StorageFull"]));
    // Reads still work on the full disk.
    expect(await keyIdsOf(url)).toEqual(new Set(acknowledged));

    expect(await disk.stop()).toMatchObject({ exitCode: 0 });
    const stopped = await disk.inspect(dataDir);
    expect(stopped).toMatchObject({ quickCheck: ["ok"], keys: acknowledged.length });
    // Really full: less than one more page of the -wal (4 KiB and its frame header) fits.
    expect(stopped.freeBytes).toBeLessThan(4096 + 24);
    // 6 MiB: the -wal reached SQLite's checkpoint (1,000 pages) first, so the database file grew and filled too.
    expect(stopped.files["kkms-local.db"]).toBeGreaterThan(1024 * 1024);

    const restarted = await disk.start(["--data-dir", dataDir, ...ARGS]);
    expect(restarted.stderr).toBeUndefined();
    expect(await keyIdsOf(restarted.url!)).toEqual(new Set(acknowledged));
    const stillFull = await callAction(
      restarted.url!,
      "CreateKey",
      createKeyParams("after-restart", "x".repeat(1000)),
    );
    expect(`${stillFull.status} ${stillFull.error?.Code}`).toBe("507 StorageFull");
    expect(await disk.stop()).toMatchObject({ exitCode: 0 });
    expect(await disk.inspect(dataDir)).toMatchObject({ quickCheck: ["ok"], keys: acknowledged.length });
  });

  it("refuses to start on a disk without room for the database's index (-shm), saying the disk is full", async () => {
    // 16 KiB: the database's first page fits, the -shm file's 32 KiB does not (SQLITE_IOERR_SHMSIZE).
    disk = await TinyDisk.mount("16k", PACKAGE_CLI_PATH);
    const dataDir = path.join(disk.mountPoint, "data");
    const started = await disk.start(["--data-dir", dataDir, ...ARGS]);
    expect(started.url).toBeUndefined();
    expect(started.exitCode).toBe(1);
    expect(started.stderr).toContain(
      `kkms-local: The disk of ${path.join(dataDir, "kkms-local.db")} is full: kkms-local cannot start on it. ` +
        "Free space and start again.",
    );
    expect(started.stderr).not.toContain("disk I/O error");
  });
});

async function keyIdsOf(url: string): Promise<Set<string>> {
  const listed = await callAction(url, "DescribeKeys");
  expect(listed.status).toBe(200);
  return new Set((listed.body.KeySet as { KeyId: string }[]).map((key) => key.KeyId));
}

describe("an I/O error while opening the database", () => {
  it.each([
    ["SQLITE_FULL", undefined, true],
    ["SQLITE_IOERR_SHMSIZE", 0, true],
    ["SQLITE_IOERR_SHMSIZE", 32 * 1024 - 1, true],
    // Room left: a failing disk, not a full one.
    ["SQLITE_IOERR_SHMSIZE", 32 * 1024, false],
    ["SQLITE_IOERR_WRITE", 10 ** 9, false],
    // Free space unknown: not called full.
    ["SQLITE_IOERR_SHMSIZE", undefined, false],
    ["SQLITE_CORRUPT", 0, false],
  ])("%s with %p bytes free is a full disk: %p", (code, free, full) => {
    expect(isOutOfSpaceAtOpen(code, () => free)).toBe(full);
  });
});
