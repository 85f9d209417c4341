import { randomBytes } from "crypto";

const MARK_PREFIX = "pulumi-kkms creation mark ";

/**
 * A one-time token a key with a given (not auto-generated) name is created with, as its description: a name may
 * be shared by other resources and stacks, a mark never is. When CreateKey's answer is lost, the key found with
 * this attempt's mark is this attempt's; create then sets the declared description (ModifyKey).
 */
export function newCreationMark(): string {
  return MARK_PREFIX + randomBytes(16).toString("hex");
}
