import { REPLACING_KEY_INPUTS, UPDATABLE_KEY_INPUTS } from "./keyModel";
import { isUnknown } from "./unknowns";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  /** The in-place inputs that changed (a native provider's detailed diff); the dynamic host ignores it. */
  updates: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares the checked inputs with the last outputs — which a refresh updated — so drift is corrected by the
 * next `up`. Replacing inputs are listed in `replaces`: the engine cannot see a custom diff's reasons otherwise.
 * `region` absent means the configured region, which must be passed in as `defaultRegion`. `id` is the key the
 * resource manages: an `adoptKeyId` naming another key replaces it (adopt that one, delete this one); naming
 * this key, or left out, changes nothing.
 */
export function diffKey(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  defaultRegion: string,
): DiffResult {
  const effective: Record<string, unknown> = { ...news, region: news.region ?? defaultRegion };
  const differs = (name: string) => isUnknown(effective[name]) || effective[name] !== olds[name];
  const adoptsAnother = news.adoptKeyId !== undefined && news.adoptKeyId !== id;
  const replaces = [...REPLACING_KEY_INPUTS.filter(differs), ...(adoptsAnother ? ["adoptKeyId"] : [])];
  const updates = UPDATABLE_KEY_INPUTS.filter(differs);
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    updates: [...updates],
    deleteBeforeReplace: false,
  };
}
