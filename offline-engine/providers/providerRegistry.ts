import { randomUUID } from "crypto";

import { fromProviderDiff, inputsEqual, NO_DIFF, type DiffResult } from "../deploy/diff";
import { providerPackage, urnType } from "../deploy/urn";
import {
  providerReference,
  providerReferenceId,
  providerReferenceUrn,
  type ResourceState,
} from "../state/resourceState";
import type { CheckResult, ProviderPlugin } from "./providerPlugin";
import { isPlainObject, UNKNOWN, type PropertyMap } from "./secrets";

/** The engine keeps its own notes on a provider under this input (registry.go:46 `internalKey`). */
const INTERNAL_KEY = "__internal";

/** registry.go:85 `UnconfiguredID`: a provider loaded for Check and Diff, not configured yet. */
const UNCONFIGURED_ID = "unconfigured";

/** registry.go:453 `FilterProviderConfig`: the inputs without the engine's `__internal` notes, as plugins see them. */
export function filterProviderConfig(inputs: PropertyMap): PropertyMap {
  const { [INTERNAL_KEY]: _internal, ...rest } = inputs;
  return rest;
}

/** Starts a plugin process for a package. */
export type PluginLoader = (pkg: string) => Promise<ProviderPlugin>;

/**
 * The provider registry (pkg/resource/deploy/providers/registry.go at v3.248.0): it is the "provider" of provider
 * resources (`pulumi:providers:<pkg>`), and holds the configured plugin behind each provider reference. Check loads a
 * plugin and keeps it unconfigured; Create, Update or Same configure it with the provider resource's inputs; Delete
 * closes it. Each provider resource gets a plugin process of its own.
 */
export class ProviderRegistry {
  private readonly plugins = new Map<string, ProviderPlugin>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly load: PluginLoader) {}

  /** The configured plugin behind `reference` (`<urn>::<id>`). */
  get(reference: string): ProviderPlugin | undefined {
    return this.plugins.get(reference);
  }

  /** Loads the plugin and checks the provider's config (registry.go:621 Check). */
  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const plugin = await this.load(packageOf(urn, news));
    const result = await plugin.checkConfig(urn, filterProviderConfig(olds), filterProviderConfig(news));
    if (result.failures.length > 0) {
      await plugin.close();
      return { inputs: news, failures: result.failures };
    }
    await this.replace(providerReference(urn, UNCONFIGURED_ID), plugin);
    const inputs: PropertyMap = { ...result.inputs };
    // The version stays what the program asked for; the engine's notes stay the engine's.
    if ("version" in news && !("version" in inputs)) inputs["version"] = news["version"];
    if (INTERNAL_KEY in news) inputs[INTERNAL_KEY] = news[INTERNAL_KEY];
    return { inputs, failures: [] };
  }

  /**
   * Diffs the provider's config with its new plugin (registry.go:732 Diff): a plugin without DiffConfig, or one that
   * cannot tell, changes when the new inputs differ from the old outputs.
   */
  async diff(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    newInputs: PropertyMap,
  ): Promise<DiffResult> {
    const plugin =
      this.plugins.get(providerReference(urn, UNCONFIGURED_ID)) ??
      this.plugins.get(providerReference(urn, id));
    if (!plugin) throw new Error(`the provider ${urn} was diffed before it was checked`);
    const filteredNews = filterProviderConfig(newInputs);
    const response = await plugin.diffConfig(urn, filterProviderConfig(oldInputs), oldOutputs, filteredNews);
    const diff = response ? fromProviderDiff(response) : NO_DIFF;
    if (response && diff.changes !== "unknown") return diff;
    return { ...diff, changes: inputsEqual(oldOutputs, filteredNews) ? "none" : "some" };
  }

  /** registry.go:893 Create: configures the checked plugin under a new id (unknown in a preview). */
  async create(
    urn: string,
    inputs: PropertyMap,
    preview: boolean,
  ): Promise<{ id: string; outputs: PropertyMap }> {
    const plugin = await this.takeUnconfigured(urn, inputs);
    const id = preview ? UNKNOWN : randomUUID();
    const filtered = filterProviderConfig(inputs);
    await plugin.configure(urn, id, filtered);
    await this.replace(providerReference(urn, id), plugin);
    return { id, outputs: filtered };
  }

  /** registry.go:984 Update: configures the checked plugin with the new inputs under the same id. */
  async update(urn: string, id: string, newInputs: PropertyMap): Promise<PropertyMap> {
    const plugin = await this.takeUnconfigured(urn, newInputs);
    const filtered = filterProviderConfig(newInputs);
    await plugin.configure(urn, id, filtered);
    await this.replace(providerReference(urn, id), plugin);
    return filtered;
  }

  /**
   * registry.go:788 Same: a provider that did not change is configured with its inputs from the state. From a same
   * step the plugin Check loaded is reused; otherwise (a refresh, a destroy, a delete) a fresh one is loaded.
   */
  async same(state: ResourceState, fromCheck: boolean): Promise<void> {
    if (!state.id || state.id === UNKNOWN) throw new Error(`provider '${state.urn}' has an unknown ID`);
    const reference = providerReference(state.urn, state.id);
    if (this.plugins.has(reference)) return;
    const pending = this.loading.get(reference);
    if (pending) return pending;
    const loading = this.configureFromState(state, reference, fromCheck);
    this.loading.set(reference, loading);
    try {
      await loading;
    } finally {
      this.loading.delete(reference);
    }
  }

  /** registry.go:1018 Delete: the provider resource is gone; its plugin is closed. */
  async delete(urn: string, id: string): Promise<void> {
    const reference = providerReference(urn, id);
    const plugin = this.plugins.get(reference);
    this.plugins.delete(reference);
    await plugin?.close();
  }

  /**
   * deployment.go:659 EnsureProvider: the provider a resource in the state names is loaded and configured from that
   * provider's own state (its inputs as they were stored), not from the config given now.
   */
  async ensure(reference: string | undefined, state: readonly ResourceState[]): Promise<void> {
    if (!reference || this.plugins.has(reference)) return;
    const urn = providerReferenceUrn(reference);
    const id = providerReferenceId(reference);
    const provider = state.find((resource) => resource.urn === urn && resource.id === id);
    if (!provider) throw new Error(`could not find provider ${reference}`);
    await this.same(provider, false);
  }

  async closeAll(): Promise<void> {
    const plugins = [...new Set(this.plugins.values())];
    this.plugins.clear();
    await Promise.all(plugins.map((plugin) => plugin.close()));
  }

  private async configureFromState(
    state: ResourceState,
    reference: string,
    fromCheck: boolean,
  ): Promise<void> {
    const unconfigured = providerReference(state.urn, UNCONFIGURED_ID);
    let plugin = fromCheck ? this.plugins.get(unconfigured) : undefined;
    if (plugin) this.plugins.delete(unconfigured);
    else plugin = await this.load(packageOf(state.urn, state.inputs));
    try {
      await plugin.configure(state.urn, state.id as string, filterProviderConfig(state.inputs));
    } catch (error) {
      await plugin.close();
      throw new Error(`configure provider '${state.urn}': ${(error as Error).message}`, { cause: error });
    }
    await this.replace(reference, plugin);
  }

  /** The plugin Check loaded; a replacement create may come after a same took it, and loads a fresh one. */
  private async takeUnconfigured(urn: string, inputs: PropertyMap): Promise<ProviderPlugin> {
    const unconfigured = providerReference(urn, UNCONFIGURED_ID);
    const plugin = this.plugins.get(unconfigured);
    if (plugin) {
      this.plugins.delete(unconfigured);
      return plugin;
    }
    return this.load(packageOf(urn, inputs));
  }

  /** Registers a plugin under a reference, closing one it replaces. */
  private async replace(reference: string, plugin: ProviderPlugin): Promise<void> {
    const previous = this.plugins.get(reference);
    this.plugins.set(reference, plugin);
    if (previous && previous !== plugin) await previous.close();
  }
}

/** The package a provider resource serves: its type's, or the name a parameterized provider keeps (registry.go). */
function packageOf(urn: string, inputs: PropertyMap): string {
  const internal = inputs[INTERNAL_KEY];
  const name = isPlainObject(internal) ? internal["name"] : undefined;
  return typeof name === "string" ? name : providerPackage(urnType(urn));
}
