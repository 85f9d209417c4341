import * as closure from "@pulumi/pulumi/runtime/closure/serializeClosure";
// The built package, as a program installs it.
import { Ciphertext, DataKey, Key } from "pulumi-kkms";
import { captureAll, killAllProviderHosts } from "./support/kkmsFixture";

/**
 * @pulumi/pulumi caches each provider's serialized text in a WeakMap keyed on the provider object
 * (sdk/nodejs/dynamic/index.ts at v3.248.0, `providerCache` and `serializeProvider`). A closure serialization is
 * the costliest step of registering a dynamic resource, so each resource kind must hand the SDK one and the same
 * provider object: then a program serializes once per kind, however many resources it declares.
 */
const PER_KIND = 20;

afterEach(() => jest.restoreAllMocks());
afterAll(killAllProviderHosts);

test(`${PER_KIND} Keys, DataKeys and Ciphertexts serialize their provider once per kind`, async () => {
  const serializeFunction = jest.spyOn(closure, "serializeFunction");
  // A preview through the offline engine: the program runs in this process, where the spy is.
  const resources = await captureAll(() => {
    for (let i = 0; i < PER_KIND; i++) {
      const key = new Key(`key-${i}`, { keyName: `key-${i}` });
      new DataKey(`data-key-${i}`, { keyId: key.keyId });
      new Ciphertext(`ciphertext-${i}`, { keyId: key.keyId, plaintext: "p" });
    }
  });

  expect(resources).toHaveLength(3 * PER_KIND);
  expect(serializeFunction).toHaveBeenCalledTimes(3);
  const textsByType = new Map<string, Set<string>>();
  for (const resource of resources) {
    const texts = textsByType.get(resource.type) ?? new Set<string>();
    texts.add(String(resource.wireInputs.__provider));
    textsByType.set(resource.type, texts);
  }
  expect([...textsByType.values()].map((texts) => texts.size)).toEqual([1, 1, 1]);
});
