import { RuntimeConfigGate, type ConfigLookup } from "../../provider/plugin/runtimeAdapter";

/**
 * The gate that lets several providers share the runtime's process-wide config: one provider's calls run
 * together; another provider's wait until they have finished, then run with their own config installed.
 */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test("a second provider's call waits for the first's calls in flight, and sees its own config", async () => {
  let installed: ConfigLookup | undefined;
  const gate = new RuntimeConfigGate((lookup) => (installed = lookup));
  const alice: ConfigLookup = () => "alice";
  const bob: ConfigLookup = () => "bob";
  const events: string[] = [];
  const aliceDone = deferred();

  const first = gate.run(alice, async () => {
    events.push(`alice starts with ${installed?.("k")}`);
    await aliceDone.promise;
    // Still Alice's config after an await, though Bob is waiting.
    events.push(`alice ends with ${installed?.("k")}`);
  });
  const second = gate.run(bob, async () => {
    events.push(`bob runs with ${installed?.("k")}`);
  });
  // Bob is waiting, so a new call of Alice queues behind him (no starvation).
  const third = gate.run(alice, async () => {
    events.push(`alice again with ${installed?.("k")}`);
  });
  await new Promise((r) => setTimeout(r, 20));
  expect(events).toEqual(["alice starts with alice"]);
  aliceDone.resolve();
  await Promise.all([first, second, third]);
  expect(events).toEqual([
    "alice starts with alice",
    "alice ends with alice",
    "bob runs with bob",
    "alice again with alice",
  ]);
});

test("one provider's calls run concurrently, and the config is installed once", async () => {
  const installs: ConfigLookup[] = [];
  const gate = new RuntimeConfigGate((lookup) => installs.push(lookup));
  const alice: ConfigLookup = () => "alice";
  let running = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 5 }, () =>
      gate.run(alice, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      }),
    ),
  );
  expect(most).toBe(5);
  expect(installs).toEqual([alice]);
});

test("a failing call releases the gate", async () => {
  const gate = new RuntimeConfigGate(() => undefined);
  await expect(
    gate.run(
      () => "a",
      async () => Promise.reject(new Error("boom")),
    ),
  ).rejects.toThrow("boom");
  await expect(
    gate.run(
      () => "b",
      async () => "ran",
    ),
  ).resolves.toBe("ran");
});
