import * as fs from "fs";
import { ACTION_NAMES, type ActionName } from "../actions/actionNames";
import { ConfigurationError } from "../errors";
import { checkFields, matches, oneOf, optional, text, type FieldRule } from "../jsonRules";

/** One access key of an account. Several entries may share an accountId: they then see the same keys. */
export interface Account {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Actions this access key may call (`CreateKey` or `kkms:CreateKey`, `*` for all). @default all */
  allowedActions?: readonly string[];
}

/** Used when no accounts are configured. Obviously fake; printed by the CLI at start. */
export const DEVELOPMENT_ACCOUNT: Readonly<Account> = Object.freeze({
  accountId: "100000000001",
  accessKeyId: "AKLTKKMSLOCALDEV",
  secretAccessKey: "kkms-local-development-secret",
});

const ACCOUNT_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const ACCESS_KEY_ID = /^[A-Za-z0-9_.+=-]{1,128}$/;

/** Access keys by id, and the per-key action allow-list. */
export class AccountDirectory {
  private readonly byAccessKey: ReadonlyMap<string, Account>;

  constructor(readonly accounts: readonly Account[]) {
    this.byAccessKey = new Map(accounts.map((account) => [account.accessKeyId, account]));
  }

  find(accessKeyId: string): Account | undefined {
    return this.byAccessKey.get(accessKeyId);
  }

  /** The account seeded keys belong to when the seed names none. */
  get first(): Account {
    return this.accounts[0];
  }

  static isAllowed(account: Account, action: ActionName): boolean {
    const allowed = account.allowedActions;
    if (allowed === undefined) return true;
    return allowed.some((entry) => ["*", "kkms:*", action, `kkms:${action}`].includes(entry));
  }
}

export function loadAccountsFile(file: string): Account[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigurationError(`Cannot read the accounts file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigurationError(`The accounts file ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseAccounts(json, file);
}

/** `[{accountId, accessKeyId, secretAccessKey, allowedActions?}]`, at least one, access key ids unique. */
export function parseAccounts(json: unknown, source: string): Account[] {
  if (!Array.isArray(json) || json.length === 0) {
    throw new ConfigurationError(`${source}: accounts must be a non-empty JSON array.`);
  }
  const accounts = json.map((entry, index) => parseAccount(entry, `${source}[${index}]`));
  const seen = new Set<string>();
  for (const [index, account] of accounts.entries()) {
    if (seen.has(account.accessKeyId)) {
      throw new ConfigurationError(`${source}[${index}]: accessKeyId ${account.accessKeyId} appears twice.`);
    }
    seen.add(account.accessKeyId);
  }
  return accounts;
}

const ALLOWED_ACTION_NAMES: readonly string[] = [
  "*",
  "kkms:*",
  ...ACTION_NAMES,
  ...ACTION_NAMES.map((action) => `kkms:${action}`),
];

const ACCOUNT_FIELDS: readonly FieldRule[] = [
  ["accountId", matches(ACCOUNT_ID), "a string of 1-64 of A-Z a-z 0-9 _ . -"],
  ["accessKeyId", matches(ACCESS_KEY_ID), "a string of 1-128 of A-Z a-z 0-9 _ . + = -"],
  ["secretAccessKey", text(1, 1024), "a non-empty string"],
  [
    "allowedActions",
    optional((value) => Array.isArray(value) && value.every(oneOf(ALLOWED_ACTION_NAMES))),
    `an array of action names (${ACTION_NAMES.join(", ")}, optionally prefixed kkms:, or *)`,
  ],
];

function parseAccount(entry: unknown, where: string): Account {
  return checkFields(entry, where, ACCOUNT_FIELDS) as unknown as Account;
}
