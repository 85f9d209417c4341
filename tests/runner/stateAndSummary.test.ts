import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { engineUrn } from "../helpers/offlineRunner/engineUrn";
import {
  emptyStackState,
  readStateFile,
  StateFileError,
  writeStateFile,
} from "../helpers/offlineRunner/stateFile";
import { toStackOutputs } from "../helpers/offlineRunner/stackOutputs";
import { outputLines, resourcesLine, stepLine } from "../helpers/offlineRunner/summary";
import type { Step } from "../helpers/offlineRunner/types";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../helpers/secrets";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runner-state-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the state file is written whole, through a temporary file, and read back", () => {
  const file = path.join(dir, "nested", "state.json");
  expect(readStateFile(file, "p", "s")).toEqual(emptyStackState("p", "s"));
  const state = { ...emptyStackState("p", "s"), nextSeq: 4 };
  writeStateFile(file, state);
  expect(readStateFile(file, "p", "s")).toEqual(state);
  expect(fs.readdirSync(path.dirname(file))).toEqual(["state.json"]);
});

test.each([
  ["not JSON", "{", /not JSON/],
  ["another version", JSON.stringify({ ...emptyStackState("p", "s"), version: 9 }), /unknown version 9/],
  ["another stack", JSON.stringify(emptyStackState("p", "other")), /holds p\/other, not p\/s/],
  ["no resources", JSON.stringify({ version: 1, project: "p", stack: "s" }), /has no resources/],
])("a bad state file is refused: %s", (_label, text, message) => {
  const file = path.join(dir, "state.json");
  fs.writeFileSync(file, text);
  expect(() => readStateFile(file, "p", "s")).toThrow(StateFileError);
  expect(() => readStateFile(file, "p", "s")).toThrow(message);
});

test.each([
  ["top level", "", "t:m:T", "urn:pulumi:dev::proj::t:m:T::n"],
  [
    "child of the stack",
    "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
    "t:m:T",
    "urn:pulumi:dev::proj::t:m:T::n",
  ],
  ["child of a component", "urn:pulumi:dev::proj::c:m:C::c", "t:m:T", "urn:pulumi:dev::proj::c:m:C$t:m:T::n"],
  [
    "grandchild",
    "urn:pulumi:dev::proj::c:m:C$d:m:D::d",
    "t:m:T",
    "urn:pulumi:dev::proj::c:m:C$d:m:D$t:m:T::n",
  ],
])("engineUrn: %s", (_label, parent, type, urn) => {
  expect(engineUrn("dev", "proj", parent, type, "n")).toBe(urn);
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
    password: { [SIG_KEY]: SECRET_SIG, value: "p" },
    nested: { inner: { [SIG_KEY]: SECRET_SIG, value: 1 } },
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
});
