import { StateDeleteError } from "../../offline-engine";
import type { ResourceState } from "../../offline-engine";
import { deleteFromState } from "../../offline-engine/state/stateDelete";
import { emptyStackState, type StackState } from "../../offline-engine/state/stateFile";

/** `state delete`'s rules (pkg/resource/edit/operations.go:41 DeleteResource at v3.248.0), on a state alone. */
const urn = (name: string) => `urn:pulumi:dev::proj::pkg:index:Thing::${name}`;

function thing(name: string, extra: Partial<ResourceState> = {}): ResourceState {
  return {
    urn: urn(name),
    type: "pkg:index:Thing",
    custom: true,
    id: `${name}-id`,
    inputs: {},
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    external: false,
    additionalSecretOutputs: [],
    ...extra,
  };
}

function state(...resources: ResourceState[]): StackState {
  return { ...emptyStackState("proj", "dev"), resources };
}

test("drops the resource and keeps every other one as it was", () => {
  const before = state(thing("a"), thing("b"));
  expect(deleteFromState(before, urn("a")).resources).toEqual([thing("b")]);
  expect(before.resources).toHaveLength(2);
});

test("refuses a protected resource unless forced", () => {
  const before = state(thing("a", { protect: true }));
  expect(() => deleteFromState(before, urn("a"))).toThrow(
    new StateDeleteError(
      `${urn("a")} can't be safely deleted because it is protected. Re-run this command with --force to force deletion`,
    ),
  );
  expect(deleteFromState(before, urn("a"), { force: true }).resources).toEqual([]);
});

test.each([
  ["a dependency", { dependencies: [urn("a")] }],
  ["a property dependency", { propertyDependencies: { x: [urn("a")] } }],
  ["a parent", { parent: urn("a") }],
  ["its provider", { provider: `${urn("a")}::a-id` }],
])("refuses a resource another depends on through %s, naming the dependent", (_how, link) => {
  const before = state(thing("a"), thing("b", link));
  expect(() => deleteFromState(before, urn("a"))).toThrow(
    `${urn("a")} can't be safely deleted because the following resources depend on it:\n * "b" (${urn("b")})`,
  );
});

test("a URN not in the state is an error", () => {
  expect(() => deleteFromState(state(), urn("nope"))).toThrow(`No such resource "${urn("nope")}"`);
});
