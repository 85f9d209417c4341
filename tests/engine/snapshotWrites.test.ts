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

  it("writes nothing without a file (a preview)", async () => {
    const snapshot = new Snapshot({ project: "p", stack: "dev" }, [], undefined);
    await snapshot.record(resource("a"));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
