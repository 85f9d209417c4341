import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ResourceState } from "../../offline-engine";
import { Snapshot } from "../../offline-engine/state/snapshot";

function resource(name: string): ResourceState {
  return {
    urn: `urn:pulumi:dev::p::test:index:Thing::${name}`,
    type: "test:index:Thing",
    custom: true,
    id: `${name}-id`,
    inputs: { name },
    outputs: { name },
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    external: false,
    additionalSecretOutputs: [],
  };
}

function urnsOnDisk(file: string): string[] {
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: ResourceState[] };
  return state.resources.map((r) => r.urn);
}

describe("the snapshot's writes", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "snapshot-writes-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has each change on disk by the time its step is answered, sharing writes that overlap", async () => {
    const file = path.join(dir, "state.json");
    const snapshot = new Snapshot({ project: "p", stack: "dev" }, [], file);
    const renames: number[] = [];
    const rename = fs.promises.rename;
    const spy = jest.spyOn(fs.promises, "rename").mockImplementation(async (from, to) => {
      renames.push(Date.now());
      return rename(from, to);
    });
    try {
      const things = Array.from({ length: 50 }, (_, i) => resource(`thing-${i}`));
      await Promise.all(
        things.map(async (thing) => {
          await snapshot.record(thing);
          // Answered: the file holds this resource (and never less than it held before).
          expect(urnsOnDisk(file)).toContain(thing.urn);
        }),
      );
      expect(urnsOnDisk(file)).toHaveLength(50);
      // 50 changes made at once: the first write, then one more that holds the other 49.
      expect(renames.length).toBeGreaterThanOrEqual(1);
      expect(renames.length).toBeLessThanOrEqual(2);
      await snapshot.remove(things[0]);
      expect(urnsOnDisk(file)).not.toContain(things[0].urn);
    } finally {
      spy.mockRestore();
    }
  });

  it("fails the steps whose write failed, and writes again for later changes", async () => {
    const file = path.join(dir, "missing", "state.json");
    const snapshot = new Snapshot({ project: "p", stack: "dev" }, [], file);
    fs.writeFileSync(path.join(dir, "missing"), "a file where the state's folder should be");
    await expect(snapshot.record(resource("a"))).rejects.toThrow(/EEXIST|ENOTDIR/);
    fs.rmSync(path.join(dir, "missing"));
    await snapshot.record(resource("b"));
    // The failed change is still in the snapshot: the next write holds it too.
    expect(urnsOnDisk(file)).toEqual([
      "urn:pulumi:dev::p::test:index:Thing::a",
      "urn:pulumi:dev::p::test:index:Thing::b",
    ]);
  });

  it("writes exactly the JSON of the state it holds, however its resources changed since the last write", async () => {
    const file = path.join(dir, "state.json");
    const [a, b, c] = ["a", "b", "c"].map(resource);
    const snapshot = new Snapshot({ project: "p", stack: "dev" }, [a, b], file);
    const onDisk = () => fs.readFileSync(file, "utf8");
    const fresh = () => `${JSON.stringify(snapshot.toStackState(), null, 2)}\n`;
    expect(snapshot.toText()).toBe(JSON.stringify(snapshot.toStackState(), null, 2));
    // Every kind of value a state holds, and strings whose characters JSON escapes.
    const d: ResourceState = {
      ...resource("d"),
      inputs: {
        text: 'line one\nline "two"\t\u2028',
        nested: { list: [1, { deep: [true, null] }], empty: {} },
      },
      outputs: {
        none: [],
        secret: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" },
      },
      parent: undefined,
    };
    await snapshot.record(d);
    expect(onDisk()).toBe(fresh());
    // Recorded again after a change in place: the new text, not the one the last write made.
    d.outputs = { changed: "yes" };
    await snapshot.record(d);
    expect(onDisk()).toBe(fresh());
    // The replaced state stays, marked for deletion.
    await snapshot.recordMarkingForDeletion(c, a);
    expect(onDisk()).toBe(fresh());
    expect(JSON.parse(onDisk()).resources.find((r: ResourceState) => r.urn === a.urn).delete).toBe(true);
    // Any in-place change announced by changed().
    b.pendingReplacement = true;
    await snapshot.changed();
    expect(onDisk()).toBe(fresh());
    expect(onDisk()).toContain('"pendingReplacement": true');
    await snapshot.remove(b);
    await snapshot.rebase([]);
    expect(onDisk()).toBe(fresh());
    expect(JSON.parse(onDisk()).resources).toEqual([JSON.parse(JSON.stringify(d)), c]);
  });

  it("writes nothing without a file (a preview)", async () => {
    const snapshot = new Snapshot({ project: "p", stack: "dev" }, [], undefined);
    await snapshot.record(resource("a"));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("finishes a gathered write the kernel took only part of", async () => {
    const file = path.join(dir, "state.json");
    const snapshot = new Snapshot({ project: "p", stack: "dev" }, [resource("a"), resource("b")], file);
    const probe = await fs.promises.open(path.join(dir, "probe"), "w");
    const fileHandle = Object.getPrototypeOf(probe) as fs.promises.FileHandle;
    await probe.close();
    const writev = fileHandle.writev;
    // Each gathered write takes its first piece only, as a kernel may.
    const spy = jest.spyOn(fileHandle, "writev").mockImplementation(function (
      this: fs.promises.FileHandle,
      buffers,
    ) {
      return writev.call(this, buffers.slice(0, 1)) as ReturnType<typeof writev>;
    });
    try {
      await snapshot.record(resource("c"));
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(file, "utf8")).toBe(`${JSON.stringify(snapshot.toStackState(), null, 2)}\n`);
  });
});
