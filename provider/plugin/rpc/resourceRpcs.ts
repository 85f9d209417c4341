import { Empty, fromStruct, pb, toStruct } from "../grpcStubs";
import { secretInputs, secretOutputs } from "../packageSchema";
import type { ProviderInstance } from "../providerInstance";
import { previewCreateOutputs, previewUpdateOutputs, resourceKind, stableOutputs } from "../resourceKinds";
import { InitFailedError, invalidArgument } from "../rpcErrors";
import { partialFailureOf, RESOURCE_CORES, type ResourceKind } from "../runtimeAdapter";
import { decodeProperties, encodeProperties, type DecodedProperties, type Props } from "../wireValues";

type CheckRequest = InstanceType<typeof pb.CheckRequest>;
type DiffRequest = InstanceType<typeof pb.DiffRequest>;
type CreateRequest = InstanceType<typeof pb.CreateRequest>;
type ReadRequest = InstanceType<typeof pb.ReadRequest>;
type UpdateRequest = InstanceType<typeof pb.UpdateRequest>;
type DeleteRequest = InstanceType<typeof pb.DeleteRequest>;

/**
 * Check, Diff, Create, Read, Update, Delete for kkms:index:Key, DataKey and Ciphertext. The request and response
 * fields are those the engine fills and reads in sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0
 * (Check :1134, Diff :1248, Create :1364, Read :1487, Update :1633, Delete :1784). The rules and the API calls
 * are the runtime's: each kind's core (runtimeAdapter.ts), called with this provider's context.
 */

function decode(struct: Parameters<typeof fromStruct>[0]): DecodedProperties {
  return decodeProperties(fromStruct(struct));
}

function union(...names: Iterable<string>[]): Set<string> {
  return new Set(names.flatMap((n) => [...n]));
}

/** Secret outputs: those the schema marks, and those whose same-named input was secret. */
function outputSecrets(token: string, ...inputs: DecodedProperties[]): Set<string> {
  return union(secretOutputs(token), ...inputs.map((i) => i.secretNames));
}

export async function check(provider: ProviderInstance, req: CheckRequest) {
  const token = req.getType();
  const kind = resourceKind(token);
  const olds = decode(req.getOlds());
  const news = decode(req.getNews());
  // A name the program did not give starts with the resource's name, as Pulumi's auto-naming does.
  const autoNamePrefix = `${req.getName()}-`;
  const result = await RESOURCE_CORES[kind].check(provider.context, olds.values, news.values, autoNamePrefix);
  const response = new pb.CheckResponse();
  response.setInputs(toStruct(encodeProperties(result.inputs, union(news.secretNames, secretInputs(token)))));
  response.setFailuresList(
    result.failures.map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return response;
}

export async function diff(provider: ProviderInstance, req: DiffRequest) {
  const kind = resourceKind(req.getType());
  const olds = decode(req.getOlds()).values;
  const news = decode(req.getNews()).values;
  const result = await RESOURCE_CORES[kind].diff(provider.context, req.getId(), olds, news);
  const updates = result.updates;
  const response = new pb.DiffResponse();
  response.setChanges(
    result.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setReplacesList(result.replaces);
  response.setDeletebeforereplace(result.deleteBeforeReplace);
  response.setDiffsList([...new Set([...result.replaces, ...updates])]);
  const detailed = response.getDetaileddiffMap();
  for (const name of updates) detailed.set(name, propertyDiff(olds, news, name, false));
  for (const name of result.replaces) detailed.set(name, propertyDiff(olds, news, name, true));
  response.setHasdetaileddiff(true);
  if (result.replaces.length === 0) response.setStablesList(stableOutputs(kind));
  return response;
}

function propertyDiff(olds: Props, news: Props, name: string, replace: boolean) {
  const { Kind } = pb.PropertyDiff;
  const added = olds[name] === undefined;
  // An absent `region` input is the provider's region, not a deletion: the effective region changed.
  const deleted = !added && news[name] === undefined && name !== "region";
  const change = new pb.PropertyDiff();
  if (added) change.setKind(replace ? Kind.ADD_REPLACE : Kind.ADD);
  else if (deleted) change.setKind(replace ? Kind.DELETE_REPLACE : Kind.DELETE);
  else change.setKind(replace ? Kind.UPDATE_REPLACE : Kind.UPDATE);
  // Old outputs against new inputs: a drift found by refresh shows as the output it changed.
  change.setInputdiff(false);
  return change;
}

export async function create(provider: ProviderInstance, req: CreateRequest) {
  const token = req.getType();
  const kind = resourceKind(token);
  const inputs = decode(req.getProperties());
  const response = new pb.CreateResponse();
  if (req.getPreview()) {
    const outputs = previewCreateOutputs(token, inputs.values, provider.context.settings().region);
    response.setProperties(toStruct(encodeProperties(outputs, outputSecrets(token, inputs))));
    return response;
  }
  provider.assertNotCancelled("Create");
  const created = await RESOURCE_CORES[kind]
    .create(provider.context, inputs.values)
    .catch((err) => rethrowPartialFailure(err, token, inputs));
  response.setId(created.id);
  response.setProperties(toStruct(encodeProperties(created.outs, outputSecrets(token, inputs))));
  return response;
}

/**
 * A refresh (the state holds the outputs), a `.get` (the state is what the program gave, sent as inputs too:
 * step.go:1299-1309 at v3.248.0), or an import: the id alone, with neither state nor inputs (step.go:1863-1871;
 * the engine sends inputs only when it has them, provider_plugin.go:1515-1529). An import answers inputs too.
 */
export async function read(provider: ProviderInstance, req: ReadRequest) {
  const token = req.getType();
  const kind = resourceKind(token);
  const core = RESOURCE_CORES[kind];
  const state = decode(req.getProperties());
  const importing = !req.hasInputs() && Object.keys(state.values).length === 0;
  provider.assertNotCancelled("Read");
  const response = new pb.ReadResponse();
  if (importing) {
    if (!core.importById) throw notImportable(kind, req.getId());
    const imported = await core.importById(provider.context, req.getId());
    // No id and no properties: the import fails with "resource 'ID' does not exist" (step.go:1884-1890).
    if (!imported) return response;
    response.setId(imported.id);
    response.setProperties(toStruct(encodeProperties(imported.props, secretOutputs(token))));
    response.setInputs(toStruct(encodeProperties(imported.inputs, secretInputs(token))));
    return response;
  }
  const result = await core.read(provider.context, req.getId(), state.values);
  // No id and no properties: the engine drops the resource on refresh.
  if (!result.id) return response;
  response.setId(result.id);
  response.setProperties(toStruct(encodeProperties(result.props, outputSecrets(token, state))));
  return response;
}

/** A DataKey's or Ciphertext's value exists only in the state that made it: there is nothing to read back. */
function notImportable(kind: ResourceKind, id: string) {
  return invalidArgument(
    `kkms:index:${kind} ${JSON.stringify(id)} cannot be imported: its plaintext exists only in the state that ` +
      `created it. Import the master key (kkms:index:Key) and declare a new ${kind}, or read one made ` +
      `elsewhere with ${kind}.get and its keyId and ciphertextBlob.`,
  );
}

export async function update(provider: ProviderInstance, req: UpdateRequest) {
  const token = req.getType();
  const kind = resourceKind(token);
  const olds = decode(req.getOlds());
  const news = decode(req.getNews());
  const response = new pb.UpdateResponse();
  if (req.getPreview()) {
    const outputs = previewUpdateOutputs(token, olds.values, news.values, provider.context.settings().region);
    response.setProperties(toStruct(encodeProperties(outputs, outputSecrets(token, olds, news))));
    return response;
  }
  provider.assertNotCancelled("Update");
  const update = RESOURCE_CORES[kind].update;
  if (!update) throw invalidArgument(`kkms:index:${kind} has no in-place update: every change replaces it`);
  const updated = await update(provider.context, req.getId(), olds.values, news.values).catch((err) =>
    rethrowPartialFailure(err, token, news),
  );
  response.setProperties(toStruct(encodeProperties(updated.outs, outputSecrets(token, olds, news))));
  return response;
}

export async function deleteResource(provider: ProviderInstance, req: DeleteRequest) {
  const kind = resourceKind(req.getType());
  provider.assertNotCancelled("Delete");
  await RESOURCE_CORES[kind].delete(provider.context, req.getId(), decode(req.getProperties()).values);
  return new Empty();
}

/** The key exists though the call failed: the engine records it with these outputs, and the next `up` finishes. */
function rethrowPartialFailure(err: unknown, token: string, inputs: DecodedProperties): never {
  const partial = partialFailureOf(err);
  if (!partial) throw err;
  const properties = encodeProperties(partial.properties, outputSecrets(token, inputs));
  throw new InitFailedError({ id: partial.id, properties, reasons: partial.reasons }, err);
}
