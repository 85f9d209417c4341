import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The only provider code that is serialized into a stack's state (`__provider`). It holds no logic and
 * captures no values but the resource kind: each method loads the real implementation from the installed
 * `pulumi-kkms` package at run time, in the provider host, resolved from the program's directory. So an upgrade
 * of the package changes what refresh and destroy run, and this text never changes between versions.
 * Keep it tiny and keep it stable: changing it changes every user's state.
 */
export type RuntimeProviderName = "keyProvider" | "dataKeyProvider" | "ciphertextProvider";

const shims = new Map<RuntimeProviderName, dynamic.ResourceProvider>();

/**
 * One provider object per kind, built on first use: @pulumi/pulumi caches the serialized text per provider
 * object (a WeakMap in sdk/nodejs/dynamic/index.ts, `serializeProvider`), so handing every resource the same
 * object makes a program pay the closure serialization once per kind instead of once per resource.
 */
export function runtimeShim(kind: RuntimeProviderName): dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = buildShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}

// What is serialized: these methods capture `runtime` and `kind` only (the golden text pins it byte for byte).
function buildShim(kind: RuntimeProviderName): dynamic.ResourceProvider {
  const runtime = () => require("pulumi-kkms/provider/runtime");
  return {
    configure: (req) => runtime().configure(req),
    check: (olds, news) => runtime()[kind].check(olds, news),
    diff: (id, olds, news) => runtime()[kind].diff(id, olds, news),
    create: (inputs) => runtime()[kind].create(inputs),
    read: (id, props) => runtime()[kind].read(id, props),
    update: (id, olds, news) => runtime()[kind].update(id, olds, news),
    delete: (id, props) => runtime()[kind].delete(id, props),
  };
}
