import * as rpc from "@pulumi/pulumi/runtime/rpc";

import {
  annotateSecrets,
  containsSecrets,
  containsUnknowns,
  downgradeResourceReferences,
  makeSecret,
  markSecretOutputs,
  remarkSecrets,
  RESOURCE_SIG,
  SECRET_SIG,
  SIG_KEY,
  stripSecrets,
  toProviderProperties,
  UNKNOWN,
  type PropertyMap,
  type PropertyValue,
} from "../../offline-engine/providers/secrets";

const s = (value: PropertyValue): PropertyValue => ({ [SIG_KEY]: SECRET_SIG, value });
const ref = (urn: string, id?: string): PropertyValue => ({
  [SIG_KEY]: RESOURCE_SIG,
  urn,
  ...(id === undefined ? {} : { id }),
});

test("the wire constants are the installed SDK's", () => {
  expect([SIG_KEY, SECRET_SIG, RESOURCE_SIG, UNKNOWN]).toEqual([
    rpc.specialSigKey,
    rpc.specialSecretSig,
    rpc.specialResourceSig,
    rpc.unknownValue,
  ]);
});

test.each<[string, PropertyValue, PropertyValue]>([
  ["a top-level secret", { a: s("x"), b: 1 }, { a: "x", b: 1 }],
  ["a nested secret", { a: { b: s("x") } }, { a: { b: "x" } }],
  ["secrets in an array", { a: [s(1), 2] }, { a: [1, 2] }],
  ["a secret inside a secret", { a: s({ b: s("x") }) }, { a: { b: "x" } }],
  ["unknowns stay", { a: UNKNOWN }, { a: UNKNOWN }],
  ["null stays", { a: null }, { a: null }],
])("stripSecrets: %s", (_label, value, expected) => {
  expect(stripSecrets(value)).toEqual(expected);
});

test.each<[string, PropertyValue, PropertyValue]>([
  ["a custom resource becomes its id", { k: ref("urn:a", "id-a") }, { k: "id-a" }],
  ["a component resource becomes its urn", { k: ref("urn:c") }, { k: "urn:c" }],
  ["an unknown id is not an id", { k: ref("urn:a", "") }, { k: "urn:a" }],
  ["inside arrays", { k: [ref("urn:a", "id-a")] }, { k: ["id-a"] }],
])("downgradeResourceReferences: %s", (_label, value, expected) => {
  expect(downgradeResourceReferences(value)).toEqual(expected);
});

test("toProviderProperties strips secrets and downgrades resource references", () => {
  expect(toProviderProperties({ a: s(ref("urn:a", "id-a")), b: 1 })).toEqual({ a: "id-a", b: 1 });
});

test.each<[string, PropertyMap, PropertyMap, PropertyMap]>([
  ["a same-named secret input marks the output", { a: "x", b: "y" }, { a: s("x") }, { a: s("x"), b: "y" }],
  ["an output with no same-named input stays plain", { c: "x" }, { a: s("x") }, { c: "x" }],
  [
    "an input with a secret inside marks the whole output",
    { a: ["x", "y"] },
    { a: [s("x"), "y"] },
    { a: s(["x", "y"]) },
  ],
  [
    "two objects are compared key by key",
    { a: { b: 1, c: 2 } },
    { a: { b: s(1) } },
    { a: { b: s(1), c: 2 } },
  ],
  [
    "an object input with a secret marks a non-object output",
    { a: "flat" },
    { a: { b: s(1) } },
    { a: s("flat") },
  ],
  ["an already secret output is kept", { a: s("x") }, { a: s("x") }, { a: s("x") }],
  ["plain inputs change nothing", { a: "x" }, { a: "x" }, { a: "x" }],
])("annotateSecrets: %s", (_label, outs, ins, expected) => {
  expect(annotateSecrets(outs, ins)).toEqual(expected);
});

test("markSecretOutputs marks only named outputs that exist, once", () => {
  expect(markSecretOutputs({ a: 1, b: s(2), c: 3 }, ["a", "b", "missing"])).toEqual({
    a: s(1),
    b: s(2),
    c: 3,
  });
});

test("remarkSecrets applies the same-name rule, then additionalSecretOutputs", () => {
  const outs = { password: "p", token: "t", name: "n" };
  expect(remarkSecrets(outs, { password: s("p"), name: "n" }, ["token"])).toEqual({
    password: s("p"),
    token: s("t"),
    name: "n",
  });
});

test("makeSecret does not wrap twice", () => {
  expect(makeSecret(makeSecret("x"))).toEqual(s("x"));
});

test.each<[string, PropertyValue, boolean, boolean]>([
  ["plain", { a: 1 }, false, false],
  ["a secret in an array", { a: [s(1)] }, true, false],
  ["a nested unknown", { a: { b: UNKNOWN } }, false, true],
  ["a secret unknown", { a: s(UNKNOWN) }, true, true],
])("containsSecrets / containsUnknowns: %s", (_label, value, secrets, unknowns) => {
  expect([containsSecrets(value), containsUnknowns(value)]).toEqual([secrets, unknowns]);
});
