import type { ActionName } from "./actionNames";
import type { ActionHandler } from "./handlers/context";
import { createKey } from "./handlers/createKey";
import { decrypt } from "./handlers/decrypt";
import { deleteKey } from "./handlers/deleteKey";
import { describeKeys } from "./handlers/describeKeys";
import { encrypt } from "./handlers/encrypt";
import { generateDataKey } from "./handlers/generateDataKey";
import { modifyKey } from "./handlers/modifyKey";
import { modifyKeyState } from "./handlers/modifyKeyState";

/** The explicit action map: the compiler checks that every action has exactly one handler. */
export const ACTIONS: { readonly [Action in ActionName]: ActionHandler } = {
  CreateKey: createKey,
  DeleteKey: deleteKey,
  ModifyKey: modifyKey,
  ModifyKeyState: modifyKeyState,
  DescribeKeys: describeKeys,
  Encrypt: encrypt,
  Decrypt: decrypt,
  GenerateDataKey: generateDataKey,
};

/**
 * Whether an action may write; the compiler makes each new action choose. A "read" handler runs outside any
 * transaction, so it must read the store through one call (each is one consistent read) and never write.
 */
export const ACTION_ACCESS: { readonly [Action in ActionName]: "read" | "write" } = {
  CreateKey: "write",
  DeleteKey: "write",
  ModifyKey: "write",
  ModifyKeyState: "write",
  DescribeKeys: "read",
  Encrypt: "read",
  Decrypt: "read",
  GenerateDataKey: "read",
};
