/** The eight actions of the KKMS OpenAPI (Version 2016-03-04), in the seed's order. */
export const ACTION_NAMES = [
  "CreateKey",
  "DeleteKey",
  "ModifyKey",
  "ModifyKeyState",
  "DescribeKeys",
  "Encrypt",
  "Decrypt",
  "GenerateDataKey",
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

export function isActionName(value: string): value is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(value);
}
