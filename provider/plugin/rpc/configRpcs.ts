import { fromStruct, pb, toStruct } from "../grpcStubs";
import { PROVIDER_SECRET_INPUTS } from "../packageSchema";
import { checkProviderConfig, configSource, diffProviderConfig, providerName } from "../providerConfig";
import type { ProviderInstance } from "../providerInstance";
import { invalidArgument } from "../rpcErrors";
import { decodeProperties, encodeProperties, type Props } from "../wireValues";

type CheckRequest = InstanceType<typeof pb.CheckRequest>;
type DiffRequest = InstanceType<typeof pb.DiffRequest>;
type ConfigureRequest = InstanceType<typeof pb.ConfigureRequest>;

/**
 * CheckConfig, DiffConfig and Configure: the provider resource's own lifecycle
 * (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0: CheckConfig :649, DiffConfig :760,
 * Configure :1022; pkg/resource/deploy/providers/registry.go: Check :621, Diff :732, Create :893, Update :984).
 */

export async function checkConfig(_provider: ProviderInstance, req: CheckRequest) {
  const news = decodeProperties(fromStruct(req.getNews()));
  const response = new pb.CheckResponse();
  // The inputs as given (provider.proto asks to keep their representation), the secret key marked secret.
  response.setInputs(
    toStruct(encodeProperties(news.values, [...news.secretNames, ...PROVIDER_SECRET_INPUTS])),
  );
  response.setFailuresList(
    checkProviderConfig(news.values, configSource(providerName(req))).map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return response;
}

/**
 * Never a replacement: a provider replacement replaces every resource it manages
 * (pkg/resource/deploy/step_generator.go at v3.248.0, providerChanged :2613 and diff :2721), yet each kkms
 * resource keeps its own region and id in its state and stays manageable. A changed endpoint or credential
 * updates the provider in place; so does a changed region, after which the Diff of each resource that follows
 * the provider's region (no `region` input) replaces it, and the others stay.
 */
export async function diffConfig(_provider: ProviderInstance, req: DiffRequest) {
  const olds = decodeProperties(fromStruct(req.getOldInputs()) ?? fromStruct(req.getOlds())).values;
  const news = decodeProperties(fromStruct(req.getNews())).values;
  const changes = diffProviderConfig(olds, news);
  const { Kind } = pb.PropertyDiff;
  const response = new pb.DiffResponse();
  const diffs = [...changes.changed, ...changes.added, ...changes.deleted];
  response.setChanges(
    diffs.length > 0 ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setDiffsList(diffs);
  const detailed = response.getDetaileddiffMap();
  const kinds: [string[], number][] = [
    [changes.changed, Kind.UPDATE],
    [changes.added, Kind.ADD],
    [changes.deleted, Kind.DELETE],
  ];
  for (const [names, kind] of kinds) {
    for (const name of names) {
      const change = new pb.PropertyDiff();
      change.setKind(kind as never);
      change.setInputdiff(true);
      detailed.set(name, change);
    }
  }
  response.setHasdetaileddiff(true);
  return response;
}

/**
 * The configuration comes from `args` (secrets wrapped, since a provider must handle them there); an engine
 * that sends only the deprecated `variables` (`kkms:config:region`) is read too.
 */
export async function configure(provider: ProviderInstance, req: ConfigureRequest) {
  const args = fromStruct(req.getArgs());
  const config = args ? decodeProperties(args).values : fromVariables(req.getVariablesMap());
  try {
    provider.configure(config, configSource(providerName(req)));
  } catch (err) {
    throw invalidArgument(err instanceof Error ? err.message : String(err));
  }
  const response = new pb.ConfigureResponse();
  response.setAcceptsecrets(true);
  response.setAcceptresources(true);
  response.setSupportspreview(true);
  response.setAcceptoutputs(false);
  response.setSupportsAutonamingConfiguration(false);
  return response;
}

function fromVariables(variables: { forEach(fn: (value: string, key: string) => void): void }): Props {
  const config: Props = {};
  variables.forEach((value, key) => {
    const name = key.replace(/^kkms:config:/, "").replace(/^kkms:/, "");
    config[name] = value;
  });
  return config;
}
