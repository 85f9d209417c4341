import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { DependencyGraph, scheduleDeletes } from "../../offline-engine/deploy/dependencyGraph";
import {
  applyReplaceOnChanges,
  changedKeys,
  isReplace,
  NO_DIFF,
  processIgnoreChanges,
  replacingKeys,
  type DiffResult,
} from "../../offline-engine/deploy/diff";
import { collapseAlias } from "../../offline-engine/deploy/aliases";
import { defaultProviderName } from "../../offline-engine/deploy/deployment";
import { childUrn } from "../../offline-engine/deploy/urn";
import { outputLines, resourcesLine, stepLine } from "../../offline-engine/display/summary";
import type { Step } from "../../offline-engine/display/types";
import { SECRET_SIG, SIG_KEY, UNKNOWN, type PropertyMap } from "../../offline-engine/providers/secrets";
import { downgradeOutputValues, OUTPUT_SIG } from "../../offline-engine/rpc/wireProperties";
import { stackOutputJson, toStackOutputs } from "../../offline-engine/stack/stackOutputs";
import type { ResourceState } from "../../offline-engine/state/resourceState";
import {
  emptyStackState,
  readStateFile,
  StateFileError,
  writeStateFile,
} from "../../offline-engine/state/stateFile";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value }) as PropertyMap[string];

describe("diff (step_generator.go applyReplaceOnChanges, processIgnoreChanges; properties_diff.go)", () => {
  const some = (overrides: Partial<DiffResult>): DiffResult => ({
    ...NO_DIFF,
    changes: "some",
    ...overrides,
  });

  test.each<[string, DiffResult, string[], boolean, Partial<DiffResult>]>([
    ["no replaceOnChanges: as it was", some({ changedKeys: ["name"] }), [], false, { replaceKeys: [] }],
    [
      "a changed key under a path replaces",
      some({ changedKeys: ["name"] }),
      ["name"],
      false,
      { replaceKeys: ["name"] },
    ],
    ["another key does not", some({ changedKeys: ["name"] }), ["size"], false, { replaceKeys: [] }],
    [
      "* covers every changed key",
      some({ changedKeys: ["a", "b"] }),
      ["*"],
      false,
      { replaceKeys: ["a", "b"] },
    ],
    ["no changes: nothing to replace", NO_DIFF, ["*"], false, { changes: "none", replaceKeys: [] }],
    [
      "init errors with * force a replacement",
      NO_DIFF,
      ["*"],
      true,
      { changes: "some", replaceKeys: ["#initerror"] },
    ],
    ["init errors without a path do not", NO_DIFF, [], true, { changes: "none", replaceKeys: [] }],
  ])("applyReplaceOnChanges: %s", (_label, diff, replaceOnChanges, hasInitErrors, expected) => {
    expect(applyReplaceOnChanges(diff, replaceOnChanges, hasInitErrors)).toMatchObject(expected);
  });

  test("a detailed diff under a replaceOnChanges path becomes a replace kind, and isReplace sees it", () => {
    const diff = some({ detailedDiff: { "tags.a": { kind: "update", inputDiff: true } } });
    const applied = applyReplaceOnChanges(diff, ["tags"], false);
    expect(applied.detailedDiff?.["tags.a"].kind).toBe("update-replace");
    expect(isReplace(applied)).toBe(true);
    expect(replacingKeys(applied)).toEqual(["tags"]);
    expect(isReplace(diff)).toBe(false);
  });

  test.each<[string, PropertyMap, string[], PropertyMap]>([
    ["a top-level input keeps its old value", { name: "b", size: 9 }, ["size"], { name: "b", size: 1 }],
    ["an input the old state lacked is dropped", { name: "b", extra: 1 }, ["extra"], { name: "b" }],
    [
      "a nested path",
      { name: "b", tags: { a: "2", b: "3" } },
      ["tags.a"],
      { name: "b", tags: { a: "1", b: "3" } },
    ],
    ["an index", { name: "b", list: ["x", "y"] }, ["list[1]"], { name: "b", list: ["x", "q"] }],
  ])("processIgnoreChanges: %s", (_label, news, ignored, expected) => {
    const olds = { name: "a", size: 1, tags: { a: "1" }, list: ["p", "q"] };
    expect(processIgnoreChanges(news, olds, ignored)).toEqual(expected);
  });

  test("changedKeys compares deeply in any key order; secret and plain values differ; null is no value", () => {
    expect(changedKeys({ a: { x: 1, y: [1, 2] }, b: 1 }, { b: 1, a: { y: [1, 2], x: 1 } })).toEqual([]);
    expect(changedKeys({ a: [1, 2], b: 1 }, { a: [2, 1], c: 3 })).toEqual(["a", "b", "c"]);
    expect(changedKeys({ a: "x" }, { a: secret("x") })).toEqual(["a"]);
    expect(changedKeys({ a: null }, {})).toEqual([]);
  });
});

describe("scheduleDeletes (step_generator.go ScheduleDeletes)", () => {
  function resource(
    urn: string,
    parent?: string,
    dependencies: string[] = [],
    provider?: string,
  ): ResourceState {
    return {
      urn,
      type: "t:m:T",
      custom: true,
      ...(parent ? { parent } : {}),
      ...(provider ? { provider } : {}),
      inputs: {},
      outputs: {},
      dependencies,
      propertyDependencies: {},
      protect: false,
      retainOnDelete: false,
      external: false,
      additionalSecretOutputs: [],
    };
  }
  const names = (waves: ResourceState[][]) => waves.map((wave) => wave.map((r) => r.urn).sort());

  test("dependents, children and the users of a provider go first; waves are counted from what nothing depends on", () => {
    const stack = resource("stack");
    const provider = resource("prov", undefined);
    const a = resource("a", "stack", [], "prov::id");
    const b = resource("b", "stack", ["a"], "prov::id");
    const c = resource("c", "stack");
    const child = resource("child", "b");
    const all = [stack, provider, a, b, c, child];
    // The engine peels off what depends on nothing condemned first, then reverses: c shares a's wave.
    expect(names(scheduleDeletes(new DependencyGraph(all), all))).toEqual([
      ["child"],
      ["b"],
      ["a", "c"],
      ["prov", "stack"],
    ]);
  });

  test("a dependency outside the set holds nothing back", () => {
    const x = resource("x", undefined, ["gone"]);
    expect(names(scheduleDeletes(new DependencyGraph([x]), [x]))).toEqual([["x"]]);
  });

  test("dependingOn finds what depends on a resource, transitively, in state order", () => {
    const a = resource("a");
    const b = resource("b", undefined, ["a"]);
    const c = resource("c", undefined, ["b"]);
    const d = resource("d");
    const graph = new DependencyGraph([a, b, c, d]);
    expect(graph.dependingOn(a, new Set(), false).map((r) => r.urn)).toEqual(["b", "c"]);
    expect(graph.dependingOn(a, new Set(["b"]), false).map((r) => r.urn)).toEqual([]);
  });
});

describe("URNs, aliases and default providers", () => {
  test.each([
    ["top level", "", "urn:pulumi:dev::proj::t:m:T::n"],
    [
      "child of the stack",
      "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
      "urn:pulumi:dev::proj::t:m:T::n",
    ],
    ["child of a component", "urn:pulumi:dev::proj::c:m:C::c", "urn:pulumi:dev::proj::c:m:C$t:m:T::n"],
    ["grandchild", "urn:pulumi:dev::proj::c:m:C$d:m:D::d", "urn:pulumi:dev::proj::c:m:C$d:m:D$t:m:T::n"],
  ])("childUrn (deployment.go generateURN): %s", (_label, parent, urn) => {
    expect(childUrn("dev", "proj", parent, "t:m:T", "n")).toBe(urn);
  });

  test("collapseAlias: a spec fills in what it does not name from the resource", () => {
    const context = { stack: "dev", project: "proj", aliasOf: () => undefined };
    expect(collapseAlias(context, "new", "t:m:T", "", { name: "old" })).toBe(
      "urn:pulumi:dev::proj::t:m:T::old",
    );
    expect(collapseAlias(context, "n", "t:m:T", "urn:pulumi:dev::proj::c:m:C::c", { noParent: true })).toBe(
      "urn:pulumi:dev::proj::t:m:T::n",
    );
    expect(collapseAlias(context, "n", "t:m:T", "", { stack: "prod", type: "t:m:Old" })).toBe(
      "urn:pulumi:prod::proj::t:m:Old::n",
    );
  });

  test.each([
    ["", "default"],
    ["1.2.3", "default_1_2_3"],
    ["1.2.3-alpha.1", "default_1_2_3_alpha_1"],
  ])("defaultProviderName(%j) = %s (ProviderRequest.DefaultName)", (version, name) => {
    expect(defaultProviderName(version)).toBe(name);
  });
});

describe("wire properties", () => {
  test("Output values become their values (unknown without one, wrapped when secret), their dependencies kept", () => {
    const output = (value: unknown, more: object = {}) => ({
      [SIG_KEY]: OUTPUT_SIG,
      ...(value === undefined ? {} : { value }),
      ...more,
    });
    const { properties, dependencies } = downgradeOutputValues({
      plain: "x",
      known: output("v", { dependencies: ["urn:a"] }),
      unknown: output(undefined, { dependencies: ["urn:b"] }),
      hidden: output("s", { secret: true }),
      nested: { inner: output(1, { dependencies: ["urn:c"] }) },
    } as PropertyMap);
    expect(properties).toEqual({
      plain: "x",
      known: "v",
      unknown: UNKNOWN,
      hidden: secret("s"),
      nested: { inner: 1 },
    });
    expect(dependencies).toEqual({ known: ["urn:a"], unknown: ["urn:b"], nested: ["urn:c"] });
  });
});

describe("state file and summary", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-state-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the state file is written whole, through a synced temporary file, owner-only, and read back", () => {
    const file = path.join(dir, "nested", "state.json");
    expect(readStateFile(file, "p", "s")).toEqual(emptyStackState("p", "s"));
    writeStateFile(file, emptyStackState("p", "s"));
    expect(readStateFile(file, "p", "s")).toEqual(emptyStackState("p", "s"));
    expect(fs.readdirSync(path.dirname(file))).toEqual(["state.json"]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  test.each([
    ["not JSON", "{", /not JSON/],
    [
      "the old runner's",
      JSON.stringify({ version: 1, project: "p", stack: "s", resources: {} }),
      /old offline runner/,
    ],
    ["another version", JSON.stringify({ ...emptyStackState("p", "s"), version: 9 }), /unknown version 9/],
    ["another stack", JSON.stringify(emptyStackState("p", "other")), /holds p\/other, not p\/s/],
    ["no resources", JSON.stringify({ version: 2, project: "p", stack: "s" }), /has no resources list/],
  ])("a bad state file is refused: %s", (_label, text, message) => {
    const file = path.join(dir, "state.json");
    fs.writeFileSync(file, text);
    expect(() => readStateFile(file, "p", "s")).toThrow(StateFileError);
    expect(() => readStateFile(file, "p", "s")).toThrow(message);
  });

  const step = (op: Step["op"], name: string, changedProperties?: string[]): Step => ({
    op,
    name,
    urn: `urn:${name}`,
    type: "pulumi-nodejs:dynamic/kkms:Key",
    ...(changedProperties ? { changedProperties } : {}),
  });

  test("step lines and totals read like Pulumi's", () => {
    expect(stepLine(step("create", "payments"))).toBe("+ kkms:Key payments create");
    expect(stepLine(step("update", "payments", ["keyState"]))).toBe("~ kkms:Key payments update [keyState]");
    expect(stepLine(step("replace", "payments", ["region"]))).toBe("+- kkms:Key payments replace [region]");
    expect(stepLine(step("delete", "old"))).toBe("- kkms:Key old delete");
    expect(stepLine(step("import", "adopted"))).toBe("= kkms:Key adopted import");
    const steps = [
      step("create", "a"),
      step("create", "b"),
      step("update", "c"),
      step("same", "d"),
      step("delete", "e"),
    ];
    expect(resourcesLine(steps, false)).toBe("Resources: 2 created, 1 updated, 1 deleted, 1 unchanged");
    expect(resourcesLine(steps, true)).toBe("Resources: 2 to create, 1 to update, 1 to delete, 1 unchanged");
    expect(resourcesLine([], false)).toBe("Resources: none");
  });

  test("stack outputs: plain values, secrets flagged and printed as [secret], unknowns as [unknown]", () => {
    const outputs = toStackOutputs({
      id: "k-1",
      password: secret("p"),
      nested: { inner: secret(1) },
      later: UNKNOWN,
    });
    expect(outputs).toEqual({
      id: { value: "k-1", secret: false, known: true },
      password: { value: "p", secret: true, known: true },
      nested: { value: { inner: 1 }, secret: true, known: true },
      later: { value: undefined, secret: false, known: false },
    });
    expect(outputLines(outputs)).toEqual([
      "Outputs:",
      '    id: "k-1"',
      "    later: [unknown]",
      "    nested: [secret]",
      "    password: [secret]",
    ]);
    expect(stackOutputJson(outputs, false)).toEqual({
      id: "k-1",
      password: "[secret]",
      nested: "[secret]",
      later: undefined,
    });
    expect(stackOutputJson(outputs, true)).toMatchObject({ password: "p", nested: { inner: 1 } });
  });
});
