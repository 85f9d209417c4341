import * as pulumi from "@pulumi/pulumi";
import {
  decrypt,
  generateDataKey,
  getKey,
  getKeys,
  InvalidArgumentsError,
  KeyNotFoundError,
} from "../functions";
import { ciphertextProvider } from "../runtime/ciphertextProvider";
import { dataKeyProvider } from "../runtime/dataKeyProvider";
import { diffKey } from "../runtime/diffKey";
import { regionName } from "../runtime/inputRules";
import { keyProvider } from "../runtime/keyProvider";
import { REPLACING_KEY_INPUTS, UPDATABLE_KEY_INPUTS } from "../runtime/keyModel";
import { PartialFailureError } from "../runtime/partialFailure";
import { setStackConfig } from "../runtime/providerContext";
import {
  CONFIG_KEYS,
  resolveProviderSettings,
  type ConfigLookup,
  type ProviderSettings,
} from "../runtime/stackConfig";
import { isUnknown, UNKNOWN } from "../runtime/unknowns";

/**
 * The native plugin's one link to the runtime the dynamic provider runs (provider/runtime, provider/functions):
 * every rule and lifecycle step is called here, never copied. Where a runtime function is shaped for the dynamic
 * host — module-global config in providerContext.ts, the functions reading @pulumi/pulumi's process config — it is
 * wrapped here, and only here (see RuntimeConfigGate). Each wrap names the runtime change that would remove it.
 */

export { UNKNOWN, isUnknown, CONFIG_KEYS, regionName, REPLACING_KEY_INPUTS, UPDATABLE_KEY_INPUTS };
export type { ConfigLookup, ProviderSettings };

type Props = Record<string, unknown>;

export type ResourceKind = "Key" | "DataKey" | "Ciphertext";
export type FunctionName = "getKey" | "getKeys" | "generateDataKey" | "decrypt" | "encrypt";

export interface CheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}
export interface ReadResult {
  id: string;
  props: Props;
  inputs?: Props;
}

/** The runtime's provider object for each resource kind (the very objects the dynamic host loads). */
const RUNTIME_PROVIDERS = {
  Key: keyProvider,
  DataKey: dataKeyProvider,
  Ciphertext: ciphertextProvider,
};

/** Settings as the dynamic provider resolves them: this provider's config first, then the environment. */
export function resolveSettings(
  lookup: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  return resolveProviderSettings(lookup, env);
}

/**
 * providerContext.ts keeps one configuration per process (the dynamic host has one provider per process), and
 * the functions read @pulumi/pulumi's process-wide config. A plugin process may serve several providers, so
 * every runtime call runs through this gate: it installs the calling provider's config, and calls of another
 * provider wait until the calls in flight have finished. One provider's calls run concurrently.
 * Unnecessary once the runtime takes its settings as an argument (see the report of issue 14).
 */
export class RuntimeConfigGate {
  private owner: ConfigLookup | undefined;
  private active = 0;
  private waiting: { owner: ConfigLookup; start: () => void }[] = [];

  constructor(private readonly install: (lookup: ConfigLookup) => void) {}

  async run<T>(owner: ConfigLookup, call: () => Promise<T>): Promise<T> {
    await this.enter(owner);
    try {
      return await call();
    } finally {
      this.leave();
    }
  }

  private enter(owner: ConfigLookup): Promise<void> {
    if (this.waiting.length === 0 && (this.active === 0 || this.owner === owner)) {
      this.admit(owner);
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push({ owner, start: () => (this.admit(owner), resolve()) }),
    );
  }

  private admit(owner: ConfigLookup): void {
    if (this.owner !== owner) {
      this.install(owner);
      this.owner = owner;
    }
    this.active++;
  }

  private leave(): void {
    this.active--;
    if (this.active > 0 || this.waiting.length === 0) return;
    const next = this.waiting[0].owner;
    const admitted = this.waiting.filter((w) => w.owner === next);
    this.waiting = this.waiting.filter((w) => w.owner !== next);
    for (const w of admitted) w.start();
  }
}

const gate = new RuntimeConfigGate(installConfig);

/** Both process-wide places the runtime reads its config from. */
function installConfig(lookup: ConfigLookup): void {
  setStackConfig(lookup);
  const config: Record<string, string> = {};
  for (const key of Object.values(CONFIG_KEYS)) {
    const value = lookup(key);
    if (value !== undefined) config[key] = value;
  }
  pulumi.runtime.setAllConfig(config, [CONFIG_KEYS.secretAccessKey]);
}

/** The runtime's resource methods, run with one provider's configuration. */
export function resourceRuntime(lookup: ConfigLookup, kind: ResourceKind) {
  const provider = RUNTIME_PROVIDERS[kind] as {
    check(olds: Props, news: Props): Promise<CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
    create(inputs: Props): Promise<{ id: string; outs?: Props }>;
    read(id: string, props: Props): Promise<ReadResult>;
    update?(id: string, olds: Props, news: Props): Promise<{ outs?: Props }>;
    delete(id: string, props: Props): Promise<void>;
  };
  const run = <T>(call: () => Promise<T>) => gate.run(lookup, call);
  return {
    check: (olds: Props, news: Props) => run(() => provider.check(olds, news)),
    diff: (id: string, olds: Props, news: Props) => run(() => provider.diff(id, olds, news)),
    create: (inputs: Props) => run(() => provider.create(inputs)),
    read: (id: string, props: Props) => run(() => provider.read(id, props)),
    update: (id: string, olds: Props, news: Props) =>
      run(() => {
        if (!provider.update)
          throw new Error(`kkms:index:${kind} has no in-place update: every change replaces it`);
        return provider.update(id, olds, news);
      }),
    delete: (id: string, props: Props) => run(() => provider.delete(id, props)),
  };
}

/**
 * checkKey takes its auto-name prefix as an input (the dynamic Key class sets `autoNamePrefix`); a native
 * provider knows the resource name from the request. Wrap: pass the prefix the Key class would.
 * Runtime change that removes it: checkKey(olds, news, resourceName).
 */
export function keyNewsWithAutoName(news: Props, resourceName: string): Props {
  return news.keyName === undefined ? { ...news, autoNamePrefix: `${resourceName}-` } : news;
}

/** The checked-input name that only carries the auto-name prefix between checks; not a declared property. */
export const AUTO_NAME_INPUT = "autoNamePrefix";

/**
 * The in-place inputs that differ, for a detailed diff. diffKey answers only `changes` and `replaces`: each
 * updatable input is probed alone against the old outputs, so the answer is diffKey's own rule.
 * Runtime change that removes it: diffKey also returns the updatable names it found changed.
 */
export function changedKeyUpdates(olds: Props, news: Props): string[] {
  return UPDATABLE_KEY_INPUTS.filter(
    (name) =>
      diffKey(String(olds.keyId), olds, { ...olds, [name]: news[name] }, olds.region as string).changes,
  );
}

/** A failure after the key came to exist: its id and outputs, for the engine's ErrorResourceInitFailed. */
export function partialFailureOf(
  err: unknown,
): { id: string; properties: Props; reasons: string[] } | undefined {
  if (!(err instanceof PartialFailureError)) return undefined;
  const { __provider: _dynamicGlue, ...properties } = err.properties;
  return { id: err.id, properties, reasons: err.reasons };
}

/** Bad function arguments (named with their rule by the function) and a key not found, told apart from faults. */
export function isArgumentError(err: unknown): boolean {
  return err instanceof InvalidArgumentsError;
}
export function isNotFoundError(err: unknown): boolean {
  return err instanceof KeyNotFoundError;
}

/**
 * The functions, run with one provider's configuration. They validate their own arguments (InvalidArgumentsError
 * names each bad one and its rule). `encrypt` has no dynamic function: it is the Ciphertext resource's own check
 * and Encrypt call, without the state — so a new blob on every call.
 * Runtime change that removes the gate here: functions that take a client (or settings) instead of reading
 * @pulumi/pulumi's config, and an `encrypt` function in provider/functions.
 */
export function invokeFunction(lookup: ConfigLookup, name: FunctionName, args: Props): Promise<Props> {
  return gate.run(lookup, async () => {
    switch (name) {
      case "getKey":
        return { ...(await getKey(args as never)) };
      case "getKeys":
        return { ...(await getKeys(args as never)) };
      case "generateDataKey":
        return { ...(await generateDataKey(args as never)) };
      case "decrypt":
        return { ...(await decrypt(args as never)) };
      case "encrypt":
        return encrypt(args);
    }
  });
}

async function encrypt(args: Props): Promise<Props> {
  const { inputs = {}, failures = [] } = await ciphertextProvider.check({}, args);
  if (failures.length > 0)
    throw new InvalidArgumentsError(
      "encrypt",
      failures.map((f) => f.reason),
    );
  const { outs } = await ciphertextProvider.create(inputs);
  return { keyId: outs?.keyId, ciphertextBlob: outs?.ciphertextBlob };
}
