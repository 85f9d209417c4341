import * as path from "path";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "key-basic");
export const PROJECT = "kkms-key-basic";
export const STACK = "demo";

/** The stack config of the first deployment; kkms-local's development account (public, documented). */
export function initialConfig(endpoint: string): Record<string, string> {
  return {
    "kkms:endpoint": endpoint,
    "kkms:region": "cn-beijing-6",
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
    [`${PROJECT}:dbPassword`]: "demo-db-password",
  };
}

export const SECRET_KEYS = ["kkms:secretAccessKey", `${PROJECT}:dbPassword`];

/** The change the demo shows: a rename and a disable. */
export const CHANGED_CONFIG = {
  [`${PROJECT}:appKeyName`]: "app-data-v2",
  [`${PROJECT}:reportsKeyState`]: "Disabled",
};
