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
