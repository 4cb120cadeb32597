import {
  type ConflictAction,
  type ConflictResolutions,
  type ImportItem,
  itemKey,
} from '../../../shared/contract/bundles.js';

/** What the user chose for one conflict; `name` is the new name when renaming. */
export interface ConflictChoice {
  action: ConflictAction;
  name: string;
}

/** The name a renamed item gets unless the user types another: `NAME_2`, as the CLI's rename does. */
export function defaultRenameName(name: string): string {
  return `${name}_2`;
}

export function conflictsOf(items: readonly ImportItem[]): ImportItem[] {
  return items.filter((item) => item.status === 'conflict');
}

/** Conflicts still without a usable choice: none yet, or a rename without a new name. */
export function unresolvedConflicts(
  items: readonly ImportItem[],
  choices: Readonly<Record<string, ConflictChoice>>,
): ImportItem[] {
  return conflictsOf(items).filter((item) => {
    const choice = choices[itemKey(item)];
    return !choice || (choice.action === 'rename' && !choice.name.trim());
  });
}

/** The import's resolutions, keyed `KIND:NAME`, for the conflicts among the items. */
export function buildResolutions(
  items: readonly ImportItem[],
  choices: Readonly<Record<string, ConflictChoice>>,
): ConflictResolutions {
  const resolutions: ConflictResolutions = {};
  for (const item of conflictsOf(items)) {
    const key = itemKey(item);
    const choice = choices[key];
    if (!choice) continue;
    resolutions[key] =
      choice.action === 'rename' ? { action: 'rename', name: choice.name.trim() } : { action: choice.action };
  }
  return resolutions;
}
