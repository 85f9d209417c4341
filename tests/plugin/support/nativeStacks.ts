import { DEVELOPMENT_ACCOUNT, type RunningEmulator } from "../../../emulator";
import { ProgramRuns } from "../../helpers/programRuns";
import { withoutKsyunEnvironment } from "../../provider/support/kkmsFixture";
import { PLUGIN_BIN } from "./pluginProcess";

/** The stack config of the default `kkms` provider, for kkms-local's development account. */
export function nativeConfig(emulator: RunningEmulator, region = "cn-beijing-6"): Record<string, string> {
  return {
    "kkms:endpoint": emulator.url,
    "kkms:region": region,
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
  };
}

/**
 * Programs on pulumi-kkms/native through the offline engine: `kkms` resources go to the built plugin
 * (`pulumi-resource-kkms`, given to the engine as the package's plugin path), the default provider configured from
 * the `kkms:` stack config (`kkms:secretAccessKey` a secret, as `pulumi config set --secret` makes it).
 */
export function nativeStacks(config: Record<string, string>, project = "kkms-native"): ProgramRuns {
  return new ProgramRuns({
    project,
    config,
    secretKeys: ["kkms:secretAccessKey"],
    env: withoutKsyunEnvironment(),
    plugins: { kkms: PLUGIN_BIN },
  });
}
