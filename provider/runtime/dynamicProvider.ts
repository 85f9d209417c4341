import type * as dynamic from "@pulumi/pulumi/dynamic";
import { hostContext } from "./hostContext";
import { keepProviderText } from "./partialFailure";
import type { ResourceCore } from "./resourceCore";

type Props = Record<string, unknown>;

/**
 * The dynamic front end: a resource's methods as the dynamic-provider host calls them, through the serialized
 * shims. Each call gets the host's context; a partial failure keeps the state's `__provider`, which later
 * refreshes and destroys load (only this front end has one).
 */
export function dynamicProvider(core: ResourceCore): dynamic.ResourceProvider {
  const provider: dynamic.ResourceProvider = {
    check: (olds: Props, news: Props) => core.check(hostContext(), olds ?? {}, news ?? {}),
    diff: (id: string, olds: Props, news: Props) => core.diff(hostContext(), id, olds, news),
    create: (inputs: Props) =>
      core.create(hostContext(), inputs).catch((err) => keepProviderText(err, inputs.__provider)),
    read: (id: string, props: Props) => core.read(hostContext(), id, props),
    delete: (id: string, props: Props) => core.delete(hostContext(), id, props),
  };
  const update = core.update;
  if (update)
    provider.update = (id: string, olds: Props, news: Props) =>
      update(hostContext(), id, olds, news).catch((err) => keepProviderText(err, news.__provider));
  return provider;
}
