import { scheduleDeletes } from "../helpers/offlineRunner/scheduleDeletes";
import type { ResourceState } from "../helpers/offlineRunner/stateFile";

function resource(urn: string, seq: number, parent = "", dependencies: string[] = []): ResourceState {
  return {
    urn,
    type: "t",
    name: urn,
    custom: true,
    parent,
    inputs: {},
    outputs: {},
    additionalSecretOutputs: [],
    dependencies,
    protect: false,
    retainOnDelete: false,
    external: false,
    seq,
  };
}

const names = (waves: ResourceState[][]) => waves.map((wave) => wave.map((r) => r.urn));

test("dependents and children go first; independent resources share a wave, newest first", () => {
  const stack = resource("stack", 1);
  const a = resource("a", 2, "stack");
  const b = resource("b", 3, "stack", ["a"]);
  const c = resource("c", 4, "stack");
  const child = resource("child", 5, "b");
  expect(names(scheduleDeletes([stack, a, b, c, child]))).toEqual([["child", "c"], ["b"], ["a"], ["stack"]]);
});

test("the old half of a replacement waits for what depends on its URN", () => {
  const oldA = resource("a", 1);
  const newA = resource("a", 3);
  const b = resource("b", 2, "", ["a"]);
  expect(names(scheduleDeletes([oldA, newA, b]))).toEqual([["b"], ["a", "a"]]);
});

test("dependencies outside the set do not hold anything back; a cycle is broken newest first", () => {
  expect(names(scheduleDeletes([resource("x", 1, "gone", ["also-gone"])]))).toEqual([["x"]]);
  const p = resource("p", 1, "", ["q"]);
  const q = resource("q", 2, "", ["p"]);
  expect(names(scheduleDeletes([p, q]))).toEqual([["q"], ["p"]]);
});
