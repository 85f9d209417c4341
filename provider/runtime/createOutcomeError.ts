import { describeIdentity, type CreateIdentity } from "./findOwnKeys";

/**
 * A CreateKey whose outcome could not be settled: no key was taken. The message names every key that may be
 * this create's (or how to find them) and how to adopt the right one, so no key is left without a report.
 */
export class CreateOutcomeError extends Error {
  constructor(
    readonly candidateKeyIds: readonly string[],
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = "CreateOutcomeError";
  }

  /** Several keys carry this create's identity: all are its attempts' keys, and none can be preferred. */
  static ambiguous(identity: CreateIdentity, keyIds: readonly string[], cause: unknown): CreateOutcomeError {
    return new CreateOutcomeError(
      keyIds,
      `CreateKey's answer was lost, and ${keyIds.length} keys carry this create's ` +
        `${identity.by === "uniqueName" ? "name" : "creation mark"} (${identity.keyName}): ` +
        `${keyIds.join(", ")}. None was taken. Keep one: set adoptKeyId to its KeyId on this Key and run ` +
        `up again; then disable and delete the others.`,
      cause,
    );
  }

  /** Looking for the key a lost answer may have made failed too. */
  static unchecked(identity: CreateIdentity, cause: unknown, lookupError: unknown): CreateOutcomeError {
    return new CreateOutcomeError(
      [],
      `CreateKey for "${identity.keyName}" may have made a key (${messageOf(cause)}), and looking for it failed ` +
        `(${messageOf(lookupError)}). Find it with ${describeIdentity(identity)}: set adoptKeyId to its KeyId ` +
        `on this Key and run up again (or delete it); with none found, just run up again.`,
      cause,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
